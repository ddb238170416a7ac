#!/usr/bin/env python3
"""Failover drill of the SAPA cluster (deploy/cluster.sh): reporters and staff through
nginx while an Odoo node is stopped and restarted and the PostgreSQL primary is
restarted; then the database is checked.

Run by ``make cluster-drill`` (``deploy/cluster.sh drill``), against the cluster that
``make cluster`` runs, or one brought up for the drill. What it does:

1. Reads the cluster's state file (ports, database, password) written by
   ``deploy/cluster.sh up``.
2. Checks that nginx forwards each client's own address to Odoo (the public form's
   rate limit counts per address): with ``sapa_portal.rate_limit`` at 2, a third
   complaint from one loopback address (127.x.y.z, each request with a different
   forged X-Forwarded-For) is held, while a second address is still served.
   It also notes what nginx answers, database up, for the database manager
   (closed), an unknown letter code (Odoo's own 404) and an oversized complaint
   (SAPA's 413 page).
3. Turns the rate limit off for the load (``sapa_portal.rate_limit`` = 0, every drill
   client being on loopback) and restores the previous value at the end, through
   Odoo as the administrator so that every worker's cache sees it.
4. Load, for ``--duration`` seconds: ``--public-clients`` reporters submit the form
   (``/sapa/pengaduan``, as bench/bench_portal_form.py: own session, CSRF token from
   the form page, ``Accept-Language: id-ID``; a 303 to the receipt page is an
   acknowledgement; every ``--evidence-every``-th carries a small photo), read the
   reference from the receipt page, and ask the areas list (``/sapa/wilayah``) as the
   form's script does; ``--staff-clients`` Sub Koordinators (demo user
   ``sapa_subkoor``), each with one session for the whole run, open the cases kanban
   as the web client does (``web_read_group`` by stage, ``web_search_read`` of each
   unfolded column) and one case's form (``web_read``).
5. Meanwhile: node ``--node`` is stopped at ``--node-stop-at`` s (gracefully; ``kill``
   with ``--node-kill``; drained from nginx first with ``--node-drain``) and started
   again ``--node-down`` s later; the primary is stopped at ``--pg-restart-at`` s
   (while it is down, one visitor per page notes what nginx answers) and started
   again ``--pg-down`` s later.
6. Checks in the database (primary, and the replica once it has caught up): every
   acknowledged complaint is there exactly once, with the reference its receipt
   showed, its evidence file is in the shared filestore, no reference is used twice
   (lost = 0, duplicates = 0).
7. Where reads went: each Odoo request line of the run (the node logs say ``ro`` for
   a read-only cursor, on the replica, ``rw`` for the primary, ``ro->rw`` when a
   read-only request had to move to the primary), and the replica's own statistics
   (``pg_stat_database``, ``pg_stat_user_tables`` for sapa_case,
   ``pg_stat_statements``) before and after the load, beside the primary's.

The complaints stay in the cluster's database (their story starts with
``[DRILL <run>``). All traffic goes to 127.0.0.1. Exit status 1 if anything
acknowledged is lost or a reference is duplicated.
"""

import argparse
import base64
import json
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import psycopg2
import requests
from requests.adapters import HTTPAdapter

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
# The same form answers and kanban reads as the benchmarks (one place for each):
# the kanban's, derived from the views the server sends.
from bench_kanban import load_kanban_reads  # noqa: E402
from bench_portal_form import CSRF_RE, Database  # noqa: E402

KANBAN_READS = load_kanban_reads()

CLUSTER_SH = REPO / "deploy" / "cluster.sh"
RATE_LIMIT_KEY = "sapa_portal.rate_limit"
REFERENCE_RE = re.compile(r'o_sapa_reference"[^>]*>\s*([^<\s]+)\s*<')
SAPA_PAGE_MARK = "Laporan Anda belum terkirim"
SAPA_RECEIPT_MARK = "Laporan Anda sudah terkirim"
SAPA_TOO_LARGE_MARK = "Lampiran yang Anda kirim terlalu besar"
ODOO_LINE_RE = re.compile(
    r'^(\S+ \S+) \d+ INFO \S+ werkzeug: \S+ - - \[[^\]]+\] "(\w+) (\S+) HTTP/[\d.]+" '
    r"(\d{3}) - (\d+) ([\d.]+) ([\d.]+) (\S+)"
)
NGINX_LINE_RE = re.compile(
    r'"(\w+) (\S+) HTTP/[\d.]+" (\d{3}) \d+ "[^"]*" "([^"]*)" '
    r"upstream=(.*?) upstream_status=(.*?) request_time="
)
# What a Sub Koordinator's case form reads (confidential fields included: every
# such read is written to the case access log).
FORM_SPEC = {
    "name": {},
    "stage_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "is_urgent": {},
    "date_deadline": {},
    "summary": {},
    "identification": {},
    "victim_condition": {},
    "planned_steps": {},
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_dir = "/var/lib/sapa/cluster" if os.geteuid() == 0 else str(REPO / ".cluster")
    parser.add_argument("--state", default=os.path.join(
        os.environ.get("SAPA_CLUSTER_DIR", default_dir), "cluster.env"))
    parser.add_argument("--duration", type=float, default=150.0, help="seconds of load")
    parser.add_argument("--public-clients", type=int, default=3)
    parser.add_argument("--staff-clients", type=int, default=3)
    parser.add_argument("--evidence-every", type=int, default=10,
                        help="every n-th complaint carries a photo (0: none)")
    parser.add_argument("--node", type=int, default=2, help="the node to stop")
    parser.add_argument("--node-stop-at", type=float, default=25.0)
    parser.add_argument("--node-down", type=float, default=25.0)
    stop_mode = parser.add_mutually_exclusive_group()
    stop_mode.add_argument("--node-kill", action="store_true",
                           help="kill the node (a crash) instead of stopping it gracefully")
    stop_mode.add_argument("--node-drain", action="store_true",
                           help="planned stop: take the node out of nginx first")
    parser.add_argument("--pg-restart-at", type=float, default=85.0)
    parser.add_argument("--pg-down", type=float, default=5.0)
    parser.add_argument("--no-node-stop", action="store_true")
    parser.add_argument("--no-pg-restart", action="store_true")
    parser.add_argument("--staff-login", default="sapa_subkoor")
    parser.add_argument("--staff-password", default="sapa_subkoor")
    parser.add_argument("--admin-login", default="admin")
    parser.add_argument("--admin-password", default="admin")
    parser.add_argument("--json", help="write the figures here (default: next to the state file)")
    args = parser.parse_args()
    if not (1 <= args.public_clients <= 16 and 0 <= args.staff_clients <= 16
            and 10 <= args.duration <= 1800):
        parser.error("keep it bounded: 1-16 reporters, 0-16 staff, 10-1800 s")
    return args


def read_state(path):
    values = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        sys.exit(f"no cluster state at {path}: is `make cluster` running?")
    for line in lines:
        if line and not line.startswith("#") and "=" in line:
            key, _sep, value = line.partition("=")
            values[key] = value
    return SimpleNamespace(**values)


def tiny_png():
    """A valid 1x1 PNG: evidence the form accepts, without any file on disk."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


class SourceAddressAdapter(HTTPAdapter):
    """Connections from a chosen loopback address (all of 127.0.0.0/8 is local)."""

    def __init__(self, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def classify(response):
    """How a client would describe an answer that is not the expected one."""
    if SAPA_PAGE_MARK in response.text:
        return f"{response.status_code} SAPA unavailable page"
    if SAPA_RECEIPT_MARK in response.text:
        return f"{response.status_code} SAPA receipt-pending page"
    if response.status_code == 200 and 'name="csrf_token"' in response.text:
        return "200 form shown again (refused)"
    return f"HTTP {response.status_code}"


# ---------------------------------------------------------------------------
# Odoo through nginx
# ---------------------------------------------------------------------------
def json_rpc(session, url, params, timeout=60):
    response = session.post(url, json={"jsonrpc": "2.0", "method": "call", "params": params},
                            timeout=timeout)
    if response.status_code != 200 or not response.headers.get(
            "Content-Type", "").startswith("application/json"):
        raise RpcFailure(classify(response))
    body = response.json()
    if "error" in body:
        name = (body["error"].get("data") or {}).get("name", "error")
        raise RpcFailure(name.rsplit(".", 1)[-1], session_expired="SessionExpired" in name)
    return body["result"]


class RpcFailure(Exception):
    def __init__(self, kind, session_expired=False):
        super().__init__(kind)
        self.kind = kind
        self.session_expired = session_expired


def login(session, url, db, user, password):
    return json_rpc(session, f"{url}/web/session/authenticate",
                    {"db": db, "login": user, "password": password})


def call_kw(session, url, model, method, args, kwargs):
    return json_rpc(session, f"{url}/web/dataset/call_kw/{model}/{method}",
                    {"model": model, "method": method, "args": args, "kwargs": kwargs})


class Admin:
    """System parameters through Odoo (cache invalidated on every worker of every node)."""

    def __init__(self, state, args):
        self.url, self.state = state.URL, state
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "sapa-drill admin"
        login(self.session, self.url, state.DB, args.admin_login, args.admin_password)

    def set_param(self, key, value):
        call_kw(self.session, self.url, "ir.config_parameter", "set_param",
                [key, value if value is not None else False], {})


# ---------------------------------------------------------------------------
# Clients
# ---------------------------------------------------------------------------
class Clock:
    def __init__(self):
        self.t0 = time.monotonic()

    def now(self):
        return round(time.monotonic() - self.t0, 2)


class PublicClient(threading.Thread):
    def __init__(self, index, state, values, run_id, clock, stop, evidence_every):
        super().__init__(daemon=True, name=f"public-{index}")
        self.index, self.url, self.values, self.run_id = index, state.URL, values, run_id
        self.clock, self.stop, self.evidence_every = clock, stop, evidence_every
        self.acks, self.failures, self.area_calls = [], [], Counter()
        self.png = tiny_png()

    def session(self):
        session = requests.Session()
        session.headers["Accept-Language"] = "id-ID,id;q=0.9,en;q=0.5"
        session.headers["User-Agent"] = f"sapa-drill public-{self.index}"
        return session

    def form_token(self, session):
        try:
            page = session.get(f"{self.url}/sapa/pengaduan", timeout=60)
        except requests.RequestException as error:
            self.failures.append({"t": self.clock.now(), "what": "form page",
                                  "kind": type(error).__name__})
            return None
        match = CSRF_RE.search(page.text) if page.status_code == 200 else None
        if not match:
            self.failures.append({"t": self.clock.now(), "what": "form page",
                                  "kind": classify(page)})
            return None
        return match.group(1)

    def areas(self, session):
        """The form's script asks the kecamatan of the chosen kabupaten (public, read-only)."""
        try:
            response = session.get(f"{self.url}/sapa/wilayah", timeout=30, params={
                "level": "district", "parent": self.values["regency_id"]})
            self.area_calls["ok" if response.status_code == 200 else classify(response)] += 1
        except requests.RequestException as error:
            self.area_calls[type(error).__name__] += 1

    def receipt(self, session, location, ack):
        """The receipt page shows the reference; when it cannot be shown (SAPA's
        "already sent, reload" page), reload it as that page asks, a few times."""
        for _attempt in range(30):
            try:
                page = session.get(urljoin(self.url, location), timeout=60)
            except requests.RequestException as error:
                ack["receipt_attempts"].append(type(error).__name__)
            else:
                match = REFERENCE_RE.search(page.text)
                if match:
                    ack["reference"] = match.group(1)
                    return
                ack["receipt_attempts"].append(classify(page))
            time.sleep(1)

    def run(self):
        session, token, number = self.session(), None, 0
        while not self.stop.is_set():
            if token is None:
                token = self.form_token(session)
                if token is None:
                    time.sleep(0.5)
                    continue
                if self.values.get("regency_id"):
                    self.areas(session)
            number += 1
            marker = f"[DRILL {self.run_id} p{self.index}-{number}]"
            evidence = bool(self.evidence_every) and number % self.evidence_every == 0
            files = {"attachment": ("bukti.png", self.png, "image/png") if evidence
                     else ("", b"")}
            data = dict(self.values, csrf_token=token,
                        description=f"{marker} Anak tetangga dipukul hampir setiap malam.")
            sent_at = self.clock.now()
            started = time.perf_counter()
            try:
                response = session.post(f"{self.url}/sapa/pengaduan", data=data, files=files,
                                        allow_redirects=False, timeout=120)
            except requests.RequestException as error:
                self.failures.append({"t": sent_at, "marker": marker, "what": "submit",
                                      "kind": type(error).__name__})
                token = None
                time.sleep(0.5)
                continue
            latency = time.perf_counter() - started
            location = response.headers.get("Location", "")
            if response.status_code == 303 and "/sapa/pengaduan/terkirim" in location:
                ack = {"t": sent_at, "marker": marker, "latency": round(latency, 3),
                       "evidence": evidence, "location": location, "reference": None,
                       "receipt_attempts": []}
                self.receipt(session, location, ack)
                self.acks.append(ack)
            else:
                self.failures.append({"t": sent_at, "marker": marker, "what": "submit",
                                      "kind": classify(response)})
                # As a reporter would: open the form again (new token), then send.
                token = None
                time.sleep(0.5)


class StaffClient(threading.Thread):
    """One Sub Koordinator: one login, then the cases kanban and a case form, again and
    again, through whichever node nginx picks."""

    def __init__(self, index, state, args, clock, stop):
        super().__init__(daemon=True, name=f"staff-{index}")
        self.index, self.state, self.args, self.clock, self.stop = (
            index, state, args, clock, stop)
        self.calls, self.failures = Counter(), []
        self.logins, self.sessions_expired = 0, 0
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"sapa-drill staff-{self.index}"
        self.context, self.uid = {}, None

    def login(self):
        while not self.stop.is_set():
            try:
                info = login(self.session, self.state.URL, self.state.DB,
                             self.args.staff_login, self.args.staff_password)
            except (RpcFailure, requests.RequestException) as error:
                self.failures.append({"t": self.clock.now(), "call": "login",
                                      "kind": getattr(error, "kind", type(error).__name__)})
                time.sleep(1)
                continue
            self.logins += 1
            self.uid = info.get("uid")
            self.context = dict(info.get("user_context") or {}, bin_size=True)
            company = (info.get("user_companies") or {}).get("current_company")
            if company:
                self.context["allowed_company_ids"] = [company]
            return True
        return False

    def call(self, method, args, kwargs):
        kwargs = dict(kwargs, context=self.context)
        try:
            result = call_kw(self.session, self.state.URL, "sapa.case", method, args, kwargs)
        except (RpcFailure, requests.RequestException) as error:
            kind = getattr(error, "kind", type(error).__name__)
            self.failures.append({"t": self.clock.now(), "call": method, "kind": kind})
            if getattr(error, "session_expired", False):
                self.sessions_expired += 1
                self.login()
            return None
        self.calls[method] += 1
        return result

    def kanban_info(self):
        """The kanban's reads as the web client derives them from the action and
        the views the server sends (sapa_case/tests/kanban_reads.py); None while
        the server does not answer."""
        try:
            action = json_rpc(self.session, f"{self.state.URL}/web/action/load",
                              {"action_id": KANBAN_READS.ACTION})
            views = self.call("get_views", [], {
                "views": [[False, "kanban"], [False, "search"]]})
        except (RpcFailure, requests.RequestException):
            return None
        if not views:
            return None
        return KANBAN_READS.kanban_info_from_views(
            "sapa.case", views, action.get("context"), self.uid)

    def run(self):
        if not self.login():
            return
        info = None
        while info is None and not self.stop.is_set():
            info = self.kanban_info()
            if info is None:
                time.sleep(1)
        while not self.stop.is_set():
            groups = self.call("web_read_group", [], {
                "domain": info["domain"], "fields": info["aggregates"],
                "groupby": [info["group_by"]], "lazy": True,
                "orderby": "", "offset": 0, "limit": 80})
            cards = []
            for group in (groups or {}).get("groups", []):
                if group.get("__fold") or self.stop.is_set():
                    continue
                page = self.call("web_search_read", [], {
                    "domain": group["__domain"], "specification": info["spec"],
                    "limit": info["limit"], "offset": 0, "order": "",
                    "count_limit": info["count_limit"] + 1})
                cards += [record["id"] for record in (page or {}).get("records", [])]
            if cards and not self.stop.is_set():
                self.call("web_read", [[cards[self.calls["web_read"] % len(cards)]]],
                          {"specification": FORM_SPEC})
            if groups is None:
                time.sleep(0.5)


# ---------------------------------------------------------------------------
# The disruptions
# ---------------------------------------------------------------------------
class Disruptions(threading.Thread):
    def __init__(self, args, clock, stop):
        super().__init__(daemon=True, name="disruptions")
        self.clock, self.stop = clock, stop
        self.events = []
        self.node_down = False
        self.primary_down = False
        plan = []
        node = str(args.node)
        if not args.no_node_stop:
            mode = "kill" if args.node_kill else "drain" if args.node_drain else ""
            label = {"kill": "killed", "drain": "drained from nginx, then stopped"}.get(
                mode, "stopped (TERM, graceful)")
            plan.append((args.node_stop_at, f"node {node} {label}",
                         ["node-stop", node] + ([mode] if mode else [])))
            plan.append((args.node_stop_at + args.node_down, f"node {node} started",
                         ["node-start", node]))
        if not args.no_pg_restart:
            plan.append((args.pg_restart_at, "primary stopped (fast shutdown)",
                         ["pg-stop", "primary"]))
            plan.append((args.pg_restart_at + args.pg_down, "primary started",
                         ["pg-start", "primary"]))
        self.plan = sorted(plan)
        self.url = None
        self.database_down_answers = {}

    def cluster(self, arguments):
        return subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [str(CLUSTER_SH), *arguments], capture_output=True, text=True, check=False)

    def run(self):
        for at, label, arguments in self.plan:
            while self.clock.now() < at:
                if self.stop.wait(0.2):
                    return
            started = self.clock.now()
            self.node_down |= arguments[0] == "node-stop"
            self.primary_down |= arguments[0] == "pg-stop"
            result = self.cluster(arguments)
            self.node_down &= arguments[0] != "node-start" or result.returncode != 0
            self.primary_down &= not (arguments[0] == "pg-start" and result.returncode == 0)
            self.events.append({"t": started, "done": self.clock.now(), "event": label,
                                "ok": result.returncode == 0,
                                "output": (result.stderr or result.stdout).strip()[-300:]})
            if arguments[0] == "pg-stop" and result.returncode == 0 and self.url:
                # What a visitor gets while the database is down, page by page.
                self.database_down_answers = probe_pages(self.url, DATABASE_DOWN_PROBES)

    def repair(self, args):
        """Whatever a disruption left down (drill interrupted): start it again."""
        if self.primary_down:
            self.cluster(["pg-start", "primary"])
        if self.node_down:
            self.cluster(["node-start", str(args.node)])


# ---------------------------------------------------------------------------
# Measures in PostgreSQL and in the logs
# ---------------------------------------------------------------------------
def connect(state, port):
    connection = psycopg2.connect(host="127.0.0.1", port=port, user=state.DB_USER,
                                  password=state.DB_PASSWORD, dbname=state.DB,
                                  connect_timeout=10)
    connection.autocommit = True
    return connection


def query(connection, sql, params=()):
    with connection.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def server_stats(state, port):
    """Counters of one PostgreSQL server (each server counts what ran on it)."""
    connection = connect(state, port)
    try:
        xact = query(connection, "SELECT xact_commit + xact_rollback FROM pg_stat_database "
                                 "WHERE datname = current_database()")[0][0]
        scans = query(connection, "SELECT coalesce(seq_scan, 0), coalesce(idx_scan, 0) "
                                  "FROM pg_stat_user_tables WHERE relname = 'sapa_case'")
        try:
            statements = query(connection, """
                SELECT coalesce(sum(calls), 0) FROM pg_stat_statements
                 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND query ILIKE 'SELECT%%' AND query LIKE '%%"sapa_case"%%'""")[0][0]
        except psycopg2.Error:
            statements = None  # extension missing: the other figures still hold
        in_recovery = query(connection, "SELECT pg_is_in_recovery()")[0][0]
    finally:
        connection.close()
    return {
        "transactions": int(xact),
        "sapa_case_seq_scan": int(scans[0][0]) if scans else 0,
        "sapa_case_idx_scan": int(scans[0][1]) if scans else 0,
        "sapa_case_select_statements": int(statements) if statements is not None else None,
        "in_recovery": in_recovery,
    }


def stats_delta(before, after):
    return {key: (after[key] - before[key]) if isinstance(before[key], int)
            and isinstance(after[key], int) and not isinstance(before[key], bool) else after[key]
            for key in after}


def wait_for_replica(state, seconds=60):
    """Until the replica has replayed everything the primary wrote; returns the lag left."""
    deadline = time.monotonic() + seconds
    primary = connect(state, state.PRIMARY_PORT)
    try:
        target = query(primary, "SELECT pg_current_wal_lsn()")[0][0]
    finally:
        primary.close()
    while True:
        replica = connect(state, state.REPLICA_PORT)
        try:
            behind = query(replica, "SELECT pg_wal_lsn_diff(%s, pg_last_wal_replay_lsn())",
                           (target,))[0][0]
        finally:
            replica.close()
        if behind is not None and behind <= 0:
            return 0
        if time.monotonic() > deadline:
            return int(behind or -1)
        time.sleep(0.5)


def check_database(state, acks, failures, run_id, port):
    """Every acknowledged complaint once, with its receipt's reference; references unique."""
    connection = connect(state, port)
    try:
        rows = query(connection, """
            SELECT substring(description from '^\\[DRILL [^]]+\\]'), name, id
              FROM sapa_complaint WHERE description LIKE %s""", (f"[DRILL {run_id} %",))
        duplicate_refs = query(connection, """
            SELECT name, count(*) FROM sapa_complaint WHERE name IS NOT NULL
             GROUP BY name HAVING count(*) > 1""")
        duplicate_case_refs = query(connection, """
            SELECT name, count(*) FROM sapa_case WHERE name IS NOT NULL
             GROUP BY name HAVING count(*) > 1""")
        evidence = query(connection, """
            SELECT c.description, a.store_fname FROM sapa_complaint c
              JOIN ir_attachment a ON a.res_model = 'sapa.complaint' AND a.res_id = c.id
             WHERE c.description LIKE %s""", (f"[DRILL {run_id} %",))
    finally:
        connection.close()
    stored = defaultdict(list)
    for marker, name, _id in rows:
        stored[marker].append(name)
    acked = {ack["marker"]: ack for ack in acks}
    lost = sorted(marker for marker in acked if marker not in stored)
    twice = sorted(marker for marker, names in stored.items() if len(names) > 1)
    mismatch = sorted(marker for marker, ack in acked.items() if ack["reference"]
                      and marker in stored and ack["reference"] not in stored[marker])
    failed_markers = {failure["marker"] for failure in failures if failure.get("marker")}
    failed_but_stored = sorted(failed_markers & set(stored))
    files = Path(state.DATA_DIR) / "filestore" / state.DB
    with_evidence = {ack["marker"] for ack in acks if ack["evidence"]}
    evidence_found = {}
    for description, store_fname in evidence:
        marker = description.split("]", 1)[0] + "]"
        evidence_found[marker] = bool(store_fname) and (files / store_fname).is_file()
    evidence_missing = sorted(m for m in with_evidence if not evidence_found.get(m))
    return {
        "acknowledged": len(acked),
        "acknowledged_present": len(acked) - len(lost),
        "lost": len(lost),
        "lost_markers": lost[:20],
        "stored_twice": len(twice),
        "duplicate_references": len(duplicate_refs) + len(duplicate_case_refs),
        "duplicate_reference_examples": [row[0] for row in (duplicate_refs
                                                             + duplicate_case_refs)][:10],
        "receipt_reference_mismatches": len(mismatch),
        "receipts_without_reference": sum(1 for ack in acks if not ack["reference"]),
        "receipts_shown_after_reload": sum(1 for ack in acks if ack["reference"]
                                           and ack.get("receipt_attempts")),
        "receipt_first_answers": dict(Counter(ack["receipt_attempts"][0] for ack in acks
                                              if ack.get("receipt_attempts"))),
        "failed_but_stored": len(failed_but_stored),
        "failed_but_stored_details": [
            {key: failure.get(key) for key in ("t", "marker", "kind")}
            for failure in failures if failure.get("marker") in set(failed_but_stored)],
        "receipt_details": [
            {"t": ack["t"], "marker": ack["marker"], "reference": ack["reference"],
             "attempts": ack.get("receipt_attempts", [])[:8]}
            for ack in acks if ack.get("receipt_attempts") or not ack["reference"]][:20],
        "stored_total": len(stored),
        "evidence_files_expected": len(with_evidence),
        "evidence_files_missing": len(evidence_missing),
    }


def log_offsets(paths):
    return {path: (os.path.getsize(path) if os.path.exists(path) else 0) for path in paths}


def read_from(path, offset):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            handle.seek(offset)
            return handle.read()
    except OSError:
        return ""


def odoo_cursor_modes(state, offsets):
    """Per kind of request of the run: how many Odoo served on a read-only cursor
    (the replica), read/write (the primary), or moved from one to the other."""
    modes = defaultdict(Counter)
    for number in range(1, int(state.NODES) + 1):
        path = getattr(state, f"NODE{number}_LOG")
        for line in read_from(path, offsets.get(path, 0)).splitlines():
            match = ODOO_LINE_RE.match(line)
            if not match:
                continue
            method, path_info, status, mode = (match.group(2), match.group(3),
                                               match.group(4), match.group(8))
            path_info = path_info.split("?", 1)[0]
            if path_info.startswith("/web/dataset/call_kw/"):
                label = path_info.rsplit("/", 1)[-1]
            elif path_info.startswith(("/sapa/", "/web/session/", "/web/health")):
                label = f"{method} {path_info}"
            else:
                continue
            modes[label][mode if status[0] in "23" else f"{mode} ({status})"] += 1
    return {label: dict(counter) for label, counter in sorted(modes.items())}


def nginx_view(state, offset):
    """Which node served whom: per staff session the nodes used; per node the
    acknowledged complaints."""
    staff_nodes, acks_per_node, retried = defaultdict(Counter), Counter(), Counter()
    for line in read_from(state.NGINX_ACCESS_LOG, offset).splitlines():
        match = NGINX_LINE_RE.search(line)
        if not match:
            continue
        method, path_info, status, agent, upstream = match.groups()[:5]
        if not agent.startswith("sapa-drill"):
            continue
        last = upstream.split(",")[-1].strip()
        if agent.startswith("sapa-drill staff") and path_info.startswith("/web/dataset/"):
            staff_nodes[agent.split()[-1]][last] += 1
        if method == "POST" and path_info == "/sapa/pengaduan" and status == "303":
            acks_per_node[last] += 1
        if "," in upstream:  # nginx tried one node, then another
            retried[f"{agent.split()[-1].split('-')[0]} {method} {status}"] += 1
    return ({key: dict(value) for key, value in sorted(staff_nodes.items())},
            dict(acks_per_node), dict(retried))


# ---------------------------------------------------------------------------
# The forwarded client address
# ---------------------------------------------------------------------------
def forwarded_address_check(state, admin, database, values, run_id):
    """nginx passes each client's own address (and only it) to Odoo: with a limit of
    2, a third complaint from one address is held for review (received like any
    other: nothing is refused) even when every request carries a different forged
    X-Forwarded-For, while another address's is not held."""
    # Fresh addresses each run: the counters of an earlier run do not interfere.
    octets = [secrets.randbelow(200) + 20, secrets.randbelow(250) + 1, secrets.randbelow(250) + 1]
    first = "127.{}.{}.{}".format(*octets)
    second = f"127.{octets[0]}.{octets[1]}.{octets[2] % 250 + 2}"
    admin.set_param(RATE_LIMIT_KEY, "2")
    outcomes, acks = [], []
    for number, source in enumerate([first, first, first, second], 1):
        session = requests.Session()
        session.mount("http://", SourceAddressAdapter(source))
        session.headers.update({"Accept-Language": "id-ID", "User-Agent": "sapa-drill forward",
                                "X-Forwarded-For": f"10.{number}.{number}.{number}"})
        page = session.get(f"{state.URL}/sapa/pengaduan", timeout=60)
        token = CSRF_RE.search(page.text).group(1)
        marker = f"[DRILL {run_id} fwd-{number}]"
        response = session.post(
            f"{state.URL}/sapa/pengaduan", allow_redirects=False, timeout=60,
            data=dict(values, csrf_token=token, description=f"{marker} Cek alamat klien."),
            files={"attachment": ("", b"")})
        accepted = response.status_code == 303
        outcomes.append(accepted)
        if accepted:
            location = response.headers.get("Location", "")
            match = REFERENCE_RE.search(session.get(urljoin(state.URL, location), timeout=60).text)
            acks.append({"t": 0, "marker": marker, "latency": 0, "evidence": False,
                         "location": location, "reference": match and match.group(1)})
    holds = dict(database.query(
        "SELECT description, portal_hold_reason FROM sapa_complaint WHERE description LIKE %s",
        (f"[DRILL {run_id} fwd-%",),
    ))
    held = [holds.get(f"[DRILL {run_id} fwd-{number}] Cek alamat klien.") for number in range(1, 5)]
    return {
        "addresses": [first, second],
        "accepted": outcomes,
        "held": held,
        "ok": outcomes == [True] * 4 and held == [None, None, "flood", None],
    }, acks


# (method, path): what nginx should answer, with the database up or down.
DATABASE_UP_PROBES = [
    ("GET", "/web/database/selector"),       # closed at nginx: the SAPA page
    ("GET", "/sapa/verifikasi/TIDAKADA"),    # Odoo's own 404 page for an unknown code
    ("POST", "/sapa/pengaduan", 56 * 1024 * 1024),  # over client_max_body_size: 413 page
]
DATABASE_DOWN_PROBES = [
    ("GET", "/sapa/pengaduan"),
    ("GET", "/en/sapa/pengaduan"),
    ("POST", "/sapa/status"),
    ("GET", "/sapa/pengaduan/terkirim"),
    ("GET", "/odoo"),
    ("POST", "/web/dataset/call_kw/sapa.case/web_search_read"),
    ("GET", "/sapa/verifikasi/TIDAKADA"),
]


def probe_pages(url, probes):
    """One fresh visitor per probe; the final answer after redirects, described."""
    answers = {}
    for method, path, *size in probes:
        if size:
            answers[f"{method} {path} ({size[0] // 2**20} MB)"] = too_large_probe(url, path,
                                                                              size[0])
            continue
        session = requests.Session()
        session.headers.update({"Accept-Language": "id-ID", "User-Agent": "sapa-drill probe"})
        try:
            if path.startswith("/web/dataset/"):
                response = session.post(f"{url}{path}", json={"jsonrpc": "2.0", "params": {}},
                                        timeout=30)
            elif method == "POST":
                response = session.post(f"{url}{path}", data=b"reference=X&code=Y", timeout=60,
                                        headers={"Content-Type":
                                                 "application/x-www-form-urlencoded"})
            else:
                response = session.get(f"{url}{path}", timeout=30)
        except requests.RequestException as error:
            answers[f"{method} {path}"] = type(error).__name__
            continue
        answers[f"{method} {path}"] = classify(response)
    return answers


def too_large_probe(url, path, size):
    """A POST announcing ``size`` bytes: nginx answers on the headers alone."""
    host, port = url.split("://", 1)[1].rsplit(":", 1)
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: {size}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\nAccept-Language: id-ID\r\n"
            "User-Agent: sapa-drill probe\r\nConnection: close\r\n\r\n")
    try:
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(head.encode())
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
    except OSError as error:
        return type(error).__name__
    text = answer.decode(errors="replace")
    status = text.split(" ", 2)[1] if text.startswith("HTTP/") else "?"
    if SAPA_TOO_LARGE_MARK in text:
        return f"{status} SAPA too-large page"
    return f"HTTP {status}"


def websocket_check(state):
    """One websocket handshake through nginx: the status line of the answer
    (``101`` when /websocket reaches a node's gevent process)."""
    host, port = state.URL.split("://", 1)[1].rsplit(":", 1)
    key = base64.b64encode(secrets.token_bytes(16)).decode()
    request = (f"GET /websocket HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
               f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               f"Sec-WebSocket-Version: 13\r\nOrigin: {state.URL}\r\n"
               "User-Agent: sapa-drill websocket\r\n\r\n")
    try:
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(request.encode())
            return sock.recv(1024).split(b"\r\n", 1)[0].decode(errors="replace")
    except OSError as error:
        return type(error).__name__


# ---------------------------------------------------------------------------
def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def summary_lines(figures):
    public, staff, db = figures["public"], figures["staff"], figures["database"]
    replica_db = figures["replica_check"]
    lines = [
        f"SAPA failover drill {figures['run']} ({figures['date']}): "
        f"{figures['nodes']} Odoo nodes x --workers={figures['workers']}, "
        f"{figures['duration_s']:g} s, {public['clients']} reporters, {staff['clients']} staff",
        "events:",
    ]
    lines += [f"  t={event['t']:6.1f}s  {event['event']}  (done at t={event['done']:.1f}s"
              f"{'' if event['ok'] else ', FAILED: ' + event['output']})"
              for event in figures["events"]]
    lines += [
        f"forwarded client address (rate limit per address, forged X-Forwarded-For ignored): "
        f"{'ok' if figures['forwarded_address']['ok'] else 'NOT OK'} "
        f"(received {figures['forwarded_address']['accepted']}, "
        f"held {figures['forwarded_address']['held']}); websocket through nginx: "
        f"{figures['websocket_through_nginx']}",
        f"pages, database up: {figures['pages_database_up']}",
        f"pages, primary down: {figures['pages_database_down']}",
        f"public form: {public['submissions']} submissions, {public['acknowledged']} acknowledged "
        f"(303), {public['failures']} failures seen by reporters {public['failure_kinds']}",
        f"  {public['acknowledged_per_s']} acknowledged/s; per node "
        f"{public['acknowledged_per_node']};"
        f" POST latency p50 {public['latency_ms']['p50']} ms, p99 {public['latency_ms']['p99']} ms,"
        f" max {public['latency_ms']['max']} ms",
        f"  areas list (/sapa/wilayah): {public['area_calls']}",
        f"database: acknowledged present {db['acknowledged_present']}/{db['acknowledged']}, "
        f"LOST {db['lost']}, stored twice {db['stored_twice']}, DUPLICATE REFERENCES "
        f"{db['duplicate_references']}, receipt/reference mismatches "
        f"{db['receipt_reference_mismatches']}, refused-but-stored {db['failed_but_stored']}, "
        f"evidence files missing {db['evidence_files_missing']}/{db['evidence_files_expected']}",
        f"  receipts: {db['receipts_without_reference']} never showed the reference, "
        f"{db['receipts_shown_after_reload']} showed it after reloading "
        f"(first answers {db['receipt_first_answers']})",
        f"  on the replica after catch-up: present {replica_db['acknowledged_present']}"
        f"/{replica_db['acknowledged']}, lost {replica_db['lost']}",
        f"staff: {staff['calls_total']} calls {staff['calls']}, {staff['failures']} failures "
        f"{staff['failure_kinds']}, logins {staff['logins']}, sessions expired "
        f"{staff['sessions_expired']}",
        f"  nodes per staff session: {staff['nodes_per_session']}",
        f"nginx passed to the other node (first node refused or failed before answering): "
        f"{figures['nginx_retries_on_another_node']}",
        "where Odoo ran each request (ro = read-only cursor on the replica, rw = primary):",
    ]
    lines += [f"  {label:<42} {modes}" for label, modes in figures["cursor_modes"].items()]
    replica, primary = figures["replica_stats_delta"], figures["primary_stats_delta"]
    lines += [
        "during the load, counted by each server:",
        f"  replica: {replica['transactions']} transactions, sapa_case scans "
        f"{replica['sapa_case_idx_scan']} index + {replica['sapa_case_seq_scan']} seq, "
        f"{replica['sapa_case_select_statements']} SELECT statements on sapa_case",
        f"  primary: {primary['transactions']} transactions, sapa_case scans "
        f"{primary['sapa_case_idx_scan']} index + {primary['sapa_case_seq_scan']} seq, "
        f"{primary['sapa_case_select_statements']} SELECT statements on sapa_case",
        f"verdict: {'PASS' if figures['pass'] else 'FAIL'} (lost {db['lost']}, duplicate "
        f"references {db['duplicate_references']})",
    ]
    return lines


def main():
    args = parse_args()
    state = read_state(args.state)
    run_id = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    os.environ["PGPASSWORD"] = state.DB_PASSWORD
    primary = Database(SimpleNamespace(db_host="127.0.0.1", db_port=state.PRIMARY_PORT,
                                       db_user=state.DB_USER, db=state.DB))
    values = primary.form_values()
    admin = Admin(state, args)
    previous = primary.get_param(RATE_LIMIT_KEY)
    stop = threading.Event()
    disruptions = None

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    publics, staff = [], []
    try:
        forwarded, forwarded_acks = forwarded_address_check(state, admin, primary, values, run_id)
        websocket = websocket_check(state)
        database_up_answers = probe_pages(state.URL, DATABASE_UP_PROBES)
        admin.set_param(RATE_LIMIT_KEY, "0")
        logs = [getattr(state, f"NODE{n}_LOG") for n in range(1, int(state.NODES) + 1)]
        offsets = log_offsets([*logs, state.NGINX_ACCESS_LOG])
        replica_before = server_stats(state, state.REPLICA_PORT)
        primary_before = server_stats(state, state.PRIMARY_PORT)
        clock = Clock()
        disruptions = Disruptions(args, clock, stop)
        disruptions.url = state.URL
        publics = [PublicClient(i, state, values, run_id, clock, stop, args.evidence_every)
                   for i in range(1, args.public_clients + 1)]
        staff = [StaffClient(i, state, args, clock, stop)
                 for i in range(1, args.staff_clients + 1)]
        for thread in [*publics, *staff, disruptions]:
            thread.start()
        print(f"[drill] run {run_id}: {args.duration:g} s of load; plan: "
              + "; ".join(f"t={at:g}s {label}" for at, label, _a in disruptions.plan),
              file=sys.stderr)
        while clock.now() < args.duration:
            time.sleep(1)
        stop.set()
        for thread in [*publics, *staff]:
            thread.join(timeout=180)
        disruptions.join(timeout=600)
        wall = clock.now()
        time.sleep(1)  # the last request lines reach the logs
    finally:
        stop.set()
        if disruptions is not None:
            disruptions.repair(args)
        try:
            admin.set_param(RATE_LIMIT_KEY, previous)
        except (RpcFailure, requests.RequestException):
            Database(SimpleNamespace(db_host="127.0.0.1", db_port=state.PRIMARY_PORT,
                                     db_user=state.DB_USER, db=state.DB)
                     ).set_param(RATE_LIMIT_KEY, previous)
            print("[drill] rate limit restored in the database; Odoo's caches keep the "
                  "drill's value until the next restart", file=sys.stderr)

    acks = forwarded_acks + [ack for client in publics for ack in client.acks]
    failures = [failure for client in publics for failure in client.failures]
    lag = wait_for_replica(state)
    replica_after = server_stats(state, state.REPLICA_PORT)
    primary_after = server_stats(state, state.PRIMARY_PORT)
    database = check_database(state, acks, failures, run_id, state.PRIMARY_PORT)
    replica_check = check_database(state, acks, failures, run_id, state.REPLICA_PORT)
    replica_check["replay_bytes_behind"] = lag
    staff_nodes, acks_per_node, retried = nginx_view(state, offsets[state.NGINX_ACCESS_LOG])
    load_acks = [ack for client in publics for ack in client.acks]
    latencies = [ack["latency"] for ack in load_acks]
    submit_failures = [failure for failure in failures if failure["what"] == "submit"]
    figures = {
        "run": run_id,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nodes": int(state.NODES),
        "workers": int(state.WORKERS),
        "duration_s": wall,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "events": disruptions.events,
        "forwarded_address": forwarded,
        "websocket_through_nginx": websocket,
        "pages_database_up": database_up_answers,
        "pages_database_down": disruptions.database_down_answers,
        "public": {
            "clients": args.public_clients,
            "submissions": len(load_acks) + len(submit_failures),
            "acknowledged": len(load_acks),
            "acknowledged_per_s": round(len(load_acks) / wall, 1) if wall else None,
            "acknowledged_per_node": acks_per_node,
            "failures": len(failures),
            "failure_kinds": dict(Counter(f"{f['what']}: {f['kind']}" for f in failures)),
            "failure_times": sorted({round(f["t"]) for f in failures}),
            "latency_ms": {key: (round(percentile(latencies, share) * 1000)
                                 if latencies else None)
                           for key, share in (("p50", .5), ("p90", .9), ("p99", .99),
                                              ("max", 1.0))},
            "area_calls": dict(sum((client.area_calls for client in publics), Counter())),
        },
        "database": database,
        "replica_check": replica_check,
        "staff": {
            "clients": args.staff_clients,
            "calls": dict(sum((client.calls for client in staff), Counter())),
            "calls_total": sum(sum(client.calls.values()) for client in staff),
            "failures": sum(len(client.failures) for client in staff),
            "failure_kinds": dict(Counter(f"{f['call']}: {f['kind']}"
                                          for client in staff for f in client.failures)),
            "failure_times": sorted({round(f["t"]) for client in staff
                                     for f in client.failures}),
            "logins": sum(client.logins for client in staff),
            "sessions_expired": sum(client.sessions_expired for client in staff),
            "nodes_per_session": staff_nodes,
        },
        "nginx_retries_on_another_node": retried,
        "cursor_modes": odoo_cursor_modes(state, offsets),
        "replica_stats_delta": stats_delta(replica_before, replica_after),
        "primary_stats_delta": stats_delta(primary_before, primary_after),
    }
    figures["pass"] = (database["lost"] == 0 and database["duplicate_references"] == 0
                       and database["stored_twice"] == 0 and database["acknowledged"] > 0
                       and forwarded["ok"])
    print("\n".join(summary_lines(figures)))
    out = Path(args.json or Path(args.state).with_name(f"drill-{run_id}.json"))
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"[drill] figures: {out}", file=sys.stderr)
    return 0 if figures["pass"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("[drill] interrupted: what it stopped was started again, the rate limit "
              "restored; no figures", file=sys.stderr)
        sys.exit(130)
