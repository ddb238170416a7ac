from odoo.tests import HttpCase, tagged

from .common import CASE_SUMMARY, IDENTIFICATION, VICTIM_NAME, SapaReferralTestMixin


@tagged("post_install", "-at_install")
class TestReferralLetterVerification(SapaReferralTestMixin, HttpCase):
    """The QR code of a signed Surat Rujukan opens the public verification page
    of sapa_case: it confirms the letter, and tells nothing of the case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.kadin.sapa_position = "Kepala Dinas PPPA"
        cls.case = cls._walk_case_to_referral()
        cls.referral = cls._sign(cls._create_referral(cls.case))
        cls.letter = cls.referral.letter_id

    def test_verification_page_says_the_referral_letter_is_genuine_without_case_data(self):
        self.assertEqual(self.letter.letter_type_id.code, "referral")
        response = self.url_open(
            f"/sapa/verifikasi/{self.letter.verification_code}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn('id="sapa_letter_valid"', html)
        self.assertNotIn('id="sapa_letter_invalid"', html)
        for text in ("Surat Rujukan", self.referral.letter_number, self.kadin.name,
                     "Kepala Dinas PPPA"):
            self.assertIn(text, html)
        for secret in (
            self.case.name, self.referral.name, VICTIM_NAME, IDENTIFICATION, CASE_SUMMARY,
            self.provider.name, self.referral.reason, self.referral.note,
            self.subkoor.name,
        ):
            self.assertNotIn(secret, html)

    def test_the_stored_letter_carries_the_verification_link(self):
        # Test mode stores the rendered HTML instead of a PDF.
        html = self.referral.letter_attachment_id.raw.decode()
        self.assertIn(self.letter.verification_url, html)
        self.assertIn(self.referral.letter_number, html)
        self.assertNotIn("DRAFT / KONSEP", html)
