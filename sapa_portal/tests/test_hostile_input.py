# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)
"""Hostile values in every posted field of every public SAPA route: never a 5xx,
the page again with a message, nothing stored that was not a real answer.

The fields attacked on the complaint form are read from the rendered form
itself: a field added to the template is attacked without changing this file
(and must be known to the model's reading of the form, or the first test fails).
"""

from lxml import html
from werkzeug.urls import url_encode

from odoo.addons.sapa_case.utils.phone import to_e164  # pylint: disable=import-error
from odoo.tests import new_test_user, tagged

from ..models import sapa_complaint as complaint_model
from .common import PNG, SapaPortalCase

# (what it is, value); bytes are posted as they are (not UTF-8 on purpose).
HOSTILE_VALUES = [
    ("beyond PostgreSQL's integer", "99999999999999999999"),
    ("beyond PostgreSQL's bigint", "9" * 40),
    ("negative", "-1"),
    ("zero", "0"),
    ("not a number", "abc"),
    ("decimal", "1.5"),
    ("SQL", "1; DROP TABLE sapa_complaint"),
    ("unknown id", "2147483647"),
    ("huge", "9" * 300_000),
    ("NUL byte", "1\x00"),
    ("control characters", "abc\x07\x1b[2J"),
    ("not UTF-8", b"\xff\xfe\xc3\x28 abc"),
]

# Fields whose real answers are free text: a "hostile" value may be a real
# answer there (a story made of digits, a number that is a Jakarta landline);
# it must then be stored as typed (the phone number in E.164).
REAL_ANSWER = {
    "reporter_name": lambda complaint, value: complaint.reporter_name == value.strip(),
    "description": lambda complaint, value: complaint.description == value.strip(),
    "reporter_phone": lambda complaint, value: (
        complaint.reporter_phone_e164 == to_e164(value.strip())
    ),
}


@tagged("post_install", "-at_install")
class TestHostileInput(SapaPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env["sapa.complaint"].with_context(mail_create_nolog=True).create(
            {"channel": "online", "description": "A complaint to look up.",
             "state_id": cls.province.id}
        )
        cls.code = cls.complaint._generate_tracking_code()

    def form_fields(self):
        """Every name the public form posts (without the CSRF token)."""
        doc = html.fromstring(self.url_open("/en/sapa/pengaduan").content)
        names = set(doc.xpath(
            "//form[contains(@class, 'o_sapa_complaint_form')]//*[@name]/@name"
        ))
        names.discard("csrf_token")
        return names

    def assert_answered(self, response, what):
        self.assertLess(response.status_code, 500, what)
        self.assertNotIn("Internal Server Error", response.text, what)

    def test_every_posted_field_is_read_by_the_model(self):
        known = (
            {name for name, _keep in complaint_model.FORM_TEXT + complaint_model.FORM_MULTILINE}
            | set(complaint_model.FORM_LISTS)
            | set(complaint_model.FORM_FLAGS)
            | set(complaint_model.FORM_FILES)
            | {"homepage", "sapa_refresh_areas"}
        )
        self.assertEqual(self.form_fields() - known, set())

    def test_hostile_values_in_each_field_of_the_form(self):
        fields = self.form_fields() - {"attachment"}
        self.assertGreater(len(fields), 15)
        area_of_another_province = {
            "state_id": str(self.other_province.id),
            "regency_id": str(self.other_regency.id),
            "district_id": str(self.other_district.id),
            "village_id": str(self.other_village.id),
        }
        Complaint = self.env["sapa.complaint"]
        for field in sorted(fields):
            values = list(HOSTILE_VALUES)
            if field in area_of_another_province:
                values.append(("another province's area", area_of_another_province[field]))
            for what, value in values:
                with self.subTest(field=field, value=what):
                    before = self.complaints()
                    data = self.valid_data()
                    data[field] = [value, value] if field == "violence_type_ids" else value
                    response = self.submit(data)
                    self.assert_answered(response, f"{field}: {what}")
                    created = self.complaints() - before
                    if field == "homepage":
                        # The honeypot: a robot's answer, stored and held, never dropped.
                        self.assertEqual(created.portal_hold_reason, "honeypot")
                        continue
                    if field == "sapa_refresh_areas":
                        self.assertFalse(created)
                        continue
                    if created:
                        # Only a real answer to a free-text question, stored as typed.
                        self.assertIn(field, REAL_ANSWER, f"{field}: {what} was accepted")
                        self.assertTrue(REAL_ANSWER[field](created, value), f"{field}: {what}")
                        continue
                    # The form again, with a message and what was typed.
                    self.assertTrue(self.form_error(response), f"{field}: {what}")
                    self.assertIn('name="csrf_token"', response.text)
        # Nothing odd reached the database.
        stored = Complaint.search([]).read(["reporter_name", "description"])
        self.assertFalse([row for row in stored if "\x00" in str(row) or "\ufffd" in str(row)])

    def test_hostile_files(self):
        cases = [
            ("a name with a NUL byte", [("foto\x00.png", PNG)]),
            ("a huge name", [("x" * 100_000 + ".png", PNG)]),
            ("a name that is not UTF-8", [(b"\xff\xfe.png".decode("latin-1"), b"\xff\xfe")]),
            ("too many files", [(f"f{i}.png", PNG) for i in range(40)]),
            ("no name", [(".png", PNG)]),
        ]
        for what, uploads in cases:
            with self.subTest(files=what):
                files = [("attachment", (name, content, "image/png")) for name, content in uploads]
                response = self.submit(self.valid_data(), files=files)
                self.assert_answered(response, what)
                if response.url.endswith("/terkirim"):
                    # Accepted: a real picture under a name made safe.
                    complaint = self.env["sapa.complaint"].search(
                        [("name", "=", self.receipt(response)["reference"])]
                    )
                    self.assertTrue(complaint.attachment_ids)
                    for name in complaint.attachment_ids.mapped("name"):
                        self.assertLessEqual(len(name), 84)
                        self.assertTrue(name.isprintable(), name)
                else:
                    self.assertIn("attachment", self.field_errors(response))

    def test_missing_or_forged_csrf_token_gives_the_form_back_with_the_answers(self):
        before = self.complaints()
        self.csrf_token()  # a session exists
        for token in (None, "0" * 40 + "o9999999999", "\x00", "x" * 100_000):
            with self.subTest(token=str(token)[:20]):
                data = self.valid_data()
                if token is not None:
                    data["csrf_token"] = token
                response = self.submit(data, token=False)
                self.assertEqual(response.status_code, 400)
                self.assertIn("the form had expired", self.form_error(response))
                self.assertIn("almost every night", response.text)
                self.assertIn('value="0812-3456-7890"', response.text)
                # A fresh token: sending again works.
                self.assertRegex(response.text, r'name="csrf_token" value="[0-9a-f]+o\d+"')
        self.assertEqual(self.complaints(), before)

    def test_status_and_receipt_download_with_hostile_reference_and_code(self):
        for url in ("/en/sapa/status", "/en/sapa/tanda-terima"):
            for what, value in HOSTILE_VALUES:
                for field in ("reference", "code"):
                    with self.subTest(url=url, field=field, value=what):
                        data = {"reference": self.complaint.name, "code": self.code,
                                "csrf_token": self.csrf_token("/en/sapa/status")}
                        data[field] = value
                        response = self.url_open(url, data=data, files={"x": ("", b"")})
                        self.assert_answered(response, what)
                        self.assertNotEqual(response.headers.get("Content-Type"),
                                            "application/pdf")
                        self.assertIn("No report matches", response.text)
        # A query string on the status form is read as bounded text only.
        for what, value in HOSTILE_VALUES:
            if isinstance(value, str):
                response = self.url_open("/en/sapa/status?" + url_encode({"ref": value[:5000]}))
                self.assert_answered(response, what)

    def test_area_lists_with_hostile_parameters(self):
        for what, value in HOSTILE_VALUES:
            if isinstance(value, bytes):
                value = value.decode("latin-1")
            value = value[:5000]  # a query string, not a body
            for params in ({"level": "district", "parent": value}, {"level": value, "parent": "1"}):
                with self.subTest(value=what, params=list(params)):
                    response = self.url_open("/sapa/wilayah?" + url_encode(params))
                    self.assert_answered(response, what)
                    self.assertEqual(response.json(), [])

    def test_my_complaints_with_numbers_beyond_an_id(self):
        new_test_user(self.env, login="portal_test_hostile", groups="base.group_portal",
                      lang="id_ID")
        self.authenticate("portal_test_hostile", "portal_test_hostile")
        for url in ("/my/sapa-complaints/99999999999999999999",
                    "/my/sapa-complaints/0",
                    "/my/sapa-complaints/page/99999999999999999999"):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assert_answered(response, url)
