"""16 people behind one address (a mobile carrier's shared address, a proxy)
send the complaint form at the same moment, to a real ``odoo-bin --workers=2``:
every submission is acknowledged, stored once, with its own reference; no
request fails, nothing waits on a counter row.

Not an HttpCase: its test cursor serialises requests and would hide the
contention. The server runs on a copy of the test database (CREATE DATABASE
... TEMPLATE), with its filestore, both dropped at the end.
"""

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

import psycopg2
import requests
from server_process import PYTHON, addons_path, free_port, kill_group, odoo_path, wait_for

import odoo
from odoo.tools import config

CLIENTS = 16
POSTS_PER_CLIENT = 3
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
REFERENCE_RE = re.compile(r'o_sapa_reference">([^<]+)<')


def connect(dbname):
    return psycopg2.connect(
        dbname=dbname,
        host=os.environ.get("PGHOST") or config["db_host"] or None,
        port=os.environ.get("PGPORT") or config["db_port"] or None,
        user=os.environ.get("PGUSER") or config["db_user"] or None,
    )


def copy_database(source, target):
    """CREATE DATABASE target TEMPLATE source, once this process let go of source."""
    odoo.sql_db.close_db(source)
    deadline = time.monotonic() + 30
    while True:
        conn = connect("postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cr:
                cr.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
            return
        except psycopg2.errors.ObjectInUse:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
        finally:
            conn.close()


def drop_database(name):
    conn = connect("postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


def form_values(dbname):
    """Valid answers from the database: a desa with its kecamatan, kabupaten,
    province (the demo areas), two violence types, an age group."""
    conn = connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                """SELECT v.id, d.id, r.id, r.state_id FROM sapa_area v
                     JOIN sapa_area d ON d.id = v.parent_id
                     JOIN sapa_area r ON r.id = d.parent_id
                    WHERE v.level = 'village' AND v.active AND d.active AND r.active
                    ORDER BY v.id LIMIT 1"""
            )
            row = cr.fetchone()
            if row:
                village, district, regency, state = (str(value) for value in row)
            else:  # no areas (no demo data): a province of Indonesia without any
                cr.execute(
                    """SELECT s.id FROM res_country_state s
                         JOIN res_country c ON c.id = s.country_id
                        WHERE c.code = 'ID' AND NOT EXISTS (
                              SELECT 1 FROM sapa_area a WHERE a.state_id = s.id AND a.active)
                        ORDER BY s.id LIMIT 1"""
                )
                state, village, district, regency = str(cr.fetchone()[0]), "", "", ""
            cr.execute("SELECT id FROM sapa_violence_type WHERE active ORDER BY id LIMIT 2")
            types = [str(row[0]) for row in cr.fetchall()]
            cr.execute("SELECT id FROM sapa_age_band WHERE active ORDER BY id LIMIT 1")
            band = cr.fetchone()[0]
    finally:
        conn.close()
    return {
        "reporter_relation": "neighbour",
        "reporter_name": "Pelapor Serentak",
        "reporter_phone": "0812-3456-7890",
        "description": "[CONCURRENT] Anak tetangga dipukul hampir setiap malam.",
        "state_id": state,
        "regency_id": regency,
        "district_id": district,
        "village_id": village,
        "violence_type_ids": types,
        "victim_age_band_id": str(band),
        "in_danger": "no",
        "consent_data": "1",
    }


def client(url, data, results, failures):
    session = requests.Session()
    session.headers["Accept-Language"] = "id-ID,id;q=0.9"
    try:
        token = CSRF_RE.search(session.get(f"{url}/sapa/pengaduan", timeout=60).text).group(1)
        for _i in range(POSTS_PER_CLIENT):
            response = session.post(
                f"{url}/sapa/pengaduan", data=dict(data, csrf_token=token),
                files={"attachment": ("", b"")}, allow_redirects=False, timeout=60,
            )
            if response.status_code != 303:
                failures.append(f"HTTP {response.status_code}")
                continue
            receipt = session.get(urljoin(url, response.headers["Location"]), timeout=60)
            found = REFERENCE_RE.search(receipt.text)
            if not found:
                failures.append("acknowledged without a reference on the receipt")
                continue
            results.append(found.group(1).strip())
    except Exception as error:
        failures.append(repr(error))


def test_sixteen_clients_behind_one_address_lose_nothing():
    source = config["db_name"]
    copy = f"{source}_concurrent"
    drop_database(copy)
    copy_database(source, copy)
    filestore = Path(config.filestore(source))
    if filestore.is_dir():
        shutil.copytree(filestore, config.filestore(copy), dirs_exist_ok=True)
    http_port, gevent_port = free_port(), free_port()
    url = f"http://127.0.0.1:{http_port}"
    folder = tempfile.mkdtemp(prefix="sapa_concurrent_")
    logfile = Path(folder) / "odoo.log"
    command = [
        PYTHON, str(odoo_path() / "odoo-bin"), f"--addons-path={addons_path()}",
        "-d", copy, f"--db-filter=^{copy}$", "--no-database-list",
        "--workers=2", "--max-cron-threads=0",
        "--http-interface=127.0.0.1", f"--http-port={http_port}",
        f"--gevent-port={gevent_port}", f"--logfile={logfile}", "--log-level=info",
    ]
    for option, variable in (("--db_host", "PGHOST"), ("--db_port", "PGPORT"),
                             ("--db_user", "PGUSER")):
        if os.environ.get(variable):
            command.append(f"{option}={os.environ[variable]}")
    server = subprocess.Popen(  # noqa: S603
        command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        assert wait_for(f"{url}/web/health", server, 90), "odoo-bin did not answer"
        data = form_values(copy)
        references, failures = [], []
        threads = [
            threading.Thread(target=client, args=(url, data, references, failures))
            for _i in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert server.poll() is None, "the server stopped"
    finally:
        kill_group(server)
    try:
        assert not failures, failures[:5]
        assert len(references) == CLIENTS * POSTS_PER_CLIENT
        assert len(set(references)) == len(references), "a reference was given twice"
        conn = connect(copy)
        try:
            with conn.cursor() as cr:
                cr.execute(
                    """SELECT name, portal_hold_reason FROM sapa_complaint
                        WHERE description LIKE '[CONCURRENT]%'"""
                )
                stored = dict(cr.fetchall())
        finally:
            conn.close()
        # Every acknowledged report is stored, once; nothing else was stored.
        assert sorted(stored) == sorted(references)
        # One address, far over the limit: held for review, never refused.
        assert list(stored.values()).count("flood") >= len(references) // 2
        log = logfile.read_text(encoding="utf-8", errors="replace")
        assert "could not serialize" not in log
        assert "Traceback" not in log, log[-4000:]
        assert " ERROR " not in log, log[-4000:]
    finally:
        drop_database(copy)
        shutil.rmtree(config.filestore(copy), ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
