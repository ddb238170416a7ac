import base64
import csv
import io
import re
from collections import Counter
from datetime import date, datetime

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_simfoni_export import PERPETRATOR_NAME, VICTIM_NAME, SimfoniCommon


@tagged("post_install", "-at_install")
class TestMonthlyRecap(SimfoniCommon):
    """The monthly recap letter: its figures are the SIMFONI-PPA export's for
    the same month, Kepala Dinas signs it as a numbered SAPA letter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls.reported_case(datetime(2026, 3, 3, 3, 0))
        cls.second = cls.reported_case(
            datetime(2026, 3, 20, 3, 0), victims=1,
            violence_type_ids=[Command.set(cls.type_sexual.ids)],
            occurrence_place_id=cls.env.ref("sapa_case.occurrence_place_school").id,
        )
        cls.second.sudo().victim_ids.write({"age": 30, "sex": "male"})
        cls.bare = cls.reported_case(datetime(2026, 3, 25, 3, 0), victims=0,
                                     occurrence_place_id=False)
        cls.april = cls.reported_case(datetime(2026, 4, 2, 3, 0))
        env = cls.company.env  # the test's environment (superuser)
        cls.recap = env["sapa.monthly.recap"].with_user(cls.kabid).create(
            {"year": 2026, "month": "3"}
        )

    def exported_rows(self):
        wizard = self.env["sapa.simfoni.export"].with_user(self.kadin).create({
            "date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31), "file_format": "csv",
        })
        wizard.action_export()
        content = base64.b64decode(wizard.file_data).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(content)))

    def test_the_recap_s_figures_equal_the_export_s(self):
        rows = self.exported_rows()
        figures = self.recap.with_user(self.kadin)._figures()
        victims = [row for row in rows if row["victim_sex_code"]]
        self.assertEqual(figures["victims"], len(victims))
        self.assertEqual(figures["victims"], 3)
        self.assertEqual(figures["cases"], len({row["case_ref"] for row in rows}))
        self.assertEqual(figures["new_cases"], 3)
        by_type = Counter(
            (code, row["victim_age_band_code"], row["victim_sex_code"])
            for row in victims for code in row["violence_type_codes"].split(";")
        )
        self.assertEqual(dict(figures["by_type_band_sex"]), dict(by_type))
        self.assertEqual(figures["by_type_band_sex"]["sexual", "25_44", "male"], 1)
        places = {}
        for row in rows:
            places.setdefault(row["place_code"], set()).add(row["case_ref"])
        self.assertEqual(figures["cases_by_place"],
                         {code: len(refs) for code, refs in places.items()})
        relations = Counter(
            row[column] for row in victims for column in row
            if re.fullmatch(r"perpetrator_\d+_relation_code", column) and row[column]
        )
        self.assertEqual(dict(figures["perpetrators_by_relation"]), dict(relations))
        services = Counter(code for row in victims for code in row["service_codes"].split(";"))
        self.assertEqual(dict(figures["victims_by_service"]), dict(services))
        self.assertEqual(figures["kdrt_cases"], 3)
        self.assertEqual(figures["not_ready"], 1)

    def test_the_printed_recap_shows_the_figures_and_no_name(self):
        html, _type = self.env["ir.actions.report"].with_user(self.kabid)._render_qweb_html(
            "sapa_case.action_report_sapa_monthly_recap", self.recap.ids
        )
        html = html.decode()
        self.assertIn("Rekapitulasi Kasus Kekerasan", html)
        self.assertIn("Maret", html)
        figures = self.recap.with_user(self.kabid)._figures()
        for (code, band, sex), count in figures["by_type_band_sex"].items():
            self.assertRegex(html, rf'data-cell="{code}/{band}/{sex}"[^>]*>{count}<')
        self.assertRegex(html, r'class="recap-victims">3<')
        for secret in (VICTIM_NAME, PERPETRATOR_NAME, self.first.name):
            self.assertNotIn(secret, html)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.subkoor)._render_qweb_html(
                "sapa_case.action_report_sapa_monthly_recap", self.recap.ids
            )

    def test_kepala_dinas_signs_it_once_as_a_numbered_letter(self):
        with self.assertRaises(UserError):
            self.recap.with_user(self.kabid).action_sign()
        self.recap.with_user(self.kadin).action_sign()
        letter = self.recap.letter_id
        self.assertTrue(letter.name)
        self.assertEqual(letter.signatory_id, self.kadin)
        self.assertEqual(letter.letter_type_id.code, "monthly_recap")
        self.assertIn(b"Rekapitulasi", letter.attachment_id.raw)
        with self.assertRaises(UserError):
            self.recap.with_user(self.kadin).action_sign()
        log = self.env["sapa.report.log"].search(
            [("report", "=", "monthly_recap"), ("user_id", "=", self.kadin.id)]
        )
        self.assertEqual((log.case_count, log.date_from), (3, date(2026, 3, 1)))

    def test_the_current_month_is_signed_only_once_it_is_over(self):
        today = self.company._sapa_today()
        recap = self.env["sapa.monthly.recap"].with_user(self.kabid).create(
            {"year": today.year, "month": str(today.month)}
        )
        with self.assertRaisesRegex(UserError, "not over"):
            recap.with_user(self.kadin).action_sign()

    def test_one_recap_per_month_and_company(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["sapa.monthly.recap"].with_user(self.kabid).create(
                {"year": 2026, "month": "3"}
            )
        self.assertEqual(self.recap.name, "Rekapitulasi Maret 2026")
