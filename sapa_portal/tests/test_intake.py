# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)
"""What happens to an online complaint: stored by the request (and nothing
else), announced to the Admins by the intake cron after the response, held for
review above the rate limit, released by the Admin; and how SAPA finds the
visitor's address behind a reverse proxy."""

from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import config

from .common import CSRF_RE, SapaPortalCase

# Queries of one online submission in test mode, after a warm-up submission.
# In production Odoo adds one (the registry signalling check at the start of the
# request), and each Odoo process one more at most once a second (the NOTIFY
# that wakes the cron workers, on its own connection): 13, at most 14, there.
# bench/README.md has the figures of a real server.
SUBMISSION_QUERIES = 12


@tagged("post_install", "-at_install")
class TestIntake(SapaPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front_desk = new_test_user(
            cls.env, login="portal_test_intake_admin", groups="sapa_case.group_sapa_admin",
            notification_type="email",
        )
        cls.subkoor = new_test_user(
            cls.env, login="portal_test_intake_subkoor",
            groups="sapa_case.group_sapa_subcoordinator", notification_type="inbox",
        )
        cls.activity_type = cls.env.ref("sapa_portal.mail_activity_type_online_complaint")
        cls.cron = cls.env.ref("sapa_portal.ir_cron_sapa_portal_intake")

    def submitted(self, **overrides):
        before = self.complaints()
        response = self.submit(self.valid_data(**overrides))
        self.assertTrue(response.url.endswith("/terkirim"), response.url)
        complaint = self.complaints() - before
        self.assertEqual(len(complaint), 1)
        return complaint

    def announcements(self, complaint):
        return self.env["mail.message"].search([
            ("model", "=", "sapa.complaint"), ("res_id", "=", complaint.id),
            ("message_type", "=", "user_notification"),
            ("subject", "not ilike", "assigned to you"),
        ])

    def test_the_request_stores_the_complaint_and_only_triggers_the_intake(self):
        triggers_before = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        complaint = self.submitted()
        self.assertTrue(complaint.sudo().portal_intake_pending)
        self.assertFalse(self.announcements(complaint))
        self.assertFalse(complaint.activity_ids)
        self.assertFalse(complaint.message_ids)
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        self.assertTrue(triggers - triggers_before)
        # Soon: at once, or one second later when this process woke the cron
        # workers less than a second ago.
        self.assertLessEqual(
            min((triggers - triggers_before).mapped("call_at")),
            complaint.create_date + timedelta(seconds=2),
        )

    def test_intake_announces_in_the_inbox_and_with_a_front_desk_activity(self):
        urgent = self.submitted(in_danger="yes")
        normal = self.submitted()
        self.run_intake()
        for complaint, subject in ((urgent, "URGENT online complaint"),
                                   (normal, "New online complaint")):
            message = self.announcements(complaint)
            self.assertEqual(len(message), 1)
            self.assertEqual(message.subject, f"{subject} {complaint.name}")
            self.assertNotIn("beaten", message.body)
            # In the inbox of every Admin, even one who prefers e-mail (no mail
            # server in the demo): not only an outgoing e-mail.
            notifications = self.env["mail.notification"].search(
                [("mail_message_id", "=", message.id)]
            )
            self.assertEqual(
                set(notifications.mapped("notification_type")), {"inbox"}
            )
            self.assertIn(self.front_desk.partner_id, notifications.res_partner_id)
            self.assertIn(self.subkoor.partner_id, notifications.res_partner_id)
            # The front desk (Admins proper) gets the activity, the roles above do not.
            activities = complaint.activity_ids
            self.assertIn(self.front_desk, activities.user_id)
            self.assertNotIn(self.subkoor, activities.user_id)
            self.assertEqual(activities.activity_type_id, self.activity_type)
            self.assertIn("Received through the public form", complaint.message_ids[-1].body)
            self.assertFalse(complaint.sudo().portal_intake_pending)
        today = urgent.company_id._sapa_today()
        self.assertEqual(set(urgent.activity_ids.mapped("date_deadline")), {today})
        self.assertEqual(
            set(normal.activity_ids.mapped("date_deadline")), {today + timedelta(days=1)}
        )
        # The Admin finds it in the activity menu, whatever the mail server does.
        mine = self.env["mail.activity"].with_user(self.front_desk).search(
            [("user_id", "=", self.front_desk.id), ("res_model", "=", "sapa.complaint")]
        )
        self.assertEqual(set(mine.mapped("res_id")) & {urgent.id, normal.id},
                         {urgent.id, normal.id})
        # Done once.
        activities = urgent.activity_ids
        self.run_intake()
        self.assertEqual(len(self.announcements(urgent)), 1)
        self.assertEqual(urgent.activity_ids, activities)

    def test_held_reports_are_counted_for_the_admins_not_announced_one_by_one(self):
        self.set_param("sapa_portal.rate_limit", 1)
        first = self.submitted()
        held = self.submitted() | self.submitted(in_danger="yes")
        self.assertEqual(set(held.mapped("portal_hold_reason")), {"flood"})
        self.assertFalse(first.portal_hold_reason)
        self.run_intake()
        self.assertTrue(first.activity_ids)
        self.assertFalse(held.activity_ids)
        self.assertFalse(self.announcements(held[1]))
        summary = self.announcements(held[0])
        self.assertEqual(len(summary), 1)
        self.assertIn("2 online report(s) were held", str(summary.body))
        self.assertIn("1 of them marked urgent", str(summary.body))
        for complaint in held:
            self.assertIn("held for review", complaint.message_ids[-1].body)
        # The Admins' queue: the held ones have their own filter and menu.
        self.assertEqual(
            self.env["sapa.complaint"].search(
                [("state", "=", "new"), ("portal_hold_reason", "!=", False)]
            ),
            held,
        )
        menu = self.env.ref("sapa_portal.sapa_complaint_held_menu")
        self.assertEqual(menu.action, self.env.ref("sapa_portal.sapa_complaint_action_held"))
        arch = self.env["sapa.complaint"].get_views([(False, "search")])["views"]["search"]["arch"]
        self.assertIn('name="filter_held"', arch)
        self.assertIn("portal_hold_reason", arch)

    def test_admin_releases_a_held_report_to_the_queue(self):
        complaint = self.submitted(homepage="filled by autofill")
        self.assertEqual(complaint.portal_hold_reason, "honeypot")
        self.run_intake()
        self.assertFalse(complaint.activity_ids)
        outsider = new_test_user(self.env, login="portal_test_intake_employee",
                                 groups="base.group_user")
        with self.assertRaises(UserError):
            complaint.with_user(outsider).action_sapa_portal_release()
        complaint.with_user(self.front_desk).action_sapa_portal_release()
        self.assertFalse(complaint.portal_hold_reason)
        self.assertIn(self.front_desk, complaint.activity_ids.user_id)
        self.assertEqual(
            self.announcements(complaint).mapped("subject"),
            [f"New online complaint {complaint.name}", "1 online report(s) held for review"],
        )
        self.assertTrue(any(
            "Released to the Admin queue" in message.body for message in complaint.message_ids
        ))

    def test_submission_query_budget(self):
        token = self.csrf_token()
        data = dict(self.valid_data(), csrf_token=token)
        files = {"attachment": ("", b"")}
        # Warm caches (routing, translations, ormcache) with one submission.
        self.url_open("/sapa/pengaduan", data=data, files=files, allow_redirects=False)
        self.env.invalidate_all()
        with self.assertQueryCount(SUBMISSION_QUERIES):
            response = self.url_open(
                "/sapa/pengaduan", data=data, files=files, allow_redirects=False
            )
        self.assertEqual(response.status_code, 303)


@tagged("post_install", "-at_install")
class TestClientAddressBehindProxy(SapaPortalCase):
    """Behind a reverse proxy, Odoo sees the proxy's address unless it runs with
    --proxy-mode and the proxy sends X-Forwarded-Host and X-Forwarded-For."""

    def post_from(self, address):
        page = self.url_open("/en/sapa/pengaduan")
        data = dict(self.valid_data(), csrf_token=CSRF_RE.search(page.text).group(1))
        before = self.complaints()
        headers = {
            "X-Forwarded-For": f"10.9.9.9, {address}",  # the client's claim, then the proxy's
            "X-Forwarded-Host": f"127.0.0.1:{self.http_port()}",
        }
        response = self.url_open(
            "/en/sapa/pengaduan", data=data, files={"attachment": ("", b"")}, headers=headers
        )
        self.assertTrue(response.url.endswith("/terkirim"), response.url)
        return self.complaints() - before

    def test_with_proxy_mode_each_visitor_has_its_own_allowance(self):
        self.set_param("sapa_portal.rate_limit", 1)
        with patch.dict(config.options, {"proxy_mode": True}):
            first = self.post_from("203.0.113.5")
            other = self.post_from("203.0.113.6")
            again = self.post_from("203.0.113.5")
        self.assertFalse(first.portal_hold_reason)
        self.assertFalse(other.portal_hold_reason)
        self.assertEqual(again.portal_hold_reason, "flood")

    def test_without_proxy_mode_everyone_shares_the_proxys_address_and_is_held(self):
        self.set_param("sapa_portal.rate_limit", 1)
        with patch.dict(config.options, {"proxy_mode": False}):
            first = self.post_from("203.0.113.5")
            other = self.post_from("203.0.113.6")
        self.assertFalse(first.portal_hold_reason)
        # Held, never refused: the reporter has the receipt all the same.
        self.assertEqual(other.portal_hold_reason, "flood")
