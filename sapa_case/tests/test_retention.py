# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)
"""Retention of personal data (UU 27/2022 PDP): closed cases past their company's
retention period are anonymised by the daily cron; statistics stay true."""

from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import SapaTestMixin, rows_with_text

# Every table where a case's personal data may be, searched as raw text.
TABLES = [
    "sapa_case", "sapa_case_victim", "sapa_case_perpetrator", "sapa_case_contact_attempt",
    "sapa_case_outreach_activity", "sapa_case_monitoring_checkin", "sapa_complaint",
    "sapa_letter", "mail_message", "mail_tracking_value", "ir_attachment", "mail_activity",
    "sapa_anonymisation_log",
]


def personal_values(tag):
    """Distinct personal values of one case (``tag`` keeps cases apart)."""
    return {
        "reporter": f"Kartini Wulandari {tag}",
        # Without the leading 0: found in the national and the E.164 form alike.
        "phone": {"A": "81299887761", "B": "81299887762", "C": "81299887763"}[tag],
        "story": f"Cerita rahasia pelapor {tag} QWXZ",
        "place": f"Jalan Mawar {tag} nomor 17",
        "victim": f"Melati Sukmawati {tag}",
        "victim_address": f"Gang Kenanga {tag} RT 03",
        "perpetrator": f"Darto Suparman {tag}",
        "identification": f"Identifikasi rahasia {tag} PLMK",
        "findings": f"Temuan kunjungan {tag} OKNJ",
        "final": f"Laporan akhir rahasia {tag} UHBG",
        "message": f"Catatan tentang korban {tag} YGVT",
        "safety": f"Alasan keselamatan {tag} TFCR",
        "evidence": f"bukti-{tag}-ZAQW.txt",
        "evidence_text": f"Isi bukti {tag} XSWE",
    }


@tagged("post_install", "-at_install")
class TestRetention(SapaTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sapa(login_prefix="retention")
        cls.tz = cls.company._sapa_timezone()
        cls.cases = {tag: cls._closed_case(tag) for tag in "ABC"}

    @classmethod
    def _closed_case(cls, tag):
        values = personal_values(tag)
        village = cls.env.ref("sapa_case.area_paledang_demo", raise_if_not_found=False)
        area = village and {
            "village_id": village.id,
            "district_id": village.parent_id.id,
            "regency_id": village.parent_id.parent_id.id,
            "state_id": village.state_id.id,
        } or {}
        complaint = cls.create_complaint(
            reporter_name=values["reporter"],
            reporter_phone="0" + values["phone"],
            description=values["story"],
            incident_place=values["place"],
            **area,
        )
        # cls.env is an Environment (pylint infers otherwise here).
        # pylint: disable-next=unsubscriptable-object
        evidence = cls.env["ir.attachment"].create({
            "name": values["evidence"],
            "raw": values["evidence_text"].encode(),
            "res_model": "sapa.complaint",
            "res_id": complaint.id,
        })
        complaint.sudo().attachment_ids = [Command.link(evidence.id)]
        complaint.with_user(cls.admin).action_accept()
        case = complaint.case_id
        case.with_user(cls.admin).message_post(body=values["message"])
        cls.walk_to(case, "closed", via="final_report", values={
            "identification": {
                "identification": values["identification"],
                "contact_safety_reason": values["safety"],
                "victim_ids": [Command.create({
                    "name": values["victim"], "sex": "female", "age": 12,
                    "address": values["victim_address"],
                })],
                "perpetrator_ids": [Command.create({"name": values["perpetrator"]})],
            },
            "outreach": {
                "outreach_activity_ids": [Command.create({
                    "activity_type": "home_visit", "place": values["place"],
                    "findings": values["findings"],
                })],
            },
            "final_report": {"final_report": values["final"]},
        })
        # Tracked: the old value would stay in mail_tracking_value.
        case.with_user(cls.subkoor).contact_safety_reason = values["safety"] + " (diubah)"
        cls.env.flush_all()
        return case

    def _close_on(self, case, local_dt):
        """Pretend ``case`` was closed at ``local_dt`` (at the Dinas)."""
        stored = self.tz.localize(local_dt).astimezone(pytz.utc).replace(tzinfo=None)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sapa_case SET date_step = %s WHERE id = %s", (stored, case.id)
        )
        case.invalidate_recordset()

    def _rows_with(self, text):
        return rows_with_text(self.env, TABLES, text)

    def _statistics(self):
        cases = self.env["sapa.case"].sudo().with_context(active_test=False)
        victims = self.env["sapa.case.victim"].sudo()
        complaints = self.env["sapa.complaint"].sudo()
        domain = [("id", "in", [case.id for case in self.cases.values()])]
        return {
            "cases": cases._read_group(
                domain,
                ["violence_type_ids", "regency_id", "district_id", "village_id",
                 "incident_date:day", "date_step:day", "stage_id", "is_urgent", "risk_level",
                 "decision", "occurrence_place_id"],
                ["__count"],
            ),
            "victims": victims._read_group(
                [("case_id", "in", domain[0][2])], ["sex", "age", "age_band_id", "is_child"],
                ["__count"],
            ),
            "complaints": complaints._read_group(
                [("case_id", "in", domain[0][2])],
                ["channel", "victim_sex", "victim_age_band_id", "date_received:day",
                 "village_id", "violence_type_ids", "state"],
                ["__count"],
            ),
            "simfoni": sorted(
                (case.name, tuple(case.violence_type_ids.mapped("code")), case.village_id.code)
                for case in cases.search(domain)
            ),
        }

    def _set_closing_dates(self):
        """A: closed 5 years and a day ago; B: closed 5 years ago minus a day (in
        its retention period); C: past it, but on legal hold."""
        today = self.company._sapa_today()
        limit = today - relativedelta(years=self.company.sapa_retention_years)
        self._close_on(self.cases["A"], datetime.combine(limit - timedelta(days=1), time(10)))
        self._close_on(self.cases["B"], datetime.combine(limit + timedelta(days=1), time(10)))
        self._close_on(self.cases["C"], datetime.combine(limit - timedelta(days=30), time(10)))
        self.cases["C"].with_user(self.kadin).legal_hold = True
        return limit

    # ------------------------------------------------------------------
    def test_cron_anonymises_only_closed_cases_past_retention_and_not_on_hold(self):
        self._set_closing_dates()
        for tag in "ABC":
            for key, text in personal_values(tag).items():
                self.assertTrue(self._rows_with(text), f"case {tag}: {key} must be stored first")
        before = self._statistics()

        anonymised = self.env["sapa.case"]._cron_anonymise_expired()

        self.assertEqual(anonymised, self.cases["A"])
        case_a = self.cases["A"]
        self.assertTrue(case_a.anonymised_date)
        leaks = {
            key: found for key, text in personal_values("A").items()
            if (found := self._rows_with(text))
        }
        self.assertFalse(leaks, "no personal value of the anonymised case stays anywhere")
        for tag in "BC":
            self.assertFalse(self.cases[tag].anonymised_date)
            for key, text in personal_values(tag).items():
                self.assertTrue(self._rows_with(text), f"case {tag} keeps its {key}")
        self.assertEqual(self._statistics(), before, "statistics are the same")

        # The evidence and the letters' stored PDFs are gone; the register stays.
        documents = case_a.sudo().complaint_ids
        self.assertFalse(documents.attachment_ids)
        letters = self.env["sapa.letter"].sudo().search([("case_id", "=", case_a.id)])
        self.assertTrue(letters)
        self.assertFalse(letters.attachment_id)
        self.assertFalse(self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "sapa.letter"), ("res_id", "in", letters.ids),
        ]))
        self.assertFalse(case_a.sudo().complaint_ids.tracking_hash)

        log = self.env["sapa.anonymisation.log"].with_user(self.manager).search(
            [("case_id", "=", case_a.id)]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.case_reference, case_a.name)
        self.assertEqual(log.retention_years, 5)
        self.assertTrue(log.user_id)
        self.assertIn("chatter messages", log.summary)

        # Run again: nothing more to do, and the case is not logged twice.
        self.assertFalse(self.env["sapa.case"]._cron_anonymise_expired())
        self.assertEqual(self.env["sapa.anonymisation.log"].sudo().search_count(
            [("case_id", "=", case_a.id)]), 1)

    def test_retention_period_counts_whole_days_at_the_dinas(self):
        # Closed late on the last day of the period (Dinas time) is past it; closed
        # the next morning is not, whatever the UTC hour the cron runs at.
        limit = self.company._sapa_today() - relativedelta(years=5)
        self._close_on(self.cases["A"], datetime.combine(limit, time(23, 30)))
        self._close_on(self.cases["B"], datetime.combine(limit + timedelta(days=1), time(0, 30)))
        self.assertEqual(self.env["sapa.case"]._cron_anonymise_expired(), self.cases["A"])
        # A longer period set by the Manager keeps the case.
        self.company.sapa_retention_years = 6
        self.assertFalse(self.env["sapa.case"]._cron_anonymise_expired())

    def test_lifting_the_legal_hold_lets_the_cron_anonymise(self):
        self._set_closing_dates()
        self.assertFalse(self.env["sapa.case"]._cron_anonymise_expired() & self.cases["C"])
        self.cases["C"].with_user(self.kadin).legal_hold = False
        self.assertEqual(self.env["sapa.case"]._cron_anonymise_expired(), self.cases["C"])

    def test_only_officials_set_a_legal_hold_and_nobody_writes_the_log(self):
        case = self.cases["A"]
        for user in (self.admin, self.subkoor, self.konselor):
            with self.assertRaisesRegex(UserError, "legal hold"):
                case.with_user(user).legal_hold = True
        for user in (self.admin, self.manager):
            with self.assertRaises(AccessError):
                case.with_user(user).anonymised_date = "2020-01-01 00:00:00"
        with self.assertRaises(AccessError):
            self.env["sapa.anonymisation.log"].with_user(self.manager).create({
                "case_reference": case.name, "company_id": self.company.id,
                "user_id": self.manager.id,
            })
        with self.assertRaises(AccessError):
            self.env["sapa.anonymisation.log"].with_user(self.admin).search([])

    def test_retention_period_is_at_least_a_year(self):
        new_company = self.env["res.company"].create({"name": "Dinas X"})
        self.assertEqual(new_company.sapa_retention_years, 5)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.company.sapa_retention_years = 0
            self.env.flush_all()

    def test_the_manager_sets_the_retention_period_and_nothing_else_of_the_company(self):
        server_action = self.env.ref("sapa_case.sapa_settings_action").with_user(self.manager)
        action = server_action.run()
        self.assertEqual((action["res_model"], action["res_id"]), ("res.company", self.company.id))
        self.company.with_user(self.manager).write({"sapa_retention_years": 10})
        self.assertEqual(self.company.sapa_retention_years, 10)
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).write({"name": "Dinas Lain"})
        with self.assertRaises(AccessError):
            self.company.with_user(self.admin).write({"sapa_retention_years": 1})
        self.assertEqual(self.company.sapa_retention_years, 10)
