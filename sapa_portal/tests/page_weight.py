"""What a first visit to a page transfers: the page and everything it
references (stylesheets, scripts, images, icons, and what the stylesheets
reference in turn: @import, url()), each gzip-compressed as a server would send
it, each counted once. Pure Python (no Odoo): also used by bench/page_weight.py.

    weigh(get, "http://127.0.0.1:8069/sapa/pengaduan")
    # get(url) -> bytes of the answer (a test client, requests...)
"""

import gzip
import re
from urllib.parse import urljoin, urlsplit

from lxml import html

# In a stylesheet: @import "x.css", @import url(x.css), url(font.woff2).
CSS_REFERENCE_RE = re.compile(
    r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)|url\(\s*['"]?([^'")]+?)['"]?\s*\)"""
)
HTML_REFERENCES = (
    "//link[@href][contains(concat(' ', normalize-space(@rel), ' '), ' stylesheet ')"
    " or contains(@rel, 'icon') or @rel='preload' or @rel='modulepreload']/@href",
    "//script/@src",
    "//img/@src",
    "//source/@src",
    "//*[@data-src]/@data-src",
)


def gzip_size(content):
    return len(gzip.compress(content, compresslevel=6))


def references(page_url, content, is_css=False):
    """The addresses ``content`` (HTML, or CSS) references, absolute, without
    ``data:`` ones (inside the page already)."""
    if is_css:
        found = [a or b for a, b in CSS_REFERENCE_RE.findall(content.decode("utf-8", "replace"))]
    else:
        doc = html.fromstring(content)
        found = [str(value) for xpath in HTML_REFERENCES for value in doc.xpath(xpath)]
    return [
        urljoin(page_url, url.strip())
        for url in found
        if url.strip() and not url.strip().startswith(("data:", "#"))
    ]


def weigh(get, page_url, page_content=None):
    """``{url: gzip size}`` for the page and every resource it references (the
    page first), and the list of references to other hosts (not fetched).
    ``page_content``: the page as already received (a page shown once, or the
    answer to a POST), else it is fetched."""
    host = urlsplit(page_url).netloc
    sizes, external = {}, []
    queue = [(page_url, False)]
    while queue:
        url, is_css = queue.pop(0)
        fetch_url = url.split("#")[0]
        if fetch_url in sizes:
            continue
        if urlsplit(fetch_url).netloc != host:
            external.append(fetch_url)
            continue
        is_page = fetch_url == page_url.split("#")[0]
        content = page_content if is_page and page_content is not None else get(fetch_url)
        sizes[fetch_url] = gzip_size(content)
        if is_page or is_css:
            for ref in references(fetch_url, content, is_css=is_css):
                queue.append((ref, urlsplit(ref).path.endswith(".css")))
    return sizes, external
