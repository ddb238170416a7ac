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
        self.assertEqual(self.RateLimit._get_limit("submit"), (3, 600))
        with freeze_time(datetime(2026, 11, 29, 10, 0, 10)):
            # Each hit tells how many the client made in the window: the 4th is over 3.
            self.assertEqual([self.RateLimit._hit("submit", "10.0.0.1") for _i in range(4)],
                             [1, 2, 3, 4])
            # Another client, another scope: their own allowance.
            self.assertEqual(self.RateLimit._hit("submit", "10.0.0.2"), 1)
            self.assertFalse(self.RateLimit._is_blocked("status", "10.0.0.1"))

    def test_hits_count_over_a_sliding_window(self):
        with freeze_time(datetime(2026, 11, 29, 10, 9, 0)):
            for _i in range(3):
                self.RateLimit._hit("submit", "10.0.0.1")
        # 2 minutes later the 3 hits are still in the last 10 minutes: no reset
        # at a window boundary (10:10).
        with freeze_time(datetime(2026, 11, 29, 10, 11, 0)):
            self.assertEqual(self.RateLimit._hit("submit", "10.0.0.1"), 4)
        # More than 10 minutes after the last hit, everything is forgotten.
        with freeze_time(datetime(2026, 11, 29, 10, 30, 0)):
            self.assertEqual(self.RateLimit._hit("submit", "10.0.0.1"), 1)

    def test_blocked_check_counts_nothing(self):
        with freeze_time(datetime(2026, 11, 29, 10, 0, 10)):
            self.RateLimit._hit("status", "10.0.0.1")
            for _i in range(5):
                self.assertFalse(self.RateLimit._is_blocked("status", "10.0.0.1"))
            self.RateLimit._hit("status", "10.0.0.1")
            self.assertTrue(self.RateLimit._is_blocked("status", "10.0.0.1"))

    def test_ipv6_clients_are_counted_per_64_network_and_addresses_not_stored(self):
        with freeze_time(datetime(2026, 11, 29, 10, 0, 10)):
            for count, suffix in enumerate(("1", "2", "3"), start=1):
                self.assertEqual(
                    self.RateLimit._hit("submit", f"2001:db8:1:2::{suffix}"), count
                )
            self.assertEqual(self.RateLimit._hit("submit", "2001:db8:1:2:ffff::9"), 4)
            self.assertEqual(self.RateLimit._hit("submit", "2001:db8:1:3::1"), 1)
            # IPv4 through IPv6 is the IPv4 client.
            self.assertEqual(
                self.RateLimit._client_key("::ffff:10.0.0.7"),
                self.RateLimit._client_key("10.0.0.7"),
            )
        rows = self.RateLimit.search([])
        self.assertFalse(any("2001" in key or "10.0" in key for key in rows.mapped("client_key")))

    def test_zero_turns_the_limit_off(self):
        self.env["ir.config_parameter"].sudo().set_param("sapa_portal.rate_limit", "0")
        self.assertEqual({self.RateLimit._hit("submit", "10.0.0.1") for _i in range(20)}, {0})
        self.assertFalse(self.RateLimit._is_blocked("submit", "10.0.0.1"))
        self.assertFalse(self.RateLimit.search([]))

    def test_malformed_or_huge_settings_fall_back_to_the_defaults(self):
        params = self.env["ir.config_parameter"].sudo()
        for limit, window in (("abc", "-5"), ("99999999999999999999", "1e9"), ("0x10", "0")):
            params.set_param("sapa_portal.rate_limit", limit)
            params.set_param("sapa_portal.rate_limit_window", window)
            self.assertEqual(self.RateLimit._get_limit("submit"), (5, 600))

    def test_cron_purges_counters_older_than_a_day(self):
        with freeze_time(datetime(2026, 11, 27, 10, 0, 0)):
            self.RateLimit._hit("submit", "10.0.0.1")
        with freeze_time(datetime(2026, 11, 29, 9, 0, 0)):
            self.RateLimit._hit("submit", "10.0.0.1")
        with freeze_time(datetime(2026, 11, 29, 10, 0, 0)):
            cron = self.env.ref("sapa_portal.ir_cron_sapa_portal_rate_limit_gc")
            cron.method_direct_trigger()
        rows = self.RateLimit.search([])
        self.assertEqual(rows.mapped("hit_at"), [datetime(2026, 11, 29, 9, 0, 0)])
