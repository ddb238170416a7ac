"""Kanban read over many SAPA cases: SQL queries and time of one page.

Run through bench/kanban.sh (it prepares the database); directly:
    python bench/bench_kanban.py --db sapa_bench --cases 100000 [odoo options]

It creates the cases once (ORM create in batches, as an import would), then
measures, as a Sub Koordinator (sees all cases) and as a Konselor (record rule
on the outreach team):
  * web_search_read of 80 cards in the default order (the ungrouped kanban/list);
  * the grouped kanban: web_read_group by stage plus one web_search_read per
    unfolded column, as the web client does.
Each figure is the median of several runs after one warm-up; the query count is
Odoo's own per-cursor counter.
"""

import argparse
import statistics
import sys
import time

import odoo
from odoo import api
from odoo.tools import config

CARD_SPEC = {
    "name": {},
    "is_urgent": {},
    "color": {},
    "is_overdue": {},
    "date_deadline": {},
    "risk_level": {},
    "stage_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "team_user_ids": {"fields": {"display_name": {}}},
    "violence_type_ids": {"fields": {"display_name": {}}},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}
DOMAIN = [("step", "!=", "closed")]
COLUMN_LIMIT = 40  # records the kanban loads per column
COUNT_LIMIT = 10001  # the web client counts up to this, for the pager


def populate(env, count, batch=1000):
    Case = env["sapa.case"].with_context(tracking_disable=True, mail_create_nolog=True,
                                         mail_create_nosubscribe=True)
    existing = Case.search_count([])
    if existing >= count:
        return existing, 0.0
    stages = env["sapa.case.stage"].search([])
    types = env["sapa.violence.type"].search([])
    users = env["res.users"].search([("share", "=", False)], limit=5)
    counselor = users[-1]
    start = time.perf_counter()
    for offset in range(existing, count, batch):
        vals_list = []
        for i in range(offset, min(offset + batch, count)):
            vals_list.append({
                "summary": f"Bench case {i}",
                "is_urgent": i % 7 == 0,
                "user_id": users[i % len(users)].id,
                "violence_type_ids": [(6, 0, [types[i % len(types)].id])],
            })
        cases = Case.create(vals_list)
        # Spread the cases over the SOP's stages (bypassing the guard is the
        # point of a data generator) and give a tenth of them a team.
        by_stage = {}
        for case_id in cases.ids:
            by_stage.setdefault(stages[case_id % len(stages)], []).append(case_id)
        for stage, ids in by_stage.items():
            env.cr.execute(
                "UPDATE sapa_case SET stage_id = %s, step = %s WHERE id = ANY(%s)",
                (stage.id, stage.step, ids),
            )
        env["sapa.case.team.member"].create([
            {"case_id": case.id, "user_id": counselor.id, "role": "counselor"}
            for case in cases if case.id % 10 == 0
        ])
        env.cr.commit()
        env.invalidate_all()
        print(f"  created {min(offset + batch, count)} / {count}", file=sys.stderr)
    return count, time.perf_counter() - start


def measure(env, label, fn, runs=7):
    fn()  # warm-up: caches, prepared plans
    times, queries = [], []
    for _run in range(runs):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        queries.append(env.cr.sql_log_count - before)
    print(f"{label:<52} {statistics.median(queries):>5.0f} queries "
          f"{statistics.median(times):>8.1f} ms (median of {runs})")


def kanban_page(env):
    return env["sapa.case"].web_search_read(
        DOMAIN, CARD_SPEC, limit=80, count_limit=COUNT_LIMIT
    )


def grouped_kanban(env):
    Case = env["sapa.case"]
    groups = Case.web_read_group(DOMAIN, ["stage_id"], ["stage_id"], lazy=True)
    for group in groups["groups"]:
        if group.get("__fold"):
            continue
        Case.web_search_read(
            group["__domain"], CARD_SPEC, limit=COLUMN_LIMIT, count_limit=COUNT_LIMIT
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--populate-only", action="store_true",
                        help="create the cases and stop (kanban.sh then runs VACUUM ANALYZE)")
    args, odoo_args = parser.parse_known_args()
    config.parse_config(["-d", args.db, *odoo_args])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        total, seconds = populate(env, args.cases)
        if seconds:
            print(f"created {args.cases} cases in {seconds:.0f} s "
                  f"({args.cases / seconds:.0f} cases/s, ORM create in batches of 1000)")
        if args.populate_only:
            return
        subkoor = env["res.users"].search([("login", "=", "bench_subkoor")])
        if not subkoor:
            subkoor = env["res.users"].create({
                "name": "Bench Sub Koordinator", "login": "bench_subkoor",
                "groups_id": [(6, 0, [env.ref("sapa_case.group_sapa_subcoordinator").id])],
            })
        counselor_id = env["sapa.case.team.member"].search([], limit=1).user_id
        counselor_id.groups_id = [(4, env.ref("sapa_case.group_sapa_counselor").id)]
        cr.commit()
        print(f"\n{total} cases, PostgreSQL {cr._cnx.server_version}, "
              f"user-visible: all (Sub Koordinator) / team only (Konselor)")
        for label, user in (("Sub Koordinator", subkoor), ("Konselor", counselor_id)):
            uenv = env(user=user.id, su=False)
            measure(uenv, f"{label}: kanban page (web_search_read, 80)",
                    lambda e=uenv: kanban_page(e))
            measure(uenv, f"{label}: grouped kanban (read_group + columns)",
                    lambda e=uenv: grouped_kanban(e))
        cr.rollback()


if __name__ == "__main__":
    main()
