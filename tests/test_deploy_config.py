"""The production recipe in deploy/ renders into configurations the servers accept.

Seconds, no server started: deploy/render.py fills each template with the example
values (deploy/sapa.env.example); Odoo's option list, PostgreSQL's own list of
settings (`postgres --describe-config`) and `nginx -t` judge the results. The
failover drill itself (make cluster-drill) is not part of the test suite.
"""

import configparser
import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import odoo
from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
EXAMPLE = DEPLOY / "sapa.env.example"


def render(template, out, *values):
    command = [sys.executable, str(DEPLOY / "render.py"), str(DEPLOY / template),
               "--env-file", str(EXAMPLE), "--out", str(out)]
    for value in values:
        command += ["--set", value]
    subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return Path(out).read_text(encoding="utf-8")


def test_render_refuses_a_template_with_a_missing_value(tmp_path):
    template = tmp_path / "x.tmpl"
    template.write_text("listen {{PORT}};\nroot {{NOT_GIVEN}};\n", encoding="utf-8")
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(DEPLOY / "render.py"), str(template), "--set", "PORT=80"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "NOT_GIVEN" in result.stderr
    assert not result.stdout


def test_every_template_renders_with_the_example_values(tmp_path):
    templates = sorted(DEPLOY.glob("*/*.tmpl"))
    assert len(templates) >= 10, templates
    cluster_only = {"cluster-nginx.conf.tmpl"}  # rendered by deploy/cluster.sh
    for template in templates:
        if template.name in cluster_only:
            continue
        text = render(template.relative_to(DEPLOY), tmp_path / template.stem)
        assert "{{" not in text, template


def test_odoo_conf_uses_only_odoo_options_and_runs_behind_the_proxy(tmp_path):
    render("odoo/odoo.conf.tmpl", tmp_path / "odoo.conf")
    parser = configparser.ConfigParser()
    parser.read(tmp_path / "odoo.conf")
    options = dict(parser["options"])
    unknown = sorted(set(options) - set(config.options))
    assert not unknown, f"not Odoo 18 options: {unknown}"
    assert options["proxy_mode"] == "True"
    assert options["list_db"] == "False"
    assert int(options["workers"]) > 0
    assert options["db_replica_host"] and options["db_replica_port"]
    assert options["data_dir"] == "/srv/sapa-data"
    # wkhtmltopdf inherits limit_memory_hard (virtual memory): under ~2 GiB the PDF
    # letters crash (measured: 1 GiB makes it die with -11).
    assert int(options["limit_memory_hard"]) >= 2 * 1024**3
    assert int(options["limit_time_real"]) > int(options["limit_time_cpu"])


def test_postgresql_settings_are_known_to_the_server(tmp_path):
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if not binaries:
        pytest.skip("PostgreSQL server binaries not installed")
    command = [binaries[-1], "--describe-config"]
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root, even to describe itself
        command = ["runuser", "-u", "postgres", "--", *command]
    known = {line.split("\t", 1)[0] for line in subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True).stdout.splitlines()}
    assert "hot_standby_feedback" in known
    for template in ("postgresql/primary.conf.tmpl", "postgresql/replica.conf.tmpl"):
        text = render(template, tmp_path / "pg.conf")
        names = re.findall(r"^([a-z_.]+)\s*=", text, re.MULTILINE)
        assert "listen_addresses" in names and "shared_preload_libraries" in names
        # Dotted names belong to a library (pg_stat_statements.*): not in the core list.
        unknown = sorted(name for name in names if "." not in name and name not in known)
        assert not unknown, f"{template}: unknown PostgreSQL settings {unknown}"


def test_pg_hba_never_trusts_the_network(tmp_path):
    text = render("postgresql/pg_hba.conf.tmpl", tmp_path / "pg_hba.conf")
    rules = [line.split() for line in text.splitlines() if line and not line.startswith("#")]
    for rule in rules:
        if rule[0] == "host":
            assert rule[-1] == "scram-sha-256", rule
    assert any(rule[1] == "replication" for rule in rules)


@pytest.fixture
def nginx():
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.skip("nginx is not installed (make cluster installs Debian's nginx)")
    return binary


def nginx_test(nginx, main_conf, prefix):
    result = subprocess.run(  # noqa: S603
        [nginx, "-t", "-q", "-p", str(prefix), "-c", str(main_conf)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


def test_nginx_accepts_the_production_site(tmp_path, nginx):
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",  # noqa: S607
         "-nodes", "-days", "1", "-subj", "/CN=sapa.test",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )
    paths = [f"NGINX_SNIPPETS_DIR={tmp_path}", f"NGINX_LOG_DIR={tmp_path}",
             f"TLS_CERTIFICATE={certificate}", f"TLS_CERTIFICATE_KEY={key}",
             f"STATIC_ROOT={tmp_path}"]
    render("nginx/sapa-upstreams.conf.tmpl", tmp_path / "sapa-upstreams.conf", *paths)
    locations = render("nginx/sapa-locations.conf.tmpl", tmp_path / "sapa-locations.conf",
                       *paths)
    render("nginx/sapa-site.conf.tmpl", tmp_path / "sapa-site.conf", *paths)
    main = tmp_path / "nginx.conf"
    main.write_text(f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp_path};
    proxy_temp_path {tmp_path};
    include {tmp_path}/sapa-upstreams.conf;
    include {tmp_path}/sapa-site.conf;
}}
""", encoding="utf-8")
    nginx_test(nginx, main, tmp_path)
    # What the recipe promises, in the file nginx accepted.
    for needle in ("proxy_set_header X-Forwarded-For $remote_addr;",
                   "proxy_set_header X-Forwarded-Host $http_host;",
                   "proxy_set_header X-Forwarded-Proto $scheme;",
                   "proxy_set_header X-Real-IP $remote_addr;",
                   "client_max_body_size 55m;",
                   "proxy_pass http://sapa_odoo_ws;",
                   "error_page 502 503 504 =503 /sapa-unavailable.html;"):
        assert needle in locations, needle
    # A POST that reached a node is never sent to a second one (no duplicate complaint).
    retry = re.findall(r"^\s*proxy_next_upstream\s+([^;]+);", locations, re.MULTILINE)
    assert retry and all("non_idempotent" not in value for value in retry), retry


def test_nginx_accepts_the_loopback_cluster(tmp_path, nginx):
    prefix = tmp_path / "nginx"
    for folder in ("logs", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / folder).mkdir(parents=True)
    servers = "server 127.0.0.1:8310; server 127.0.0.1:8320;"
    render("nginx/sapa-upstreams.conf.tmpl", tmp_path / "sapa-upstreams.conf",
           f"ODOO_HTTP_SERVERS={servers}", f"ODOO_GEVENT_SERVERS={servers}")
    render("nginx/sapa-locations.conf.tmpl", tmp_path / "sapa-locations.conf",
           f"STATIC_ROOT={tmp_path}")
    render("nginx/cluster-nginx.conf.tmpl", tmp_path / "nginx.conf",
           "NGINX_USER_LINE=", f"NGINX_PREFIX={prefix}", f"ETC_DIR={tmp_path}",
           "LISTEN_PORT=8399")
    text = (tmp_path / "nginx.conf").read_text(encoding="utf-8")
    assert re.findall(r"^\s*listen\s+(\S+);", text, re.MULTILINE) == ["127.0.0.1:8399"]
    nginx_test(nginx, tmp_path / "nginx.conf", prefix)


def test_static_pages_request_nothing_from_another_host(tmp_path):
    pages = sorted(DEPLOY.glob("maintenance/*.html.tmpl"))
    assert {page.name for page in pages} >= {
        "sapa-maintenance.html.tmpl", "sapa-too-large.html.tmpl",
        "sapa-receipt-pending.html.tmpl"}
    for page in pages:
        html = render(page.relative_to(DEPLOY), tmp_path / page.stem)
        # Nothing the browser loads by itself: no script, image, stylesheet, font,
        # frame or form pointing anywhere; links only when the visitor taps them.
        for pattern in (r"<script", r"<img", r"<link", r"<iframe", r"<form", r"url\(",
                        r"@import", r"\ssrc="):
            assert not re.search(pattern, html, re.IGNORECASE), (page.name, pattern)
        for href in re.findall(r'href="([^"]+)"', html):
            assert href.startswith(("/", "tel:", "https://wa.me/", "https://www.google.com/")), (
                page.name, href)
        # The emergency numbers and Indonesian words of SAPA's pages.
        for needle in ('href="tel:129"', "08111-129-129", 'href="tel:112"', 'href="tel:110"',
                       'lang="id"', "Keluar cepat", "Jika ada yang dalam bahaya sekarang"):
            assert needle in html, (page.name, needle)
    unavailable = (tmp_path / "sapa-maintenance.html").read_text(encoding="utf-8")
    assert "Laporan Anda belum terkirim" in unavailable
    assert "coba kirim lagi dalam beberapa saat" in unavailable


@pytest.mark.parametrize("script", [
    "deploy/failover_drill.py", "bench/bench_kanban.py", "bench/bench_reporting.py",
    "bench/bench_portal_form.py",
])
def test_drill_and_benches_start(script):
    """The drill and the benches share code (bench/benchlib.py, the kanban's
    reads in sapa_case/tests/kanban_reads.py): each still imports what it uses
    and parses its options, though none runs in the suite."""
    odoo_root = str(Path(odoo.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [odoo_root, os.environ.get("PYTHONPATH")])))
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(REPO / script), "--help"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage:" in result.stdout
