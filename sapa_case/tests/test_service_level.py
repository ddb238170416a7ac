from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FINAL_REPORT_PATH, SapaCaseCommon


@tagged("post_install", "-at_install")
class TestStepHistory(SapaCaseCommon):
    """Every stage change leaves one row of step history, written by SAPA's own
    code whatever the path, read by each role as the case is."""

    def history(self, case):
        return self.env["sapa.case.step.history"].search(
            [("case_id", "=", case.id)], order="date_in, id"
        )

    def test_a_walked_case_has_one_stay_per_step_entered_chained_in_time(self):
        case = self.new_case_at("closed", via="final_report")
        stays = self.history(case)
        self.assertEqual(stays.mapped("step"), FINAL_REPORT_PATH)
        for stay, following in zip(stays, stays[1:], strict=False):
            self.assertEqual(stay.date_out, following.date_in, stay.step)
            self.assertGreaterEqual(stay.duration_days, 0)
        self.assertFalse(stays[-1].date_out, "the current step is still open")
        self.assertEqual(stays.filtered(lambda s: s.step == "verification").user_id, self.kabid)
        self.assertEqual(stays.filtered(lambda s: s.step == "approval").user_id, self.kadin)
        self.assertEqual(stays.filtered(lambda s: s.step == "identification").user_id,
                         self.subkoor)
        self.assertEqual(stays.filtered(lambda s: s.step == "verification").left_by_id,
                         self.kabid)

    def test_a_send_back_opens_a_new_stay_in_the_earlier_step(self):
        case = self.new_case_at("verification")
        case.with_user(self.kabid)._send_back("The identification is too short.")
        self.assertEqual(
            self.history(case).mapped("step"),
            ["received", "identification", "verification", "identification"],
        )
        self.assertEqual(len(self.history(case).filtered(lambda s: not s.date_out)), 1)

    def test_the_deadline_of_the_step_is_kept_on_its_stay(self):
        case = self.new_case_at("outreach")
        stay = self.history(case)[-1]
        self.assertEqual(stay.step, "outreach")
        self.assertEqual(stay.date_deadline, case.date_deadline)

    def test_cases_older_than_the_history_get_their_current_stay_on_update(self):
        case = self.new_case_at("verification")
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM sapa_case_step_history WHERE case_id = %s", [case.id])
        self.env["sapa.case.step.history"]._sapa_backfill()
        [stay] = self.history(case)
        self.assertEqual((stay.step, stay.date_in, stay.date_out, stay.date_deadline),
                         ("verification", case.date_step, False, case.date_deadline))
        self.env["sapa.case.step.history"]._sapa_backfill()
        self.assertEqual(len(self.history(case)), 1, "idempotent")

    def test_no_role_writes_creates_or_deletes_the_history(self):
        case = self.new_case_at("identification")
        stay = self.history(case)[0]
        for role in ("admin", "subcoordinator", "counselor", "head_agency", "manager"):
            user = self.users[role]
            with self.subTest(role=role):
                with self.assertRaises(AccessError):
                    stay.with_user(user).write({"date_out": "2026-01-02 00:00:00"})
                with self.assertRaises(AccessError):
                    self.env["sapa.case.step.history"].with_user(user).create({
                        "case_id": case.id, "step": "closed",
                        "stage_id": self.stages["closed"].id, "date_in": "2026-01-02 00:00:00",
                    })
                with self.assertRaises(AccessError):
                    stay.with_user(user).unlink()

    def test_the_history_is_read_as_the_case_is(self):
        case = self.new_case_at("outreach")  # the walker puts self.konselor on the team
        other_counselor = self.env["res.users"].create({
            "name": "Konselor elsewhere", "login": "t_sla_other_counselor",
            "groups_id": [(6, 0, self.env.ref("sapa_case.group_sapa_counselor").ids)],
        })
        History = self.env["sapa.case.step.history"]
        domain = [("case_id", "=", case.id)]
        self.assertEqual(History.with_user(self.konselor).search_count(domain), 5)
        self.assertEqual(History.with_user(self.admin).search_count(domain), 5)
        self.assertEqual(History.with_user(other_counselor).search_count(domain), 0)
        with self.assertRaises(AccessError):
            History.with_user(self.internal_user).search_count(domain)
        with self.assertRaises(AccessError):
            History.with_user(self.portal_user).search_count(domain)


@tagged("post_install", "-at_install")
class TestServiceLevelReport(SapaCaseCommon):
    """Per step, month and person responsible: cases entered, median and 90th
    percentile of the days in the step, deadlines passed, overdue now."""

    # 2026-03-02 09:00 in Jakarta (UTC+7).
    T0 = datetime(2026, 3, 2, 2, 0)

    def rows(self, user=None, **where):
        domain = [(key, "=", value) for key, value in where.items()]
        return self.env["sapa.service.level.report"].with_user(user or self.kabid).search(domain)

    def cases_leaving_received_after(self, days):
        """One case per number of days, each moved on from 'received' that many
        days after it was opened."""
        cases = []
        for day in days:
            with freeze_time(self.T0):
                case = self.create_case()
            with freeze_time(self.T0 + timedelta(days=day)):
                self.advance(case)
            cases.append(case)
        return cases

    def test_median_and_90th_percentile_of_the_days_in_a_step(self):
        self.cases_leaving_received_after([1, 2, 3, 4, 5])
        self.env.flush_all()
        [row] = self.rows(step="received", month="2026-03-01", user_id=self.admin.id)
        self.assertEqual(row.case_count, 5)
        self.assertEqual(row.done_count, 5)
        self.assertAlmostEqual(row.median_days, 3.0, places=4)
        # percentile_cont: linear between the 4th and 5th of 5 values.
        self.assertAlmostEqual(row.p90_days, 4.6, places=4)
        sla = self.stages["received"].sla_days
        self.assertEqual(row.late_count, len([day for day in (1, 2, 3, 4, 5) if day > sla]))
        self.assertEqual(row.overdue_now_count, 0)
        # The next step counts the same cases as entered, none moved on yet.
        [row] = self.rows(step="identification", month="2026-03-01", user_id=self.subkoor.id)
        self.assertEqual((row.case_count, row.done_count), (5, 0))

    def test_the_month_is_the_dinas_month_not_utc(self):
        # 31 March 17:30 UTC is already 1 April in Jakarta.
        with freeze_time(datetime(2026, 3, 31, 17, 30)):
            self.create_case()
        self.env.flush_all()
        months = self.rows(step="received", user_id=self.admin.id).mapped("month")
        self.assertEqual([str(month) for month in months], ["2026-04-01"])

    def test_overdue_now_counts_the_cases_waiting_past_their_deadline(self):
        with freeze_time(datetime.now() - timedelta(days=10)):
            late = self.create_case()
        self.create_case()  # opened today: within its deadline
        self.env.flush_all()
        rows = self.rows(step="received", user_id=self.admin.id)
        self.assertEqual(sum(rows.mapped("overdue_now_count")), 1)
        self.assertEqual(sum(rows.mapped("late_count")), 1)
        overdue = self.env["sapa.service.level.report"].with_user(self.kabid).search(
            [("overdue_now_count", ">", 0), ("user_id", "=", self.admin.id)]
        )
        self.assertEqual(sum(overdue.mapped("overdue_now_count")), 1)
        stays = self.env["sapa.case.step.history"].with_user(self.kabid).search(
            [("is_overdue_now", "=", True), ("case_id.user_id", "=", False)]
        )
        self.assertIn(late, stays.case_id)
        self.assertEqual(len(stays.filtered(lambda stay: stay.case_id.create_uid == self.admin)),
                         1)

    def test_only_kepala_bidang_and_above_read_the_report(self):
        self.create_case()
        self.env.flush_all()
        for role in ("head_division", "head_agency", "manager"):
            with self.subTest(role=role):
                self.assertTrue(self.rows(user=self.users[role]))
        for role in ("admin", "subcoordinator", "counselor", "internal", "portal"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.rows(user=self.users[role])
        menu = self.env.ref("sapa_case.sapa_service_level_report_menu")
        for role, visible in (("head_division", True), ("head_agency", True), ("manager", True),
                              ("subcoordinator", False), ("admin", False)):
            with self.subTest(menu=role):
                menus = self.env["ir.ui.menu"].with_user(self.users[role])._visible_menu_ids()
                self.assertEqual(menu.id in menus, visible)

    def test_another_company_s_figures_stay_out(self):
        other = self.env["res.company"].create({"name": "Dinas PPPA Lain"})
        self.create_case()
        self.env["sapa.case"].with_company(other).sudo().create({"company_id": other.id})
        self.env.flush_all()
        companies = self.rows(user=self.kabid).mapped("company_id")
        self.assertEqual(companies, self.company)
