from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged
from odoo.tools import html2plaintext

from .common import SapaCaseCommon, create_role_user

# 05:00 UTC is the same calendar day in Jakarta (UTC+7) and in Europe: the cron
# (run as the superuser) and the Konselor agree on "today".
DAY_0 = "2026-12-01 05:00:00"


def on(day):
    """freeze_time at 05:00 UTC on ``day`` (a date)."""
    return freeze_time(f"{day.isoformat()} 05:00:00")


@tagged("post_install", "-at_install")
class TestMonitoring(SapaCaseCommon):
    def case_in_monitoring(self, interval=7, target=2, end_date=False):
        return self.new_case_at("monitoring", values={"referral": {
            "monitoring_interval_days": interval,
            "monitoring_checkin_target": target,
            "monitoring_end_date": end_date,
        }})

    def run_cron(self):
        self.env["sapa.case"]._cron_schedule_monitoring()

    def monitoring_activities(self, case):
        return self.activities_of(case, "monitoring")

    def check_in(self, case, condition="stable", user=None, **values):
        return self.env["sapa.case.monitoring.checkin"].with_user(user or self.konselor).create(
            dict({"case_id": case.id, "condition": condition}, **values)
        )

    def complete(self, case):
        case.invalidate_recordset(["monitoring_complete"])
        return case.monitoring_complete

    # ------------------------------------------------------------------
    # The cron
    # ------------------------------------------------------------------
    @freeze_time(DAY_0)
    def test_cron_asks_the_konselor_when_a_check_in_is_due_not_before_and_not_twice(self):
        case = self.case_in_monitoring(interval=7)
        self.assertEqual(case.monitoring_next_date, date(2026, 12, 8))
        self.run_cron()
        self.assertFalse(self.monitoring_activities(case), "nothing due on the first day")
        with on(date(2026, 12, 7)):
            self.run_cron()
            self.assertFalse(self.monitoring_activities(case), "not before the date")
        with on(date(2026, 12, 8)):
            # Through the scheduled action itself, as the server runs it.
            self.env.ref("sapa_case.ir_cron_sapa_monitoring").method_direct_trigger()
            activity = self.monitoring_activities(case)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.konselor)
            self.assertEqual(activity.date_deadline, date(2026, 12, 8))
            self.assertIn(case.name, activity.summary)
            self.run_cron()
            self.assertEqual(self.monitoring_activities(case), activity, "not twice")
        with on(date(2026, 12, 11)):
            self.run_cron()
            self.assertEqual(self.monitoring_activities(case), activity, "not again when late")

    @freeze_time(DAY_0)
    def test_cron_asks_every_konselor_of_the_team_else_the_case_manager(self):
        case = self.case_in_monitoring(interval=7)
        second = create_role_user(self.env, "counselor", "t_sapa_konselor_2")
        case.sudo().team_member_ids = [
            Command.create({"user_id": second.id, "role": "counselor"})
        ]
        without_konselor = self.case_in_monitoring(interval=7)
        without_konselor.sudo().team_member_ids.filtered(lambda m: m.role == "counselor").unlink()
        with on(date(2026, 12, 8)):
            self.run_cron()
        self.assertEqual(self.monitoring_activities(case).user_id, self.konselor | second)
        self.assertEqual(self.monitoring_activities(without_konselor).user_id, self.subkoor)

    @freeze_time(DAY_0)
    def test_cron_ignores_cases_outside_monitoring(self):
        case = self.case_in_monitoring(interval=7)
        other = self.new_case_at("referral")
        other.sudo().monitoring_next_date = date(2026, 11, 1)
        with on(date(2026, 12, 8)):
            due = self.env["sapa.case"]._cron_schedule_monitoring()
        self.assertIn(case, due)
        self.assertNotIn(other, due)
        self.assertFalse(self.monitoring_activities(other))

    # ------------------------------------------------------------------
    # Check-ins
    # ------------------------------------------------------------------
    @freeze_time(DAY_0)
    def test_a_check_in_records_the_condition_closes_the_activity_and_moves_the_next_date(self):
        case = self.case_in_monitoring(interval=7)
        with on(date(2026, 12, 8)):
            self.run_cron()
            activity = self.monitoring_activities(case)
            self.assertTrue(activity)
        with on(date(2026, 12, 9)):
            checkin = self.check_in(case, "at_risk", note="The stepfather came back home.")
            self.assertEqual(checkin.condition, "at_risk")
            self.assertEqual(checkin.date, date(2026, 12, 9))
            self.assertEqual(checkin.user_id, self.konselor)
            self.assertFalse(activity.exists(), "the check-in closes the activity")
            done = case.message_ids.filtered(
                lambda m: m.mail_activity_type_id == self.activity_type["monitoring"]
            )
            self.assertEqual(len(done), 1)
            self.assertIn("Check-in recorded.", html2plaintext(done.body))
            # The next check-in counts from the one just done.
            self.assertEqual(case.monitoring_next_date, date(2026, 12, 16))
            self.run_cron()
            self.assertFalse(self.monitoring_activities(case), "nothing due until the 16th")
        with on(date(2026, 12, 16)):
            self.run_cron()
            self.assertEqual(len(self.monitoring_activities(case)), 1)

    @freeze_time(DAY_0)
    def test_a_check_in_before_its_due_date_is_an_unscheduled_contact(self):
        case = self.case_in_monitoring(interval=14)
        self.assertEqual(case.monitoring_next_date, date(2026, 12, 15))
        with on(date(2026, 12, 5)):
            with self.assertRaisesRegex(ValidationError, "unscheduled contact"):
                self.check_in(case)
            contact = self.check_in(case, "at_risk", is_unscheduled=True)
        self.assertTrue(contact.exists())
        self.assertEqual(case.checkin_count, 0, "an unscheduled contact is not a check-in")
        self.assertEqual(case.monitoring_next_date, date(2026, 12, 15), "the plan keeps its date")
        with on(date(2026, 12, 15)):
            self.run_cron()
            self.assertTrue(self.monitoring_activities(case), "the planned check-in is still due")
            self.check_in(case)
        self.assertEqual(case.checkin_count, 1)
        self.assertEqual(case.monitoring_next_date, date(2026, 12, 29))

    @freeze_time(DAY_0)
    def test_two_check_ins_on_one_day_do_not_complete_a_plan(self):
        case = self.case_in_monitoring(interval=14, target=2)
        with on(date(2026, 12, 15)):
            self.check_in(case)
            with self.assertRaisesRegex(ValidationError, "unscheduled contact"):
                self.check_in(case)
            self.check_in(case, is_unscheduled=True)
            self.assertFalse(self.complete(case))
            with self.assertRaisesRegex(UserError, "the check-ins of the monitoring plan"):
                case.with_user(self.konselor).action_close()
        with on(date(2026, 12, 29)):
            self.check_in(case, "safe")
            self.assertTrue(self.complete(case))

    @freeze_time(DAY_0)
    def test_the_plan_cannot_change_once_the_final_report_is_signed(self):
        case = self.new_case_at("final_report", via="final_report")
        case.with_user(self.subkoor).write({"monitoring_interval_days": 21})  # not signed yet
        # The walker writes the final report and the case manager signs it.
        self.fill(case, "final_report", monitoring_interval_days=30)
        with self.assertRaisesRegex(UserError, "the plan can no longer change"):
            case.with_user(self.subkoor).write({"monitoring_interval_days": 14})
        with self.assertRaisesRegex(UserError, "the plan can no longer change"):
            case.with_user(self.subkoor).write({"monitoring_checkin_target": 5})
        # Writing the same values (e.g. a form saving every field) is no change.
        case.with_user(self.subkoor).write({"monitoring_interval_days": 30})
        self.assertEqual(case.monitoring_interval_days, 30)

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    @freeze_time(DAY_0)
    def test_the_case_closes_only_after_the_planned_number_of_check_ins(self):
        case = self.case_in_monitoring(interval=7, target=2)
        with on(date(2026, 12, 8)):
            self.check_in(case)
            self.assertFalse(self.complete(case))
            with self.assertRaisesRegex(UserError, "the check-ins of the monitoring plan"):
                case.with_user(self.konselor).action_close()
            self.assert_stage(case, "monitoring")
        with on(date(2026, 12, 15)):
            self.check_in(case, "safe")
            self.assertTrue(self.complete(case))
            self.assertEqual(case.checkin_count, 2)
        with on(date(2026, 12, 22)):
            # A complete plan asks for no more check-ins.
            self.run_cron()
            self.assertFalse(self.monitoring_activities(case))
            case.with_user(self.konselor).action_close()
        self.assertEqual(case.step, "closed")

    @freeze_time(DAY_0)
    def test_the_case_closes_only_after_the_end_date_of_the_plan(self):
        case = self.case_in_monitoring(interval=10, target=0, end_date=date(2026, 12, 31))
        with on(date(2026, 12, 11)):
            self.check_in(case)
            self.check_in(case, is_unscheduled=True)
            self.check_in(case, is_unscheduled=True)
            self.assertFalse(self.complete(case), "check-ins alone do not end a dated plan")
            with self.assertRaisesRegex(UserError, "the check-ins of the monitoring plan"):
                case.with_user(self.konselor).action_close()
        with on(date(2026, 12, 30)):
            self.assertFalse(self.complete(case))
        with on(date(2026, 12, 31)):
            self.assertTrue(self.complete(case))
            case.invalidate_recordset(["monitoring_complete"])
            case.with_user(self.konselor).action_close()
        self.assertEqual(case.step, "closed")

    @freeze_time(DAY_0)
    def test_a_dated_plan_without_any_check_in_is_not_complete(self):
        case = self.case_in_monitoring(interval=10, target=0, end_date=date(2026, 12, 31))
        with on(date(2027, 1, 15)):
            self.assertFalse(self.complete(case))
            with self.assertRaisesRegex(UserError, "the check-ins of the monitoring plan"):
                case.with_user(self.konselor).action_close()
        self.assert_stage(case, "monitoring")
