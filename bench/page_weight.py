"""Page weight of a first visit (gzip), as sapa_portal's test_page_weight counts
it: the page and everything it references, fetched from a running server.

    .venv/bin/python bench/page_weight.py http://127.0.0.1:8069 /sapa/pengaduan /contactus

Prints, per page, the total and each resource (bytes gzip, raw bytes), and any
reference to another host (not fetched). Sends Accept-Language: id-ID, as an
Indonesian phone does. All traffic goes to the given server."""

import argparse
import importlib.util
import pathlib

import requests

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "page_weight", HERE.parent / "sapa_portal" / "tests" / "page_weight.py"
)
page_weight = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(page_weight)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("server", help="e.g. http://127.0.0.1:8069")
    parser.add_argument("paths", nargs="+", help="pages, e.g. /sapa/pengaduan")
    args = parser.parse_args()
    session = requests.Session()
    session.headers["Accept-Language"] = "id-ID,id;q=0.9"
    raw = {}

    def get(url):
        content = session.get(url, timeout=60).content
        raw[url] = len(content)
        return content

    for path in args.paths:
        url = args.server.rstrip("/") + path
        sizes, external = page_weight.weigh(get, url)
        total = sum(sizes.values())
        raw_total = sum(raw[u] for u in sizes)
        print(f"{path}: {total / 1024:.1f} KB gzip ({raw_total / 1024:.1f} KB raw),"
              f" {len(sizes)} requests")
        for resource, size in sorted(sizes.items(), key=lambda item: -item[1]):
            print(f"    {size / 1024:8.1f} KB gzip {raw[resource] / 1024:8.1f} KB raw  {resource}")
        for resource in external:
            print(f"    other host (not fetched): {resource}")


if __name__ == "__main__":
    main()
