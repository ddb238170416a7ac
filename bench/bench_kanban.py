"""Kanban read over many SAPA cases: SQL queries and time, as the web client reads.

Run through bench/kanban.sh (it prepares the database); directly:
    python bench/bench_kanban.py --db sapa_bench --cases 100000 [odoo options]

It creates the cases once (ORM create in batches, as an import would; the
stages spread in SQL, the bench Konselor on one case in eleven (another
Konselor on one in seven), an activity on one
in twenty-three), then measures, as a Sub Koordinator (sees all cases) and as a
Konselor (record rule: own team's cases only), the reads of the kanban as the
web client makes them, derived from the kanban view itself
(sapa_case/tests/kanban_reads.py, shared with the query-budget tests):
  * the grouped kanban (the staff's default view): web_read_group by the
    view's default group-by plus one web_search_read of the view's card fields
    per unfolded column;
  * the kanban page: one web_search_read of the same cards, ungrouped.
Each figure is the median of several runs after one warm-up; the query count is
Odoo's own per-cursor counter. The same run measures Odoo's bare /web/health on
a server it starts (127.0.0.1, its own process group, stopped at the end), the
yardstick of a shared machine.
"""

import argparse
import importlib.util
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import benchlib  # bench/, the script's folder
import requests

import odoo
from odoo import api

REPO = Path(__file__).resolve().parent.parent
HOST = benchlib.HOST
PORTS = range(8180, 8190)
BENCH_USERS = {
    "bench_subkoor": ("Bench Sub Koordinator", "sapa_case.group_sapa_subcoordinator"),
    "bench_konselor": ("Bench Konselor", "sapa_case.group_sapa_counselor"),
    "bench_konselor_2": ("Bench Konselor 2", "sapa_case.group_sapa_counselor"),
}


def load_kanban_reads():
    # By path, not through the addon's tests package (whose import pulls in
    # Odoo's test framework): the same reads as the query-budget tests.
    path = REPO / "sapa_case" / "tests" / "kanban_reads.py"
    spec = importlib.util.spec_from_file_location("sapa_kanban_reads", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_users(env):
    users = {}
    for login, (name, group) in BENCH_USERS.items():
        user = env["res.users"].with_context(active_test=False).search([("login", "=", login)])
        if not user:
            user = env["res.users"].create({
                "name": name, "login": login, "tz": "Asia/Jakarta",
                "groups_id": [(6, 0, [env.ref(group).id])],
            })
        users[login] = user
    return users


def populate(env, count, batch=1000):
    Case = env["sapa.case"].with_context(tracking_disable=True, mail_create_nolog=True,
                                         mail_create_nosubscribe=True)
    users = bench_users(env)
    env.cr.commit()
    existing = Case.search_count([])
    if existing >= count:
        return existing, 0.0
    stages = env["sapa.case.stage"].search([])
    types = env["sapa.violence.type"].search([])
    todo = env.ref("mail.mail_activity_data_todo")
    case_model = env["ir.model"]._get_id("sapa.case")
    manager = users["bench_subkoor"]
    start = time.perf_counter()
    for offset in range(existing, count, batch):
        vals_list = []
        for i in range(offset, min(offset + batch, count)):
            vals_list.append({
                "summary": f"Bench case {i}",
                "is_urgent": i % 7 == 0,
                "user_id": manager.id,
                "violence_type_ids": [(6, 0, [types[i % len(types)].id])],
            })
        cases = Case.create(vals_list)
        # Spread the cases over the SOP's stages (bypassing the guard is the
        # point of a data generator). Flushed first: the pending recomputation
        # of the stored related `step` would otherwise undo the UPDATE.
        env.flush_all()
        by_stage = {}
        for case_id in cases.ids:
            by_stage.setdefault(stages[case_id % len(stages)], []).append(case_id)
        for stage, ids in by_stage.items():
            env.cr.execute(
                "UPDATE sapa_case SET stage_id = %s, step = %s WHERE id = ANY(%s)",
                (stage.id, stage.step, ids),
            )
        env.invalidate_all()
        # Moduli prime to the stages' 10: the team's and the activities' cases
        # spread over every column.
        members = []
        for case in cases:
            if case.id % 11 == 0:
                members.append({"case_id": case.id, "user_id": users["bench_konselor"].id})
            if case.id % 7 == 1:
                members.append({"case_id": case.id, "user_id": users["bench_konselor_2"].id})
        env["sapa.case.team.member"].create(members)
        # Quick update: no e-mail to the assignee for each generated activity.
        env["mail.activity"].with_context(mail_activity_quick_update=True).create([
            {"res_model_id": case_model, "res_id": case.id, "activity_type_id": todo.id,
             "summary": "Call back", "user_id": manager.id}
            for case in cases if case.id % 23 == 3
        ])
        env.cr.commit()
        env.invalidate_all()
        print(f"  created {min(offset + batch, count)} / {count}", file=sys.stderr)
    return count, time.perf_counter() - start


def measure(env, fn, runs=7):
    for _warm_up in range(2):  # caches, prepared plans, each record's rules once
        fn()
        env.invalidate_all()
    times, queries = [], []
    for _run in range(runs):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(queries), statistics.median(times)


def web_health(db, odoo_args, requests_count=300):
    """Median latency (ms) and requests per second of Odoo's bare /web/health,
    one client, on a server started for it (threaded, no cron)."""
    [port] = benchlib.free_ports(PORTS)
    command = [
        sys.executable, str(Path(odoo.__file__).resolve().parent.parent / "odoo-bin"),
        *odoo_args, "-d", db, f"--db-filter=^{db}$", "--no-database-list",
        f"--http-interface={HOST}", f"--http-port={port}", "--max-cron-threads=0",
        "--log-level=warn",
    ]
    process = subprocess.Popen(command, start_new_session=True)  # noqa: S603
    url = f"http://{HOST}:{port}/web/health"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit("odoo-bin for /web/health did not start")
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        session = requests.Session()
        for _i in range(20):
            session.get(url, timeout=10)
        latencies = []
        started = time.perf_counter()
        for _i in range(requests_count):
            start = time.perf_counter()
            session.get(url, timeout=10).raise_for_status()
            latencies.append((time.perf_counter() - start) * 1000)
        return statistics.median(latencies), requests_count / (time.perf_counter() - started)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--populate-only", action="store_true",
                        help="create the cases and stop (kanban.sh then runs VACUUM ANALYZE)")
    parser.add_argument("--no-health", action="store_true",
                        help="do not measure /web/health (no server started)")
    args, odoo_args, registry = benchlib.open_registry(parser)
    reads = load_kanban_reads()
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        total, seconds = populate(env, args.cases)
        if seconds:
            print(f"created {args.cases} cases in {seconds:.0f} s "
                  f"({args.cases / seconds:.0f} cases/s, ORM create in batches of 1000)")
        if args.populate_only:
            return
        users = bench_users(env)
        cr.commit()
        load_before = os.getloadavg()[0]
        health = None if args.no_health else web_health(args.db, odoo_args)
        print(f"\n{total} cases, PostgreSQL {cr._cnx.server_version}, load average "
              f"{load_before:.2f} at the start")
        if health:
            print(f"/web/health (same run, before): {health[0]:.1f} ms median, "
                  f"{health[1]:.0f} req/s (1 client)")
        for label, login in (("Sub Koordinator", "bench_subkoor"),
                             ("Konselor", "bench_konselor")):
            uenv = env(user=users[login].id, su=False)
            info = reads.kanban_info(uenv)
            visible = uenv["sapa.case"].search_count(info["domain"])
            print(f"{label}: {visible} cases under the default filter {info['domain']}, "
                  f"{len(info['spec'])} card fields, {info['limit']} cards a column")
            groups, columns = reads.grouped_kanban(uenv, info)
            print(f"  {len(groups)} columns, {len(columns)} unfolded")
            readers = (
                ("grouped kanban", reads.grouped_kanban),
                ("  every open column unfolded",
                 lambda e, i: reads.grouped_kanban(e, i, open_all=True)),
                ("kanban page", reads.kanban_page),
            )
            for what, fn in readers:
                queries, ms = measure(uenv, lambda e=uenv, f=fn, i=info: f(e, i), args.runs)
                ratio = f", {ms / health[0]:.1f}x /web/health" if health else ""
                print(f"  {what:<30} {queries:>4.0f} queries {ms:>8.1f} ms "
                      f"(median of {args.runs}{ratio})")
        cr.rollback()
        if not args.no_health:
            after = web_health(args.db, odoo_args)
            print(f"/web/health (same run, after): {after[0]:.1f} ms median, "
                  f"{after[1]:.0f} req/s (1 client)")
        print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
