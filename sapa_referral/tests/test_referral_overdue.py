from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import SapaReferralTestMixin

REMINDER = "sapa_referral.mail_activity_type_sapa_referral_reminder"


@tagged("post_install", "-at_install")
class TestReferralOverdue(SapaReferralTestMixin, TransactionCase):
    """Referrals the provider has not confirmed in time, and the daily reminder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.case = cls._walk_case_to_referral()
        cls.referral = cls._sign(cls._create_referral(cls.case))

    def _sent_days_ago(self, referral, days):
        referral.sudo().write({"date_sent": fields.Datetime.now() - timedelta(days=days)})

    def _reminders(self, referral):
        activity_type = self.env.ref(REMINDER)
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "sapa.referral"),
                ("res_id", "=", referral.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def test_unconfirmed_referral_is_overdue_after_the_configured_days(self):
        Referral = self.env["sapa.referral"]
        self._sent_days_ago(self.referral, 6)
        self.assertFalse(self.referral.is_overdue)
        self.assertNotIn(self.referral, Referral.search([("is_overdue", "=", True)]))
        self.assertIn(self.referral, Referral.search([("is_overdue", "=", False)]))

        self._sent_days_ago(self.referral, 8)
        self.referral.invalidate_recordset(["is_overdue"])
        self.assertTrue(self.referral.is_overdue)
        self.assertIn(self.referral, Referral.search([("is_overdue", "=", True)]))
        self.assertNotIn(self.referral, Referral.search([("is_overdue", "!=", True)]))

        self.env["ir.config_parameter"].sudo().set_param("sapa_referral.confirmation_days", 10)
        self.referral.invalidate_recordset(["is_overdue"])
        self.assertFalse(self.referral.is_overdue)
        self.assertNotIn(self.referral, Referral.search([("is_overdue", "=", True)]))

    def test_confirmed_referral_is_not_overdue(self):
        self._sent_days_ago(self.referral, 30)
        self.referral.sudo()._provider_answer("confirm")
        self.assertFalse(self.referral.is_overdue)
        self.assertNotIn(
            self.referral, self.env["sapa.referral"].search([("is_overdue", "=", True)])
        )

    def test_cron_reminds_the_case_manager_once(self):
        Referral = self.env["sapa.referral"]
        self._sent_days_ago(self.referral, 8)
        Referral._cron_remind_overdue()
        reminder = self._reminders(self.referral)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.subkoor)
        self.assertIn(self.provider.name, reminder.summary)

        Referral._cron_remind_overdue()
        self.assertEqual(self._reminders(self.referral), reminder, "no second reminder")

        # The provider confirms: the reminder is closed.
        self.referral.sudo()._provider_answer("confirm")
        self.assertFalse(self._reminders(self.referral))

    def test_cron_leaves_referrals_in_time_alone(self):
        self._sent_days_ago(self.referral, 2)
        self.env["sapa.referral"]._cron_remind_overdue()
        self.assertFalse(self._reminders(self.referral))

    def test_the_daily_job_sends_the_reminders(self):
        # The scheduled job itself, as the scheduler runs it (not the method).
        self._sent_days_ago(self.referral, 8)
        cron = self.env.ref("sapa_referral.ir_cron_sapa_referral_overdue")
        cron.method_direct_trigger()
        self.assertEqual(self._reminders(self.referral).user_id, self.subkoor)
