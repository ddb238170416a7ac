import re
import secrets
from datetime import timedelta

from odoo import Command, fields
from odoo.addons.sapa_case.tests.public_page_checks import (  # pylint: disable=import-error
    PublicHeadersMixin,
)
from odoo.tests import HttpCase, tagged

from .common import CASE_SUMMARY, IDENTIFICATION, VICTIM_NAME, SapaReferralTestMixin

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
OTHER_REASON = "Alasan rujukan lain yang hanya untuk rumah aman"


@tagged("post_install", "-at_install")
class TestProviderPage(PublicHeadersMixin, SapaReferralTestMixin, HttpCase):
    """The provider's page, reached without an Odoo login through the e-mail link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.case = cls._walk_case_to_referral()
        cls.document = cls._add_case_document(cls.case, "Dokumen identitas korban.pdf")
        cls.referral = cls._sign(
            cls._create_referral(cls.case, attachment_ids=[Command.set(cls.document.ids)])
        )
        # Another referral of the same case, to another provider.
        cls.other_referral = cls._sign(
            cls._create_referral(
                cls.case,
                provider_id=cls.other_provider.id,
                service_type_ids=[Command.set(cls.service_shelter.ids)],
                reason=OTHER_REASON,
            )
        )

    def setUp(self):
        super().setUp()
        self.token = self._token_from_last_mail(self.referral)
        self.url = f"/sapa/rujukan/{self.token}"

    def _get(self, url=None):
        return self.url_open(url or self.url)

    def _post(self, answer, text=None, csrf=True, token=None):
        page = self._get(f"/sapa/rujukan/{token or self.token}")
        data = {}
        if csrf:
            match = CSRF_RE.search(page.text)
            self.assertTrue(match, "the page offers a form with a CSRF token")
            data["csrf_token"] = match.group(1)
        if text is not None:
            data["text"] = text
        data.setdefault("dummy", "1")  # a body, so url_open sends a POST
        return self.url_open(f"/sapa/rujukan/{token or self.token}/{answer}", data=data)

    def _assert_no_case_data(self, html):
        for secret in (
            VICTIM_NAME, IDENTIFICATION, CASE_SUMMARY, self.case.name,
            self.referral.note, self.referral.name, self.document.name,
            OTHER_REASON, self.other_provider.name, self.other_referral.letter_number,
            self.subkoor.name,
        ):
            self.assertNotIn(secret, html)

    def test_valid_link_shows_the_letter_and_nothing_else(self):
        response = self._get()
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn(self.referral.letter_number, html)
        self.assertIn(self.provider.name, html)
        self.assertIn(self.service_health.name, html)
        self.assertIn(self.referral.reason, html)
        self._assert_no_case_data(html)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")

    def test_page_speaks_the_language_of_the_provider(self):
        lang = self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["sapa_referral"], [lang.code])
        self.provider.lang = lang.code
        response = self._get()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Surat rujukan", response.text)
        self.assertIn("Konfirmasi penerimaan rujukan", response.text)
        self.assertNotIn("Confirm receipt of the referral", response.text)

    def test_provider_confirms_receipt_then_reports_the_service(self):
        response = self._post("confirm")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.referral.state, "received")
        self.assertTrue(self.referral.date_received)
        self.assertIn("Report the service given", response.text)

        response = self._post("done", "Pemeriksaan medis dan visum telah dilakukan.")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.referral.state, "done")
        self.assertEqual(
            self.referral.service_report, "Pemeriksaan medis dan visum telah dilakukan."
        )
        self.assertNotIn(self.provider, self.referral.message_partner_ids)
        self._assert_no_case_data(response.text)

    def test_provider_declines_with_a_reason_and_markup_stays_text(self):
        response = self._post("decline", "")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.referral.state, "sent")

        reason = "<script>alert('x')</script> Tidak ada dokter forensik."
        response = self._post("decline", reason)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.referral.state, "declined")
        self.assertEqual(self.referral.decline_reason, reason)
        self.assertNotIn("<script>alert", response.text)
        self.assertIn("&lt;script&gt;", response.text)
        message = self.referral.message_ids.filtered(lambda m: "declined" in str(m.body))[:1]
        self.assertNotIn("<script>", str(message.body))

    def test_post_without_csrf_token_changes_nothing(self):
        response = self._post("confirm", csrf=False)
        self.assertIn(response.status_code, (400, 403))
        self.assertEqual(self.referral.state, "sent")

    def test_wrong_token_is_refused_without_any_letter_data(self):
        for token in (secrets.token_urlsafe(32), "x" * 500, self.token[:-1]):
            response = self._get(f"/sapa/rujukan/{token}")
            self.assertEqual(response.status_code, 404)
            # No referral, so no provider language: the page speaks the Dinas' language.
            self.assertIn('data-refusal="invalid"', response.text)
            self.assertNotIn(self.referral.letter_number, response.text)
            self.assertNotIn(self.provider.name, response.text)
        response = self.url_open(
            f"/sapa/rujukan/{secrets.token_urlsafe(32)}/confirm", data={"x": "1"}
        )
        self.assertIn(response.status_code, (400, 403, 404))
        self.assertEqual(self.referral.state, "sent")

    def test_expired_link_is_refused(self):
        self.referral.sudo().write(
            {"access_token_expiry": fields.Datetime.now() - timedelta(minutes=1)}
        )
        response = self._get()
        self.assertEqual(response.status_code, 410)
        self.assertIn('data-refusal="expired"', response.text)
        self.assertIn("This link has expired", response.text)
        self.assertNotIn(self.referral.letter_number, response.text)
        self.assertNotIn('name="csrf_token"', response.text, "no form on a refusal page")

        # A POST with a valid session token is refused just the same.
        csrf = CSRF_RE.search(self._get("/web/login").text).group(1)
        response = self.url_open(f"{self.url}/confirm", data={"csrf_token": csrf})
        self.assertEqual(response.status_code, 410)
        self.assertEqual(self.referral.state, "sent")

    def test_reused_link_after_closing_changes_nothing(self):
        self._post("confirm")
        self._post("done", "Layanan selesai.")
        self.referral.with_user(self.subkoor).action_close()
        self.assertEqual(self.referral.state, "closed")

        response = self._get()
        self.assertEqual(response.status_code, 410)
        self.assertIn('data-refusal="closed"', response.text)
        self.assertIn("This referral is closed", response.text)
        csrf = CSRF_RE.search(self._get("/web/login").text).group(1)
        response = self.url_open(
            f"{self.url}/decline", data={"csrf_token": csrf, "text": "Terlambat"}
        )
        self.assertEqual(response.status_code, 410)
        self.assertEqual(self.referral.state, "closed")
        self.assertFalse(self.referral.decline_reason)

    def test_resent_letter_invalidates_the_old_link(self):
        self.referral.with_user(self.subkoor).action_resend()
        self.assertEqual(self._get().status_code, 404)
        new_token = self._token_from_last_mail(self.referral)
        self.assertEqual(self._get(f"/sapa/rujukan/{new_token}").status_code, 200)

    def test_provider_pages_cannot_be_framed_cached_or_indexed(self):
        self.assertPublicHeaders(self._get(), what="page")
        self.assertPublicHeaders(self._get(f"/sapa/rujukan/{'x' * 43}"), what="refusal")
        self.assertPublicHeaders(self._post("decline", ""), what="answer refused")

    def test_hostile_answers_get_the_page_and_a_message_and_change_nothing(self):
        hostile = [
            ("NUL byte", "Layanan\x00selesai"),
            ("control characters", "abc\x07\x1b[2J"),
            ("not UTF-8", b"\xff\xfe\xc3\x28 layanan"),
            ("huge", "x" * 300_000),
        ]
        self._post("confirm")
        for what, text in hostile:
            with self.subTest(text=what):
                page = self._get()
                data = {"csrf_token": CSRF_RE.search(page.text).group(1), "text": text}
                response = self.url_open(
                    f"{self.url}/done", data=data, files={"x": ("", b"")}
                )
                self.assertEqual(response.status_code, 400, what)
                self.assertIn("could not be read", response.text)
                self.assertEqual(self.referral.state, "received")
                self.assertFalse(self.referral.service_report)
        for answer in ("%00", "9" * 40, "x" * 3000):
            response = self.url_open(f"{self.url}/{answer}", data={"x": "1"})
            self.assertLess(response.status_code, 500, answer[:20])
        for token in ("%00", "%FF%FE", "9" * 40):
            response = self._get(f"/sapa/rujukan/{token}")
            self.assertEqual(response.status_code, 404, token)
