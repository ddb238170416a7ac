"""SAPA's one clock: every SAPA date is a date in the Dinas' time zone.

Each test runs the date-sensitive paths at instants on both sides of midnight
in Jakarta (17:00 UTC), with staff whose own time zone is another one: the
dates must follow the company's time zone, never UTC nor the user's.
``freeze_time`` moves Python's clock only (PostgreSQL's ``now()`` stays real),
so expectations come from Python-side values.
"""

from datetime import date, datetime, timedelta

from odoo.tests import freeze_time, tagged

from .common import SapaCaseCommon

# 23:59 in Jakarta (still 30 November there) and 00:01 (already 1 December).
BEFORE_MIDNIGHT_WIB = datetime(2026, 11, 30, 16, 59)
AFTER_MIDNIGHT_WIB = datetime(2026, 11, 30, 17, 1)
INSTANTS = {
    BEFORE_MIDNIGHT_WIB: date(2026, 11, 30),
    AFTER_MIDNIGHT_WIB: date(2026, 12, 1),
}


@tagged("post_install", "-at_install")
class TestClock(SapaCaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.sapa_tz = "Asia/Jakarta"
        # Staff elsewhere (a laptop set to UTC, a user in Papua): SAPA's dates
        # must not follow them.
        cls.admin.tz = "UTC"
        cls.subkoor.tz = "Asia/Jayapura"
        cls.kadin.tz = "UTC"

    def test_today_is_the_date_at_the_dinas_on_both_sides_of_17_utc(self):
        for instant, local_day in INSTANTS.items():
            with self.subTest(instant=instant), freeze_time(instant):
                self.assertEqual(self.company._sapa_today(), local_day)
                self.assertEqual(self.company._sapa_now().tzinfo.zone, "Asia/Jakarta")

    def test_the_company_time_zone_decides_not_jakarta(self):
        # 15:01 UTC is 00:01 of the next day in Papua (WIT, UTC+9), still
        # 22:01 of the same day in Jakarta.
        with freeze_time(datetime(2026, 11, 30, 15, 1)):
            self.assertEqual(self.company._sapa_today(), date(2026, 11, 30))
            self.company.sapa_tz = "Asia/Jayapura"
            self.assertEqual(self.company._sapa_today(), date(2026, 12, 1))

    def test_deadline_of_a_new_case_counts_from_the_date_at_the_dinas(self):
        received = self.stages["received"]
        for instant, local_day in INSTANTS.items():
            with self.subTest(instant=instant), freeze_time(instant):
                case = self.create_case()
                self.assertEqual(
                    case.date_deadline, local_day + timedelta(days=received.sla_days)
                )

    def test_entering_a_step_sets_deadline_and_activity_from_the_local_date(self):
        verification = self.stages["verification"]
        verification.write({"sla_days": 2, "sla_days_urgent": 1})
        for instant, local_day in INSTANTS.items():
            with self.subTest(instant=instant), freeze_time(instant):
                case = self.new_case_at("verification")
                expected = local_day + timedelta(days=2)
                self.assertEqual(case.date_deadline, expected)
                self.assertEqual(self.activities_of(case, "verification").date_deadline, expected)

    def test_overdue_turns_on_at_local_midnight_in_compute_and_search(self):
        case = self.new_case_at("identification")
        Case = self.env["sapa.case"].with_user(self.subkoor)
        case.sudo().date_deadline = date(2026, 11, 30)
        for instant, overdue in ((BEFORE_MIDNIGHT_WIB, False), (AFTER_MIDNIGHT_WIB, True)):
            with self.subTest(instant=instant), freeze_time(instant):
                case.invalidate_recordset(["is_overdue"])
                self.assertEqual(case.is_overdue, overdue)
                found = Case.search([("id", "=", case.id), ("is_overdue", "=", True)])
                self.assertEqual(bool(found), overdue)

    def test_letters_are_dated_and_numbered_at_the_dinas(self):
        # The surat tugas signed at 00:01 WIB on 1 December is a December letter.
        for instant, local_day in INSTANTS.items():
            with self.subTest(instant=instant), freeze_time(instant):
                case = self.new_case_at("outreach")
                letter = self.env["sapa.letter"].sudo().search(
                    [("res_model", "=", "sapa.case"), ("res_id", "=", case.id)]
                )
                self.assertEqual(letter.date, local_day)
                roman = "XI" if local_day.month == 11 else "XII"
                self.assertTrue(letter.name.endswith(f"/{roman}/{local_day.year}"), letter.name)

    def test_references_take_the_year_at_the_dinas(self):
        # 17:01 UTC on 31 December is already New Year in Jakarta.
        with freeze_time(datetime(2026, 12, 31, 16, 59)):
            self.assertIn("/2026/", self.create_complaint().name)
        with freeze_time(datetime(2026, 12, 31, 17, 1)):
            complaint = self.create_complaint()
            self.assertIn("/2027/", complaint.name)
            complaint.with_user(self.admin).action_accept()
            self.assertIn("/2027/", complaint.case_id.name)

    def test_archive_date_and_monitoring_plan_follow_the_local_date(self):
        for instant, local_day in INSTANTS.items():
            with self.subTest(instant=instant):
                case = self.new_case_at("final_report")
                with freeze_time(instant):
                    self.advance(case, via="final_report")
                case_sudo = case.sudo()
                self.assertEqual(case_sudo.final_report_archived_date, local_day)
                self.assertEqual(
                    case_sudo.monitoring_next_date,
                    local_day + timedelta(days=case_sudo.monitoring_interval_days),
                )

    def test_receipt_time_and_received_date_agree(self):
        # Received at 00:30 WIB on 1 December: "1 Desember" on the receipt and
        # on the status page, never 30 November.
        with freeze_time(datetime(2026, 11, 30, 17, 30)):
            complaint = self.create_complaint()
        self.assertEqual(complaint._date_received_local(), date(2026, 12, 1))
        self.assertEqual(
            self.env["sapa.letter"]._format_datetime_id(complaint.date_received, self.company),
            "1 Desember 2026 pukul 00.30 WIB",
        )
