#!/usr/bin/env python3
"""Render a SAPA deployment template: replace each ``{{NAME}}`` with a value.

Values come from ``--env-file`` files (``NAME=value`` lines, ``#`` comments) and
``--set NAME=value`` options (the later wins). A placeholder without a value is an
error, and so is a value that no placeholder uses when ``--strict`` is given: a
half-rendered nginx or Odoo configuration must never reach a server.

    deploy/render.py deploy/odoo/odoo.conf.tmpl --env-file /etc/sapa/node1.env \
        --out /etc/odoo/sapa-node1.conf
    deploy/render.py deploy/nginx/sapa-site.conf.tmpl --set SERVER_NAME=sapa.example.go.id ...

Only the standard library: runs with Debian's python3 as well as the project's venv.
"""

import argparse
import os
import re
import sys
from pathlib import Path

PLACEHOLDER = re.compile(r"\{\{([A-Z][A-Z0-9_]*)\}\}")


def read_env_file(path):
    values = {}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", name.strip()):
            raise SystemExit(f"{path}:{number}: expected NAME=value")
        values[name.strip()] = value.strip()
    return values


def render(text, values):
    """The rendered text, or SystemExit naming every placeholder left without a value."""
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise SystemExit(f"no value for: {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("template")
    parser.add_argument("--env-file", action="append", default=[])
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--out", help="write here (atomically) instead of stdout")
    parser.add_argument("--mode", default="0644", help="file mode of --out (octal)")
    parser.add_argument("--strict", action="store_true",
                        help="also refuse values that the template does not use")
    args = parser.parse_args(argv)

    values = {}
    for path in args.env_file:
        values.update(read_env_file(path))
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            parser.error(f"--set {item!r}: expected NAME=VALUE")
        values[name] = value
    text = Path(args.template).read_text(encoding="utf-8")
    if args.strict:
        unused = sorted(set(values) - set(PLACEHOLDER.findall(text)))
        if unused:
            raise SystemExit(f"{args.template} does not use: {', '.join(unused)}")
    output = render(text, values)
    if not args.out:
        sys.stdout.write(output)
        return
    out = Path(args.out)
    tmp = out.with_name(f".{out.name}.tmp{os.getpid()}")
    tmp.write_text(output, encoding="utf-8")
    tmp.chmod(int(args.mode, 8))
    tmp.replace(out)


if __name__ == "__main__":
    main()
