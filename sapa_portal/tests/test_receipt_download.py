# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

import re
import shutil
import subprocess
import tempfile
from datetime import date, datetime

from odoo.tests import tagged
from odoo.tools.misc import format_date

from .common import SapaPortalCase

STORY = "Story of the receipt complaint that only staff may read."
PHONE = "081298765432"


@tagged("post_install", "-at_install")
class TestReceiptDownload(SapaPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env["sapa.complaint"].with_context(mail_create_nolog=True).create(
            {
                "channel": "online",
                "reporter_name": "Rahasia Pelapor Tanda Terima",
                "reporter_phone": PHONE,
                "description": STORY,
                "state_id": cls.province.id,
            }
        )
        cls.code = cls.complaint._generate_tracking_code()

    def download(self, reference, code, csrf=True):
        data = {"reference": reference, "code": code}
        if csrf:
            data["csrf_token"] = self.csrf_token("/en/sapa/status")
        return self.url_open("/en/sapa/tanda-terima", data=data)

    @staticmethod
    def neutral(response, *typed):
        text = re.sub(r'(name="csrf_token" value="|csrf_token: ")[^"]*"', "", response.text)
        for value in typed:
            text = text.replace(value, "TYPED")
        return text

    def assert_no_identity(self, text):
        self.assertNotIn("Story of the receipt complaint", text)
        self.assertNotIn(PHONE, text)
        self.assertNotIn("Rahasia Pelapor", text)

    def pdf_text(self, content):
        self.assertTrue(content.startswith(b"%PDF"), content[:40])
        pdftotext = shutil.which("pdftotext")
        if not pdftotext:
            return None
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            return subprocess.run(  # noqa: S603 (a fixed program on a file of the test)
                [pdftotext, "-layout", pdf.name, "-"], capture_output=True, check=True, text=True
            ).stdout

    def test_right_code_downloads_the_issued_receipt(self):
        letter = self.env["sapa.letter"].with_context(force_report_rendering=True)._issue(
            self.complaint, "receipt", self.env.ref("base.user_admin")
        )
        self.assertEqual(letter.attachment_id.mimetype, "application/pdf")
        response = self.download(self.complaint.name, self.code)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.content, letter.attachment_id.raw)
        text = self.pdf_text(response.content)
        if text is not None:
            self.assertIn(self.complaint.name, text)
            self.assertIn(letter.name, text)
            self.assert_no_identity(text)

    def test_right_code_without_issued_receipt_gives_an_electronic_receipt(self):
        response = self.download(self.complaint.name, self.code)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # Under test mode Odoo's report engine gives the HTML of the PDF.
        text = response.content.decode()
        self.assertIn(self.complaint.name, text)
        self.assertIn("Tanda terima elektronik", text)
        self.assertNotIn("DRAFT / KONSEP", text)
        self.assertNotIn("Public user", text)
        self.assert_no_identity(text)
        self.assertFalse(self.env["sapa.letter"]._get_issued(self.complaint, "receipt"))

    def test_electronic_receipt_renders_as_pdf(self):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        content, content_type = report._render_qweb_pdf(
            "sapa_portal.action_report_complaint_electronic_receipt", [self.complaint.id]
        )
        self.assertEqual(content_type, "pdf")
        text = self.pdf_text(content)
        if text is not None:
            self.assertIn(self.complaint.name, text)
            self.assertIn("Tanda terima elektronik", text)
            self.assertNotIn("KONSEP", text)
            self.assert_no_identity(text)

    def test_wrong_code_and_unknown_reference_get_the_status_refusal(self):
        wrong_code = self.download(self.complaint.name, "not-the-code")
        unknown_ref = self.download("ADU/1999/99999", self.code)
        for response in (wrong_code, unknown_ref):
            self.assertEqual(response.status_code, 200)
            self.assertNotEqual(response.headers["Content-Type"], "application/pdf")
            self.assertNotIn("Content-Disposition", response.headers)
            self.assertIn("No report matches this reference number and code", response.text)
            self.assertNotIn("%PDF", response.text)
            self.assert_no_identity(response.text)
        self.assertEqual(
            self.neutral(wrong_code, self.complaint.name),
            self.neutral(unknown_ref, "ADU/1999/99999"),
        )
        status_refusal = self.url_open(
            "/en/sapa/status",
            data={
                "csrf_token": self.csrf_token("/en/sapa/status"),
                "reference": self.complaint.name,
                "code": "not-the-code",
            },
        )
        # The same page, but for the address it was asked at (canonical, languages).
        refusal = self.neutral(wrong_code, self.complaint.name)
        self.assertEqual(
            refusal.replace("sapa/tanda-terima", "sapa/status"),
            self.neutral(status_refusal, self.complaint.name),
        )

    def test_failed_downloads_count_toward_the_status_rate_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("sapa_portal.status_rate_limit", "2")
        for _attempt in range(2):
            self.download(self.complaint.name, "not-the-code")
        response = self.download(self.complaint.name, self.code)
        self.assertNotEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("Too many attempts", response.text)

    def test_missing_csrf_and_get_are_refused(self):
        response = self.download(self.complaint.name, self.code, csrf=False)
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(response.content.startswith(b"%PDF"))
        self.assertNotIn(self.complaint.name, response.text)
        response = self.url_open(
            "/en/sapa/tanda-terima?reference=%s&code=%s" % (self.complaint.name, self.code)
        )
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        self.assertFalse(response.content.startswith(b"%PDF"))

    def test_receipt_page_and_status_result_offer_the_download(self):
        response = self.url_open(
            "/en/sapa/status",
            data={
                "csrf_token": self.csrf_token("/en/sapa/status"),
                "reference": self.complaint.name,
                "code": self.code,
            },
        )
        self.assertIn('/sapa/tanda-terima" method="post"', response.text)
        self.assertIn("Download receipt (PDF)", response.text)

    def test_status_page_and_receipt_show_the_same_day_for_a_late_evening_report(self):
        # Received at 00:30 WIB on 1 December (30 November, 17:30 UTC): the status
        # page and the receipt both say 1 December, whatever the server's clock.
        self.complaint.sudo().date_received = datetime(2026, 11, 30, 17, 30)
        response = self.url_open(
            "/en/sapa/status",
            data={
                "csrf_token": self.csrf_token("/en/sapa/status"),
                "reference": self.complaint.name,
                "code": self.code,
            },
        )
        english = self.env(context={"lang": "en_US"})
        self.assertIn(format_date(english, date(2026, 12, 1)), response.text)
        self.assertNotIn(format_date(english, date(2026, 11, 30)), response.text)
        receipt = self.download(self.complaint.name, self.code)
        # Under test mode Odoo's report engine gives the HTML of the PDF.
        self.assertIn("1 Desember 2026 pukul 00.30 WIB", receipt.content.decode())
