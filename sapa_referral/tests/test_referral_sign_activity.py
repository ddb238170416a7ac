from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import SapaReferralTestMixin

SIGN_ACTIVITY = "sapa_referral.mail_activity_type_sapa_referral_sign"


@tagged("post_install", "-at_install")
class TestReferralSignFromActivity(SapaReferralTestMixin, TransactionCase):
    """"Mark Done" on the signing activity signs the referral through action_sign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.case = cls._walk_case_to_referral()

    def submitted_referral(self):
        referral = self._create_referral(self.case)
        referral.with_user(self.subkoor).action_submit_for_signature()
        activity = referral.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(SIGN_ACTIVITY)
        )
        self.assertEqual(len(activity), 1)
        return referral, activity

    def test_kepala_dinas_signs_by_marking_the_activity_done(self):
        referral, activity = self.submitted_referral()
        activity.with_user(self.kadin).action_feedback(feedback="Setuju")
        self.assertEqual(referral.signed_by_id, self.kadin)
        self.assertEqual(referral.state, "sent")
        self.assertTrue(referral.letter_number)
        self.assertFalse(activity.exists())

    def test_marking_done_without_the_role_is_refused(self):
        referral, activity = self.submitted_referral()
        with self.assertRaisesRegex(UserError, "sign a referral letter"):
            activity.with_user(self.kabid).action_feedback(feedback="ok")
        self.assertEqual(referral.state, "to_sign")
        self.assertTrue(activity.exists())

    def test_the_signing_activity_cannot_be_cancelled_while_waiting(self):
        referral, activity = self.submitted_referral()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            activity.with_user(self.kadin).action_cancel()
        # Sending the letter back to draft closes it (the referral no longer waits).
        referral.with_user(self.kadin).action_send_back_to_draft()
        self.assertFalse(activity.exists())
