"""Reporting reads over many SAPA cases: SQL queries and time of the SIMFONI-PPA
export, the monthly recap and the service-level report (issue 13).

Run through bench/reporting.sh (it prepares the database); directly:
    python bench/bench_reporting.py --db sapa_bench_reporting --cases 100000 [odoo options]

It creates the cases once (ORM create in batches of 1,000 with their victims and
perpetrators, as an import would), then, in SQL (a data generator, not the SOP):
spreads the cases' creation over the past 365 days (their reporting date, as
cases without a complaint), gives every other case an outreach activity, and
writes each case's step history along the stages up to its own (durations of
0 to 9.6 days, deterministic). Then it measures, as Kepala Dinas (a user, record
rules applied), the median of several runs after a warm-up:

  * the SIMFONI-PPA dataset of one month (``sapa.simfoni._dataset``), and the
    XLSX built from it;
  * the recap's figures of that month (``sapa.monthly.recap._figures``) and its
    QWeb HTML (the PDF's input; wkhtmltopdf's own time is not counted);
  * the service-level report: the pivot (read_group by step and month), the
    list's first page, and the "overdue now" count of the step history.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta

import benchlib  # bench/, the script's folder

import odoo
from odoo import api


def populate(env, count, batch=1000):
    Case = env["sapa.case"].with_context(tracking_disable=True, mail_create_nolog=True,
                                         mail_create_nosubscribe=True)
    existing = Case.search_count([])
    if existing >= count:
        return existing, 0.0
    stages = env["sapa.case.stage"].search([])
    types = env["sapa.violence.type"].search([])
    places = env["sapa.occurrence.place"].search([])
    relations = env["sapa.perpetrator.relation"].search([])
    education = env["sapa.education.level"].search([])
    occupations = env["sapa.occupation"].search([])
    users = env["res.users"].search([("share", "=", False)], limit=5)
    regency, districts = _areas(env)
    start = time.perf_counter()
    for offset in range(existing, count, batch):
        vals_list = []
        for i in range(offset, min(offset + batch, count)):
            district = districts[i % len(districts)]
            vals_list.append({
                "summary": f"Bench case {i}",
                "user_id": users[i % len(users)].id,
                "violence_type_ids": [(6, 0, types[i % len(types)].ids
                                       + types[(i // 3) % len(types)].ids)],
                "occurrence_place_id": places[i % len(places)].id,
                "state_id": regency.state_id.id,
                "regency_id": regency.id,
                "district_id": district.id,
                "is_domestic": i % 3 == 0,
                "victim_ids": [(0, 0, {
                    "name": f"Bench victim {i}-{k}", "sex": ("female", "male")[(i + k) % 2],
                    "age": 1 + (i * 7 + k) % 70,
                    "education_level_id": education[i % len(education)].id,
                    "occupation_id": occupations[i % len(occupations)].id,
                }) for k in range(1 + i % 2)],
                "perpetrator_ids": [(0, 0, {
                    "name": f"Bench perpetrator {i}", "sex": "male", "age": 18 + i % 50,
                    "relation_id": relations[i % len(relations)].id,
                })],
            })
        cases = Case.create(vals_list)
        by_stage = {}
        for case_id in cases.ids:
            by_stage.setdefault(stages[case_id % len(stages)], []).append(case_id)
        for stage, ids in by_stage.items():
            env.cr.execute(
                "UPDATE sapa_case SET stage_id = %s, step = %s WHERE id = ANY(%s)",
                (stage.id, stage.step, ids),
            )
        env.cr.commit()
        env.invalidate_all()
        print(f"  created {min(offset + batch, count)} / {count}", file=sys.stderr)
    _spread_in_time(env)
    env.cr.commit()
    return count, time.perf_counter() - start


def _areas(env):
    Area = env["sapa.area"]
    regency = Area.search([("code", "=", "BENCH")])
    if not regency:
        state = env["res.country.state"].search([("country_id.code", "=", "ID")], limit=1)
        regency = Area.create({"name": "Kota Bench", "code": "BENCH", "level": "regency",
                               "state_id": state.id})
        Area.create([{"name": f"Kecamatan Bench {n}", "code": f"BENCH{n:02d}",
                      "level": "district", "state_id": state.id, "parent_id": regency.id}
                     for n in range(1, 11)])
    return regency, Area.search([("parent_id", "=", regency.id)])


def _spread_in_time(env):
    """Reporting dates over the past year, outreach activities, step history."""
    cr = env.cr
    cr.execute("""
        UPDATE sapa_case SET create_date = (now() AT TIME ZONE 'UTC')
            - ((id * 37) % 365) * interval '1 day' - ((id * 13) % 24) * interval '1 hour'
    """)
    cr.execute("""
        INSERT INTO sapa_case_outreach_activity (case_id, company_id, activity_type, date,
                                                 create_uid, write_uid, create_date, write_date)
        SELECT id, company_id,
               (ARRAY['home_visit', 'advocacy', 'accompaniment', 'assessment'])[1 + id % 4],
               create_date::date, 1, 1, now(), now()
          FROM sapa_case c WHERE id % 2 = 0
           AND NOT EXISTS (SELECT 1 FROM sapa_case_outreach_activity a WHERE a.case_id = c.id)
    """)
    cr.execute("DELETE FROM sapa_case_step_history")
    cr.execute("""
        WITH ranked AS (
            SELECT id, step, row_number() OVER (ORDER BY sequence, id) AS rnk
              FROM sapa_case_stage
        ), stays AS (
            SELECT c.id AS case_id, c.company_id, s.step, s.id AS stage_id, s.rnk,
                   cs.rnk AS current_rnk, c.create_date, c.is_urgent, c.user_id,
                   ((c.id * 7919 + s.rnk * 104729) % 97) / 10.0 AS days
              FROM sapa_case c
              JOIN ranked cs ON cs.id = c.stage_id
              JOIN ranked s ON s.rnk <= cs.rnk
        ), timed AS (
            SELECT *, create_date + COALESCE(SUM(days) OVER (
                       PARTITION BY case_id ORDER BY rnk
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) * interval '1 day'
                       AS date_in
              FROM stays
        )
        INSERT INTO sapa_case_step_history (
            case_id, company_id, step, stage_id, date_in, date_out, date_deadline, user_id,
            is_urgent, duration_days, is_late, create_uid, write_uid, create_date, write_date)
        SELECT case_id, company_id, step, stage_id, date_in,
               CASE WHEN rnk < current_rnk THEN date_in + days * interval '1 day' END,
               (date_in + interval '2 days')::date, user_id, is_urgent,
               CASE WHEN rnk < current_rnk THEN days END,
               rnk < current_rnk AND days > 2, 1, 1, now(), now()
          FROM timed
    """)


def measure(env, label, fn, runs=5):
    fn()  # warm-up: caches, prepared plans
    times, queries = [], []
    result = None
    for _run in range(runs):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
        queries.append(env.cr.sql_log_count - before)
    print(f"{label:<58} {statistics.median(queries):>6.0f} queries "
          f"{statistics.median(times):>9.1f} ms (median of {runs})")
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--cases", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("export", "recap", "service_level"),
                        help="measure only this part")
    parser.add_argument("--populate-only", action="store_true",
                        help="create the data and stop (reporting.sh then runs VACUUM ANALYZE)")
    args, _odoo_args, registry = benchlib.open_registry(parser)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        total, seconds = populate(env, args.cases)
        if seconds:
            print(f"created {args.cases} cases in {seconds:.0f} s (ORM create in batches of "
                  f"1000 with victims and perpetrators, then SQL for dates and history)")
        if args.populate_only:
            return
        kadin = env["res.users"].search([("login", "=", "bench_kadin")])
        if not kadin:
            kadin = env["res.users"].create({
                "name": "Bench Kepala Dinas", "login": "bench_kadin", "tz": "Asia/Jakarta",
                "groups_id": [(6, 0, [env.ref("sapa_case.group_sapa_head_agency").id])],
            })
        company = env.company
        first = company._sapa_today().replace(day=1)
        date_to = first - timedelta(days=1)
        date_from = date_to.replace(day=1)
        recap = env["sapa.monthly.recap"].search([
            ("company_id", "=", company.id), ("year", "=", date_from.year),
            ("month", "=", str(date_from.month)),
        ]) or env["sapa.monthly.recap"].create({
            "company_id": company.id, "year": date_from.year, "month": str(date_from.month),
        })
        cr.commit()
        history = env["sapa.case.step.history"].search_count([])
        print(f"\n{total} cases, {history} step-history rows, PostgreSQL "
              f"{cr._cnx.server_version}; as Kepala Dinas; month {date_from:%Y-%m}")
        uenv = env(user=kadin.id, su=False)
        simfoni = uenv["sapa.simfoni"]
        if args.only in (None, "export"):
            measure_export(uenv, simfoni, company, date_from, date_to, args.runs)
        if args.only in (None, "recap"):
            urecap = recap.with_env(uenv)
            measure(uenv, "monthly recap figures (_figures)", lambda: urecap._figures(),
                    args.runs)
            measure(uenv, "monthly recap QWeb HTML (the PDF's input)",
                    lambda: uenv["ir.actions.report"]._render_qweb_html(
                        "sapa_case.action_report_sapa_monthly_recap", recap.ids), args.runs)
        if args.only in (None, "service_level"):
            measure_service_level(uenv, args.runs)
        cr.rollback()


def measure_export(uenv, simfoni, company, date_from, date_to, runs):
    data = measure(uenv, "SIMFONI-PPA dataset of the month (_dataset)",
                   lambda: simfoni._dataset(company, date_from, date_to), runs)
    print(f"  {len(data['cases'])} cases, {len(data['victims'])} victim rows, "
          f"{len(data['long'])} long rows")
    measure(uenv, "SIMFONI-PPA export of the month (_dataset + XLSX)",
            lambda: simfoni._to_xlsx(simfoni._dataset(company, date_from, date_to)),
            runs)
    quarter_from = ((date_from - timedelta(days=1)).replace(day=1)
                    - timedelta(days=1)).replace(day=1)
    data = measure(uenv, "SIMFONI-PPA dataset of three months",
                   lambda: simfoni._dataset(company, quarter_from, date_to), runs)
    print(f"  {len(data['cases'])} cases, {len(data['victims'])} victim rows")


def measure_service_level(uenv, runs):
    report = uenv["sapa.service.level.report"]
    measure(uenv, "service level pivot (read_group step x month)",
            lambda: report.read_group(
                [], ["case_count:sum", "median_days:avg", "p90_days:avg",
                     "late_count:sum", "overdue_now_count:sum"],
                ["step", "month:month"], lazy=False), runs)
    measure(uenv, "service level list (first 80 rows)",
            lambda: report.web_search_read([], {
                "month": {}, "step": {}, "user_id": {"fields": {"display_name": {}}},
                "case_count": {}, "median_days": {}, "p90_days": {}, "late_count": {},
                "overdue_now_count": {}}, limit=80), runs)
    measure(uenv, "step history: count of 'overdue now'",
            lambda: uenv["sapa.case.step.history"].search_count(
                [("is_overdue_now", "=", True)]), runs)


if __name__ == "__main__":
    main()
