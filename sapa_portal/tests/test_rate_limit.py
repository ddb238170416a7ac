# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRateLimit(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("sapa_portal.rate_limit", "3")
        params.set_param("sapa_portal.status_rate_limit", "2")
        params.set_param("sapa_portal.rate_limit_window", "600")
        cls.RateLimit = cls.env["sapa.portal.rate.limit"]

    def test_limit_per_client_and_scope_within_a_window(self):
        with freeze_time(datetime(2026, 11, 29, 10, 0, 10)):
            self.assertEqual([self.RateLimit._hit("submit", "10.0.0.1") for _i in range(4)],
                             [True, True, True, False])
            # Another client, another scope: their own allowance.
            self.assertTrue(self.RateLimit._hit("submit", "10.0.0.2"))
            self.assertFalse(self.RateLimit._is_blocked("status", "10.0.0.1"))

    def test_the_previous_window_counts_in_proportion(self):
        with freeze_time(datetime(2026, 11, 29, 10, 9, 0)):
            for _i in range(3):
                self.RateLimit._hit("submit", "10.0.0.1")
        # 1 minute into the next window, 90% of the previous 3 hits still count.
        with freeze_time(datetime(2026, 11, 29, 10, 11, 0)):
            self.assertFalse(self.RateLimit._hit("submit", "10.0.0.1"))
        # Two windows later everything is forgotten.
        with freeze_time(datetime(2026, 11, 29, 10, 30, 0)):
            self.assertTrue(self.RateLimit._hit("submit", "10.0.0.1"))

    def test_blocked_check_counts_nothing(self):
        with freeze_time(datetime(2026, 11, 29, 10, 0, 10)):
            self.RateLimit._hit("status", "10.0.0.1")
            for _i in range(5):
                self.assertFalse(self.RateLimit._is_blocked("status", "10.0.0.1"))
            self.RateLimit._hit("status", "10.0.0.1")
            self.assertTrue(self.RateLimit._is_blocked("status", "10.0.0.1"))

    def test_ipv6_clients_are_counted_per_64_network_and_addresses_not_stored(self):
        with freeze_time(datetime(2026, 11, 29, 10, 0, 10)):
            for suffix in ("1", "2", "3"):
                self.assertTrue(self.RateLimit._hit("submit", f"2001:db8:1:2::{suffix}"))
            self.assertFalse(self.RateLimit._hit("submit", "2001:db8:1:2:ffff::9"))
            self.assertTrue(self.RateLimit._hit("submit", "2001:db8:1:3::1"))
            # IPv4 through IPv6 is the IPv4 client.
            self.assertEqual(
                self.RateLimit._client_key("::ffff:10.0.0.7"),
                self.RateLimit._client_key("10.0.0.7"),
            )
        rows = self.RateLimit.search([])
        self.assertFalse(any("2001" in key or "10.0" in key for key in rows.mapped("client_key")))

    def test_zero_turns_the_limit_off(self):
        self.env["ir.config_parameter"].sudo().set_param("sapa_portal.rate_limit", "0")
        self.assertTrue(all(self.RateLimit._hit("submit", "10.0.0.1") for _i in range(20)))
        self.assertFalse(self.RateLimit.search([]))

    def test_cron_purges_counters_older_than_a_day(self):
        with freeze_time(datetime(2026, 11, 27, 10, 0, 0)):
            self.RateLimit._hit("submit", "10.0.0.1")
        with freeze_time(datetime(2026, 11, 29, 9, 0, 0)):
            self.RateLimit._hit("submit", "10.0.0.1")
        with freeze_time(datetime(2026, 11, 29, 10, 0, 0)):
            cron = self.env.ref("sapa_portal.ir_cron_sapa_portal_rate_limit_gc")
            cron.method_direct_trigger()
        rows = self.RateLimit.search([])
        self.assertEqual(rows.mapped("window_start"), [datetime(2026, 11, 29, 9, 0, 0)])
