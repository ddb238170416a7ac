"""What every public SAPA page of this addon shares: the quick exit, the
visitor's address for the rate limit, bounded reading of posted text, and
rendering with SAPA's public-page headers."""

import hashlib
import logging
from pathlib import Path

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.parsing import is_readable_text  # pylint: disable=import-error
from odoo.addons.sapa_case.utils.public_http import (  # pylint: disable=import-error
    secure_public_response,
)
from odoo.http import request
from odoo.tools import config

_logger = logging.getLogger(__name__)

DEFAULT_QUICK_EXIT_URL = "https://www.google.com/search?q=cuaca+hari+ini"
_proxy_warning_logged = []
# The public pages' script, its address carrying its content's hash: Odoo serves
# static files with a week's cache, so a changed script gets a new address.
SCRIPT_PATH = "/sapa_portal/static/src/js/sapa_public.js"
_SCRIPT_FILE = Path(__file__).resolve().parents[2] / SCRIPT_PATH.lstrip("/")
SCRIPT_URL = f"{SCRIPT_PATH}?v={hashlib.sha256(_SCRIPT_FILE.read_bytes()).hexdigest()[:12]}"


def quick_exit_url():
    """Where "Quick exit" goes: ``sapa_portal.quick_exit_url`` if it is an http(s)
    address or a path of this site, else a neutral search page."""
    url = (
        request.env["ir.config_parameter"].sudo().get_param("sapa_portal.quick_exit_url") or ""
    ).strip()
    if url.startswith(("https://", "http://")) or (
        url.startswith("/") and not url.startswith("//")
    ):
        return url
    return DEFAULT_QUICK_EXIT_URL


def client_address():
    """The visitor's address, as the rate limit counts it.

    Behind a reverse proxy Odoo sees the proxy's address, unless it runs with
    ``--proxy-mode`` *and* the proxy sends ``X-Forwarded-Host`` and
    ``X-Forwarded-For``: then Odoo (werkzeug's ProxyFix, one proxy trusted) takes
    the last address of ``X-Forwarded-For``, the one the proxy saw. Without
    proxy mode every visitor shares the proxy's address: nothing is refused
    (submissions over the limit are held for review), but the Admins would
    review real reports; this is logged once per process."""
    headers = request.httprequest.headers
    if (
        not _proxy_warning_logged
        and not config["proxy_mode"]
        and headers.get("X-Forwarded-For")
    ):
        _proxy_warning_logged.append(True)
        _logger.warning(
            "SAPA: requests come through a reverse proxy (X-Forwarded-For) but Odoo "
            "runs without --proxy-mode: every visitor counts as the proxy's address "
            "for the rate limit of the public form."
        )
    return request.httprequest.remote_addr or ""


def posted_text(value, keep=64):
    """A posted one-line value as text, at most ``keep`` characters; "" for
    anything else (a file posted under that name, a value no browser sends)."""
    if not isinstance(value, str):
        return ""
    text = value.strip()[:keep]
    return text if is_readable_text(text) else ""


# How each language names itself in the footer's language links.
LANGUAGE_NAMES = {"id_ID": "Bahasa Indonesia", "en_US": "English"}


def language_links():
    """The page in each language of the website: ``[{lang, name, url, current}]``,
    the default language first. Each URL names its language (/id/…, /en/…): the
    website then remembers the choice (cookie) and drops the default's prefix."""
    website = request.website
    current = request.lang
    path = request.httprequest.path
    langs = website.language_ids.sorted(lambda lang: lang != website.default_lang_id)
    return [
        {
            "lang": lang.iso_code.replace("_", "-"),
            "name": LANGUAGE_NAMES.get(lang.code, lang.name),
            "url": request.env["ir.http"]._url_for(path, lang.code),
            "current": lang.code == current.code,
        }
        for lang in langs
    ]


def render_public(template, values=None, status=200, index=False):
    """Render a public SAPA page (with the quick exit's address and the language
    links of its layout) and set SAPA's public-page headers; ``index``: a page
    search engines may list."""
    values = dict(
        values or {},
        quick_exit_url=quick_exit_url(),
        sapa_languages=language_links(),
        sapa_index=index,
        sapa_script_url=SCRIPT_URL,
    )
    return secure_public_response(request.render(template, values, status=status), index=index)
