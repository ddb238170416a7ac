#!/usr/bin/env python3
"""Throughput, latency and SQL queries of the public SAPA complaint form.

Starts ``odoo-bin --workers=2`` on a free port of 127.0.0.1 (8170-8179) against an
*existing* database where sapa_portal is installed, then has ``--clients``
concurrent clients submit the form ``--requests`` times in total (each client has
its own session and CSRF token, fetched from the form page), within a hard time
bound. Reports submissions per second, latency percentiles of the POST, and the
SQL queries per submission as counted by Odoo itself (the query count that Odoo
appends to each request line of its log).

Every client comes from 127.0.0.1, so beyond the rate limit's first
submissions every report is held for review: stored all the same, with the
same work and the same answer, which is what this measures. ``--rate-limit
off`` turns the limit off for the run (``sapa_portal.rate_limit`` = 0, restored
afterwards), as the bench did before submissions were held instead of refused.
The complaints created stay in the database (their story starts with
"[BENCH]"): use a throwaway database. At the end the bench checks that every
acknowledged submission is in the database once. All traffic goes to
127.0.0.1.

    bench/bench_portal_form.py --db sapa_bench
    bench/bench_portal_form.py --db sapa_bench --requests 400 --clients 4 --time-limit 180
    bench/bench_portal_form.py --db sapa_bench --clients 16 --requests 480
"""

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import benchlib  # bench/, the script's folder
import psycopg2
import requests

REPO = Path(__file__).resolve().parent.parent
PORTS = range(8170, 8180)
HOST = benchlib.HOST
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
POST_LINE_RE = re.compile(
    r'"POST /sapa/pengaduan HTTP/1\.[01]" (\d{3}) - (\d+) ([\d.]+) ([\d.]+)'
)
RATE_LIMIT_KEY = "sapa_portal.rate_limit"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="existing database with sapa_portal")
    parser.add_argument("--requests", type=int, default=400, help="measured submissions")
    parser.add_argument("--warmup", type=int, default=20, help="submissions before measuring")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=180.0,
                        help="hard bound of the measured phase, in seconds")
    parser.add_argument("--odoo-path", default=os.environ.get("ODOO_PATH", "/opt/odoo18"))
    parser.add_argument("--python", default=sys.executable, help="Python that runs odoo-bin")
    parser.add_argument("--db-host", default=os.environ.get("PGHOST", "/var/lib/sapa/pgdata"))
    parser.add_argument("--db-port", default=os.environ.get("PGPORT", "5439"))
    parser.add_argument("--db-user", default=os.environ.get("PGUSER", "sapa"))
    parser.add_argument("--rate-limit", choices=("on", "off"), default="on",
                        help="off: turn sapa_portal.rate_limit off for the run")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not 1 <= args.clients <= 16 or not 1 <= args.requests <= 5000:
        parser.error("keep it bounded: 1-16 clients, 1-5000 requests")
    return args


class Database:
    def __init__(self, args):
        self.conn = psycopg2.connect(
            host=args.db_host, port=args.db_port, user=args.db_user, dbname=args.db
        )
        self.conn.autocommit = True

    def query(self, sql, params=()):
        with self.conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else None

    def last_complaint_id(self):
        return self.query("SELECT COALESCE(max(id), 0) FROM sapa_complaint")[0][0]

    def complaints_since(self, last_id):
        """(rows, distinct references, held) of the complaints created after
        ``last_id``."""
        stored, references = self.query(
            "SELECT count(*), count(DISTINCT name) FROM sapa_complaint WHERE id > %s", (last_id,)
        )[0]
        held = 0
        if self.query(
            """SELECT 1 FROM information_schema.columns
                WHERE table_name = 'sapa_complaint' AND column_name = 'portal_hold_reason'"""
        ):
            held = self.query(
                """SELECT count(*) FROM sapa_complaint
                    WHERE id > %s AND portal_hold_reason IS NOT NULL""",
                (last_id,),
            )[0][0]
        return stored, references, held

    def check_installed(self):
        rows = self.query("SELECT state FROM ir_module_module WHERE name = 'sapa_portal'")
        if not rows or rows[0][0] != "installed":
            sys.exit("sapa_portal is not installed in this database")

    def get_param(self, key):
        rows = self.query("SELECT value FROM ir_config_parameter WHERE key = %s", (key,))
        return rows[0][0] if rows else None

    def set_param(self, key, value):
        if value is None:
            self.query("DELETE FROM ir_config_parameter WHERE key = %s", (key,))
            return
        self.query(
            """INSERT INTO ir_config_parameter (key, value, create_date, write_date)
               VALUES (%s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
               ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value""",
            (key, value),
        )

    def form_values(self):
        """Valid answers: a village with its kecamatan, kabupaten and province
        when areas exist, else a province without areas."""
        rows = self.query(
            """SELECT v.id, d.id, r.id, r.state_id
                 FROM sapa_area v
                 JOIN sapa_area d ON d.id = v.parent_id AND d.level = 'district' AND d.active
                 JOIN sapa_area r ON r.id = d.parent_id AND r.level = 'regency' AND r.active
                WHERE v.level = 'village' AND v.active
                ORDER BY v.id LIMIT 1"""
        )
        if rows:
            village, district, regency, state = rows[0]
        else:
            state = self.query(
                """SELECT s.id FROM res_country_state s JOIN res_country c ON c.id = s.country_id
                    WHERE c.code = 'ID' AND NOT EXISTS (
                        SELECT 1 FROM sapa_area a WHERE a.state_id = s.id AND a.active)
                    ORDER BY s.id LIMIT 1"""
            )[0][0]
            village = district = regency = ""
        violence = self.query("SELECT id FROM sapa_violence_type WHERE active ORDER BY id LIMIT 2")
        band = self.query("SELECT id FROM sapa_age_band WHERE active ORDER BY id LIMIT 1")
        return {
            "reporter_relation": "neighbour",
            "reporter_name": "Bench Reporter",
            "reporter_phone": "0812-3456-7890",
            "description": "[BENCH] The neighbour's child is beaten almost every night.",
            "incident_date": "2026-01-15",
            "state_id": str(state),
            "regency_id": str(regency),
            "district_id": str(district),
            "village_id": str(village),
            "violence_type_ids": [str(row[0]) for row in violence],
            "victim_age_band_id": str(band[0][0]) if band else "",
            "victim_sex": "female",
            "in_danger": "no",
            "consent_contact": "1",
            "consent_data": "1",
        }


class Server:
    def __init__(self, args, logfile):
        self.args = args
        self.logfile = logfile
        self.http_port, self.gevent_port = benchlib.free_ports(PORTS, 2)
        self.url = f"http://{HOST}:{self.http_port}"
        self.process = None

    def start(self):
        addons = [str(REPO), f"{self.args.odoo_path}/odoo/addons"]
        if Path(f"{self.args.odoo_path}/addons").is_dir():
            addons.append(f"{self.args.odoo_path}/addons")
        command = [
            self.args.python, f"{self.args.odoo_path}/odoo-bin",
            f"--addons-path={','.join(addons)}",
            f"--db_host={self.args.db_host}", f"--db_port={self.args.db_port}",
            f"--db_user={self.args.db_user}",
            "-d", self.args.db, f"--db-filter=^{re.escape(self.args.db)}$",
            "--no-database-list",
            f"--http-interface={HOST}", f"--http-port={self.http_port}",
            f"--gevent-port={self.gevent_port}",
            "--workers=2", "--max-cron-threads=0",
            "--limit-time-real=120", "--limit-time-cpu=60",
            f"--logfile={self.logfile}", "--log-level=info",
        ]
        env = dict(os.environ, PYTHONPATH=self.args.odoo_path)
        self.process = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"odoo-bin stopped (see {self.logfile})")
            try:
                if requests.get(f"{self.url}/web/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        sys.exit("odoo-bin did not answer within 90 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class Client(threading.Thread):
    """One visitor: own session and CSRF token, then submissions until the shared
    budget is spent or the deadline has passed."""

    def __init__(self, url, data, budget, deadline, lock):
        super().__init__(daemon=True)
        self.url, self.data, self.budget, self.deadline, self.lock = (
            url, data, budget, deadline, lock
        )
        self.latencies, self.failures = [], []

    def _take(self):
        with self.lock:
            if self.budget[0] <= 0 or time.monotonic() > self.deadline:
                return False
            self.budget[0] -= 1
            return True

    def run(self):
        session = requests.Session()
        # An Indonesian phone: the page in Indonesian, no language redirect.
        session.headers["Accept-Language"] = "id-ID,id;q=0.9,en;q=0.5"
        try:
            page = session.get(f"{self.url}/sapa/pengaduan", timeout=30)
            token = CSRF_RE.search(page.text).group(1)
        except (requests.RequestException, AttributeError) as error:
            self.failures.append(f"form page: {error}")
            return
        while self._take():
            started = time.perf_counter()
            try:
                response = session.post(
                    f"{self.url}/sapa/pengaduan",
                    data=dict(self.data, csrf_token=token),
                    files={"attachment": ("", b"")},
                    allow_redirects=False,
                    timeout=30,
                )
            except requests.RequestException as error:
                self.failures.append(str(error))
                continue
            elapsed = time.perf_counter() - started
            if response.status_code == 303 and "/sapa/pengaduan/terkirim" in response.headers.get(
                "Location", ""
            ):
                self.latencies.append(elapsed)
            else:
                self.failures.append(f"HTTP {response.status_code}")


def run_phase(url, data, total, clients, time_limit):
    budget, lock = [total], threading.Lock()
    deadline = time.monotonic() + time_limit
    workers = [Client(url, data, budget, deadline, lock) for _i in range(clients)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=time_limit + 60)
    wall = time.perf_counter() - started
    latencies = [lat for worker in workers for lat in worker.latencies]
    failures = [fail for worker in workers for fail in worker.failures]
    return wall, latencies, failures


def calibrate(url, clients, total=400, time_limit=30):
    """Requests per second of Odoo's bare /web/health with the same clients, on the
    same server and machine at the same moment: the yardstick for the figures
    above (the machine is shared; its load changes them)."""
    budget, lock = [total], threading.Lock()
    deadline = time.monotonic() + time_limit
    done = []

    def hammer():
        session = requests.Session()
        while True:
            with lock:
                if budget[0] <= 0 or time.monotonic() > deadline:
                    return
                budget[0] -= 1
            try:
                if session.get(f"{url}/web/health", timeout=10).status_code == 200:
                    done.append(1)
            except requests.RequestException:
                pass

    threads = [threading.Thread(target=hammer, daemon=True) for _i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=time_limit + 15)
    return round(len(done) / (time.perf_counter() - started), 1)


def percentile(values, share):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def post_query_counts(logfile):
    """Per successful POST, from Odoo's request log line: queries, SQL seconds and
    the remaining (mostly Python) seconds."""
    counts, sql_times, other_times = [], [], []
    with open(logfile, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = POST_LINE_RE.search(line)
            if match and match.group(1) == "303":
                counts.append(int(match.group(2)))
                sql_times.append(float(match.group(3)))
                other_times.append(float(match.group(4)))
    return counts, sql_times, other_times


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(
                (line.split(":", 1)[1].strip() for line in info if line.startswith("model name")),
                "",
            )
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model or platform.processor() or 'unknown CPU'})"


def main():
    args = parse_args()
    db = Database(args)
    db.check_installed()
    data = db.form_values()
    previous_limit = db.get_param(RATE_LIMIT_KEY)
    workdir = Path(tempfile.mkdtemp(prefix="sapa_bench_"))
    server = Server(args, workdir / "odoo.log")
    if args.rate_limit == "off":
        db.set_param(RATE_LIMIT_KEY, "0")
    load_before = round(os.getloadavg()[0], 2)
    try:
        server.start()
        run_phase(server.url, data, args.warmup, args.clients, 60)
        time.sleep(1)  # the request line is logged after the response is sent
        warm_posts = len(post_query_counts(server.logfile)[0])
        last_id = db.last_complaint_id()
        wall, latencies, failures = run_phase(
            server.url, data, args.requests, args.clients, args.time_limit
        )
        stored, references, held = db.complaints_since(last_id)
        health_rps = calibrate(server.url, args.clients)
        time.sleep(1)  # let the workers write their last log lines
    finally:
        server.stop()
        if args.rate_limit == "off":
            db.set_param(RATE_LIMIT_KEY, previous_limit)

    counts, sql_times, other_times = (
        values[warm_posts:] for values in post_query_counts(server.logfile)
    )
    if not latencies:
        sys.exit(f"no successful submission; failures: {failures[:5]}")
    figures = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "server": "odoo-bin --workers=2 (client on the same machine)",
        "load_average_1min_before": load_before,
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "web_health_requests_per_second": health_rps,
        "clients": args.clients,
        "rate_limit": args.rate_limit,
        "submissions": len(latencies),
        "failures": len(failures),
        # Acknowledged (303 to the receipt) = stored once, with its own reference.
        "stored": stored,
        "distinct_references": references,
        "held_for_review": held,
        "submissions_per_web_health_request": round(len(latencies) / wall / health_rps, 2)
        if health_rps
        else None,
        "wall_seconds": round(wall, 2),
        "submissions_per_second": round(len(latencies) / wall, 1),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50) * 1000, 1),
            "p90": round(percentile(latencies, 0.90) * 1000, 1),
            "p99": round(percentile(latencies, 0.99) * 1000, 1),
            "max": round(max(latencies) * 1000, 1),
        },
        "sql_queries_per_submission": {
            "mean": round(statistics.mean(counts), 1) if counts else None,
            "min": min(counts) if counts else None,
            "max": max(counts) if counts else None,
            "sql_ms_mean": round(statistics.mean(sql_times) * 1000, 1) if sql_times else None,
            "other_ms_mean": (
                round(statistics.mean(other_times) * 1000, 1) if other_times else None
            ),
        },
    }
    print(json.dumps(figures, indent=2))
    if failures:
        print(f"failures (first 5): {failures[:5]}", file=sys.stderr)
    if stored != len(latencies) or references != stored:
        print(
            f"MISMATCH: {len(latencies)} acknowledged, {stored} stored, "
            f"{references} distinct references",
            file=sys.stderr,
        )
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"server log: {server.logfile}", file=sys.stderr)


if __name__ == "__main__":
    main()
