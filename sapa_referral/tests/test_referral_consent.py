from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import SapaReferralTestMixin


@tagged("post_install", "-at_install")
class TestReferralConsent(SapaReferralTestMixin, TransactionCase):
    """Case documents go to a provider only with the reporter's consent to the use
    of the data, or on a legal basis recorded on the referral and its letter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.case = cls._walk_case_to_referral()
        cls.document = cls._add_case_document(cls.case)

    def referral_with_document(self, **values):
        return self._create_referral(
            self.case, attachment_ids=[(6, 0, self.document.ids)], **values
        )

    def test_consent_to_the_data_is_the_default_basis(self):
        referral = self.referral_with_document()
        self.assertEqual(referral.legal_basis, "consent")
        referral.with_user(self.subkoor).action_submit_for_signature()
        self.assertEqual(referral.state, "to_sign")

    def test_without_consent_documents_need_a_legal_basis(self):
        self.case.sudo().consent_data = False
        referral = self.referral_with_document()
        self.assertFalse(referral.legal_basis)
        with self.assertRaisesRegex(UserError, "basis for sharing the case documents"):
            referral.with_user(self.subkoor).action_submit_for_signature()
        referral.with_user(self.subkoor).legal_basis = "consent"
        with self.assertRaisesRegex(UserError, "consent to share the case documents"):
            referral.with_user(self.subkoor).action_submit_for_signature()
        referral.with_user(self.subkoor).legal_basis = "tpks"
        referral.with_user(self.subkoor).action_submit_for_signature()
        self.assertEqual(referral.state, "to_sign")

    def test_a_referral_without_documents_needs_no_basis(self):
        self.case.sudo().consent_data = False
        referral = self._create_referral(self.case)
        referral.with_user(self.subkoor).action_submit_for_signature()
        self.assertEqual(referral.state, "to_sign")

    def test_the_basis_is_printed_on_the_letter(self):
        self.case.sudo().consent_data = False
        referral = self.referral_with_document(legal_basis="child_protection")
        self._sign(referral)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "sapa_referral.sapa_referral_report_letter", referral.ids
        )[0].decode()
        self.assertIn("Dasar penyampaian dokumen", html)
        self.assertIn("Undang-Undang Nomor 35 Tahun 2014 tentang Perlindungan Anak", html)

    def test_withdrawn_consent_stops_the_sending(self):
        referral = self.referral_with_document()
        referral.with_user(self.subkoor).action_submit_for_signature()
        self.case.sudo().consent_data = False
        with self.assertRaisesRegex(UserError, "consent to share the case documents"):
            referral.with_user(self.kadin).action_sign()
        self.assertEqual(referral.state, "to_sign")

    def test_regression_a_foreign_document_is_refused_without_naming_it(self):
        # Found by a review: the refusal named a file the user may not read.
        other_case = self._create_case()
        foreign = self._add_case_document(other_case, name="Secret assessment of another.pdf")
        with self.assertRaises(ValidationError) as caught:
            self._create_referral(self.case, attachment_ids=[(6, 0, foreign.ids)])
        self.assertNotIn("Secret assessment", str(caught.exception))
        self.assertIn("1 of the chosen documents", str(caught.exception))
