"""Anonymising a case past its retention period (sapa_case) also anonymises its
referrals: the letter's text, the notes, the provider's answers and the signed
letter's PDF; provider, services, dates and number stay."""

from datetime import timedelta

from odoo import Command
from odoo.addons.sapa_case.tests.common import rows_with_text  # pylint: disable=import-error
from odoo.tests import TransactionCase, tagged

from .common import SapaReferralTestMixin

REASON = "Alasan rujukan rahasia ZXCVB"
NOTE = "Catatan internal rahasia MNBVC"

TABLES = ["sapa_referral", "mail_message", "mail_tracking_value", "mail_mail", "ir_attachment"]


@tagged("post_install", "-at_install")
class TestReferralRetention(SapaReferralTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.case = cls.new_case_at("closed", via="referral", values={
            "referral": {"referral": {
                "provider_id": cls.provider.id, "reason": REASON, "note": NOTE,
                "service_type_ids": [Command.set(cls.service_health.ids)],
            }},
        })

    def _rows_with(self, text):
        return rows_with_text(self.env, TABLES, text)

    def test_referrals_of_an_expired_case_are_anonymised(self):
        referral = self.case.sudo().referral_ids
        self.assertEqual(len(referral), 1)
        self.assertTrue(referral.letter_attachment_id)
        self.assertTrue(self._rows_with(REASON) and self._rows_with(NOTE))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sapa_case SET date_step = date_step - interval '6 years' WHERE id = %s",
            (self.case.id,),
        )
        self.case.invalidate_recordset()

        self.assertEqual(self.env["sapa.case"]._cron_anonymise_expired(), self.case)

        self.assertEqual(self._rows_with(REASON), {})
        self.assertEqual(self._rows_with(NOTE), {})
        referral.invalidate_recordset()
        self.assertFalse(referral.letter_attachment_id)
        self.assertFalse(referral.letter_id.attachment_id)
        # Kept for the statistics and the register.
        self.assertEqual(referral.provider_id, self.provider)
        self.assertTrue(referral.letter_number and referral.date_sent)
        self.assertLess(referral.date_sent, self.case.anonymised_date + timedelta(seconds=1))
