import base64
import csv
import io
import zipfile
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import SapaTestMixin

# Distinctive identifying values: none may reach an export file.
VICTIM_NAME = "Melati Kusumawardani"
VICTIM_ADDRESS = "Jl. Kenanga Gg. Mawar No. 17 RT 03/RW 05"
NIK = "3171014509100007"
PERPETRATOR_NAME = "Bambang Suryohadi"
REPORTER_NAME = "Ratna Widyaningsih"
REPORTER_PHONE = "0812-7777-3131"
INCIDENT_PLACE = "Warung kopi di belakang pasar Cempaka"
STORY = "Kronologi rahasia yang tidak boleh keluar"


class SimfoniMixin(SapaTestMixin):
    """Regions, lists and reported cases of the SIMFONI-PPA tests (call
    ``_setup_simfoni`` after ``_setup_sapa``)."""

    @classmethod
    def _setup_simfoni(cls):
        env = cls.env
        cls.province = env["res.country.state"].create({
            "name": "DKI Jakarta (test)", "code": "T31", "country_id": env.ref("base.id").id,
        })
        Area = env["sapa.area"]
        cls.regency = Area.create({"name": "Kota Test", "code": "T3171", "level": "regency",
                                   "state_id": cls.province.id})
        cls.district = Area.create({"name": "Kec. Test", "code": "T317101", "level": "district",
                                    "state_id": cls.province.id, "parent_id": cls.regency.id})
        cls.village = Area.create({"name": "Kel. Test", "code": "T3171011001", "level": "village",
                                   "state_id": cls.province.id, "parent_id": cls.district.id})
        cls.household = env.ref("sapa_case.occurrence_place_household")
        cls.parent = env.ref("sapa_case.perpetrator_relation_parent")
        cls.neighbour = env.ref("sapa_case.perpetrator_relation_neighbour")
        cls.sd = env.ref("sapa_case.education_level_sd")
        cls.student = env.ref("sapa_case.occupation_student")

    @classmethod
    def reported_case(cls, received, victims=2, **case_values):
        """A case whose complaint was received at ``received`` (naive UTC), with
        the classification and people SIMFONI-PPA needs, filled by the Sub
        Koordinator."""
        case = cls.create_case(
            date_received=received, reporter_name=REPORTER_NAME, reporter_phone=REPORTER_PHONE,
            incident_place=INCIDENT_PLACE, description=STORY,
            state_id=cls.province.id, regency_id=cls.regency.id,
            district_id=cls.district.id, village_id=cls.village.id,
            violence_type_ids=[Command.set((cls.type_physical | cls.type_psychological).ids)],
        )
        as_subkoor = case.with_user(cls.subkoor)
        as_subkoor.write({
            "occurrence_place_id": cls.household.id,
            "is_domestic": True,
            "summary": f"{STORY} {NIK}",
            "victim_ids": [
                Command.create({
                    "name": f"{VICTIM_NAME} {number}", "age": 9 + number, "sex": "female",
                    "address": f"{VICTIM_ADDRESS} {NIK}", "education_level_id": cls.sd.id,
                    "occupation_id": cls.student.id,
                }) for number in range(victims)
            ],
            **case_values,
        })
        if victims:
            as_subkoor.write({"perpetrator_ids": [
                Command.create({"name": PERPETRATOR_NAME, "age": 40, "sex": "male",
                                "relation_id": cls.parent.id,
                                "victim_id": case.sudo().victim_ids[0].id}),
                Command.create({"name": f"{PERPETRATOR_NAME} Jr", "age": 19, "sex": "male",
                                "relation_id": cls.neighbour.id}),
            ]})
        return case


class SimfoniCommon(SimfoniMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sapa()
        cls._setup_simfoni()

    def dataset(self, date_from, date_to, user=None):
        return self.env["sapa.simfoni"].with_user(user or self.kadin)._dataset(
            self.company, date_from, date_to
        )

    def export(self, file_format, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31),
               user=None):
        wizard = self.env["sapa.simfoni.export"].with_user(user or self.kadin).create({
            "date_from": date_from, "date_to": date_to, "file_format": file_format,
        })
        wizard.action_check()
        wizard.action_export()
        return wizard, base64.b64decode(wizard.file_data)


@tagged("post_install", "-at_install")
class TestSimfoniExport(SimfoniCommon):
    def test_one_row_per_victim_with_codes_and_simfoni_labels(self):
        case = self.reported_case(datetime(2026, 3, 10, 3, 0))
        self.env["sapa.case.outreach.activity"].with_user(self.konselor).sudo().create(
            {"case_id": case.id, "activity_type": "advocacy"}
        )
        data = self.dataset(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual(len(data["victims"]), 2)
        first, second = data["victims"]
        self.assertEqual(first["case_ref"], case.name)
        self.assertEqual(first["reporting_date"], date(2026, 3, 10))
        self.assertEqual((first["regency_code"], first["village_code"]), ("T3171", "T3171011001"))
        self.assertEqual((first["place_code"], first["place_label"]), ("household", "Rumah Tangga"))
        self.assertEqual(first["kdrt"], "Ya")
        self.assertEqual(first["violence_type_codes"], "physical;psychological")
        self.assertEqual(first["violence_type_labels"], "Fisik;Psikis")
        self.assertEqual((first["victim_sex_code"], first["victim_sex_label"]),
                         ("female", "Perempuan"))
        self.assertEqual((first["victim_age_band_code"], first["victim_age_band_label"]),
                         ("6_12", "6-12"))
        self.assertEqual(second["victim_age_band_code"], "6_12")
        self.assertEqual(first["victim_child_adult_label"], "Anak")
        self.assertEqual((first["victim_education_code"], first["victim_education_label"]),
                         ("sd", "SD"))
        self.assertEqual(first["victim_occupation_label"], "Pelajar")
        self.assertEqual(first["service_codes"], "complaint;legal_aid")
        self.assertEqual(first["service_labels"], "Pengaduan;Bantuan Hukum")
        # The first victim's own perpetrator and the one linked to no victim; the
        # second victim only the unlinked one.
        self.assertEqual([perp["relation_label"] for perp in first["perpetrators"]],
                         ["Orang Tua", "Tetangga"])
        self.assertEqual([perp["relation_code"] for perp in second["perpetrators"]],
                         ["neighbour"])
        self.assertEqual(first["perpetrators"][0]["age_band_code"], "25_44")
        self.assertEqual(first["perpetrators"][1]["age_band_label"], "18-24")
        self.assertEqual(first["perpetrators"][0]["sex_label"], "Laki-laki")
        self.assertEqual(first["ready"], "Ya")

    def test_csv_has_perpetrators_in_columns_and_the_long_file_one_row_per_value(self):
        self.reported_case(datetime(2026, 3, 10, 3, 0))
        _wizard, content = self.export("csv")
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[0]["perpetrator_1_relation_code"], "parent")
        self.assertEqual(rows[0]["perpetrator_2_relation_code"], "neighbour")
        self.assertEqual(rows[1]["perpetrator_1_relation_code"], "neighbour")
        self.assertEqual(rows[1]["perpetrator_2_relation_code"], "")
        _wizard, content = self.export("csv_long")
        long_rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        values = {(row["victim_no"], row["field"], row["code"]) for row in long_rows}
        self.assertEqual(values, {
            ("1", "violence_type", "physical"), ("1", "violence_type", "psychological"),
            ("2", "violence_type", "physical"), ("2", "violence_type", "psychological"),
            ("1", "service", "complaint"), ("2", "service", "complaint"),
            ("1", "perpetrator_relation", "parent"), ("1", "perpetrator_relation", "neighbour"),
            ("2", "perpetrator_relation", "neighbour"),
        })
        self.assertEqual(len(long_rows), len(values))

    def test_no_identifying_field_reaches_any_export_file(self):
        self.reported_case(datetime(2026, 3, 10, 3, 0))
        _wizard, xlsx = self.export("xlsx")
        with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
            names = archive.namelist()
            self.assertIn("xl/worksheets/sheet2.xml", names, "the long sheet is there")
            texts = [archive.read(name).decode("utf-8", "replace") for name in names]
        texts += [self.export(kind)[1].decode("utf-8-sig") for kind in ("csv", "csv_long")]
        phone_digits = REPORTER_PHONE.replace("-", "")
        for text in texts:
            for secret in (VICTIM_NAME, "Kenanga", NIK, PERPETRATOR_NAME, REPORTER_NAME,
                           REPORTER_PHONE, phone_digits, phone_digits[1:], INCIDENT_PLACE,
                           "Kronologi"):
                self.assertNotIn(secret, text)
        header = self.export("csv")[1].decode("utf-8-sig").splitlines()[0]
        for word in ("name", "nik", "phone", "address", "age,", "story", "description"):
            self.assertNotIn(word, header.lower())
        self.assertIn("village_code", header)  # the desa, and nothing below it

    def test_the_ready_check_lists_what_each_case_lacks(self):
        ready = self.reported_case(datetime(2026, 3, 10, 3, 0))
        bare = self.reported_case(datetime(2026, 3, 11, 3, 0), victims=0,
                                  occurrence_place_id=False)
        wizard = self.env["sapa.simfoni.export"].with_user(self.kadin).create(
            {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
        )
        wizard.action_check()
        self.assertEqual((wizard.state, wizard.case_count, wizard.not_ready_count),
                         ("checked", 2, 1))
        self.assertIn(bare.name, wizard.missing_report)
        self.assertNotIn(ready.name, wizard.missing_report)
        self.assertIn("place of occurrence", wizard.missing_report)
        self.assertIn("a victim", wizard.missing_report)
        rows = self.dataset(date(2026, 3, 1), date(2026, 3, 31))["victims"]
        bare_row = next(row for row in rows if row["case_ref"] == bare.name)
        self.assertEqual(bare_row["ready"], "Tidak")
        self.assertIn("place of occurrence", bare_row["missing"])

    def test_the_period_is_the_dinas_days_of_the_first_complaint(self):
        inside = self.reported_case(datetime(2026, 3, 31, 16, 59))  # 23:59 in Jakarta
        after = self.reported_case(datetime(2026, 3, 31, 17, 0))  # 1 April in Jakarta
        before = self.reported_case(datetime(2026, 2, 28, 17, 0))  # 1 March in Jakarta
        cases = self.dataset(date(2026, 3, 1), date(2026, 3, 31))["cases"]
        self.assertEqual(set(cases.ids), {inside.id, before.id})
        self.assertNotIn(after, cases)

    def test_only_kepala_dinas_and_the_manager_export(self):
        self.reported_case(datetime(2026, 3, 10, 3, 0))
        for role in ("head_agency", "manager"):
            with self.subTest(role=role):
                wizard, content = self.export("csv", user=self.users[role])
                self.assertEqual(wizard.state, "done")
                self.assertTrue(content)
        for role in ("head_division", "subcoordinator", "admin", "counselor", "internal"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["sapa.simfoni.export"].with_user(self.users[role]).create(
                    {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
                )
        menu = self.env.ref("sapa_case.sapa_simfoni_export_menu")
        for role, visible in (("head_agency", True), ("manager", True),
                              ("head_division", False)):
            menus = self.env["ir.ui.menu"].with_user(self.users[role])._visible_menu_ids()
            self.assertEqual(menu.id in menus, visible, role)

    def test_the_export_is_logged_with_each_case_read(self):
        case = self.reported_case(datetime(2026, 3, 10, 3, 0))
        self.export("xlsx")
        log = self.env["sapa.report.log"].search([("user_id", "=", self.kadin.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.report, log.date_from, log.case_count, log.row_count, log.file_format),
            ("simfoni_export", date(2026, 3, 1), 1, 2, "xlsx"),
        )
        access = self.env["sapa.case.access.log"].search(
            [("case_id", "=", case.id), ("user_id", "=", self.kadin.id)]
        )
        self.assertTrue(access)
        with self.assertRaises(AccessError):
            log.with_user(self.manager).unlink()

    def test_the_wizard_form_defaults_to_last_month(self):
        form = Form(self.env["sapa.simfoni.export"].with_user(self.kadin))
        today = self.company._sapa_today()
        self.assertEqual(form.date_to, today.replace(day=1) - timedelta(days=1))
        self.assertEqual(form.date_from, form.date_to.replace(day=1))
        with self.assertRaises(UserError):
            self.env["sapa.simfoni.export"].with_user(self.kadin).create(
                {"date_from": date(2026, 3, 2), "date_to": date(2026, 3, 1)}
            )

    def test_the_input_sheet_of_a_case_shows_simfoni_labels_and_no_identity(self):
        case = self.reported_case(datetime(2026, 3, 10, 3, 0))
        html, _type = self.env["ir.actions.report"].with_user(self.kadin)._render_qweb_html(
            "sapa_case.action_report_sapa_simfoni_sheet", case.ids
        )
        html = html.decode()
        for text in ("Lembar Input SIMFONI-PPA", case.name, "10 Maret 2026", "Rumah Tangga",
                     "Fisik;Psikis", "Perempuan", "6-12", "Anak", "Pelajar", "Orang Tua",
                     "Tetangga", "Korban 2", "Kel. Test"):
            self.assertIn(text, html)
        for secret in (VICTIM_NAME, "Kenanga", NIK, PERPETRATOR_NAME, REPORTER_NAME,
                       REPORTER_PHONE, INCIDENT_PLACE, "Kronologi"):
            self.assertNotIn(secret, html)
        self.assertTrue(self.env["sapa.case.access.log"].search(
            [("case_id", "=", case.id), ("user_id", "=", self.kadin.id)]
        ))
        for role in ("head_division", "admin"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(self.users[role])._render_qweb_html(
                    "sapa_case.action_report_sapa_simfoni_sheet", case.ids
                )


@tagged("post_install", "-at_install")
class TestSimfoniExportQueries(SimfoniCommon):
    """The export reads in bounded SQL: as many queries for 50 cases as for 5."""

    def queries_of_export(self, date_from, date_to):
        simfoni = self.env["sapa.simfoni"].with_user(self.kadin)
        # Warm the caches that do not depend on the cases (ACLs, rules, ormcache)
        # with a first run; then count the queries of a run on cold records.
        simfoni._dataset(self.company, date_from, date_to)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        data = simfoni._dataset(self.company, date_from, date_to)
        simfoni._to_xlsx(data)
        return self.env.cr.sql_log_count - before, len(data["victims"])

    def test_query_count_does_not_grow_with_the_number_of_cases(self):
        for day in range(5):
            self.reported_case(datetime(2026, 1, 5 + day, 3, 0))
        for index in range(50):
            self.reported_case(datetime(2026, 2, 1 + index % 27, 3, 0))
        few, few_rows = self.queries_of_export(date(2026, 1, 1), date(2026, 1, 31))
        many, many_rows = self.queries_of_export(date(2026, 2, 1), date(2026, 2, 28))
        self.assertEqual((few_rows, many_rows), (10, 100))
        self.assertEqual(many, few)
        self.assertLess(few, 40)
