# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

from odoo.addons.sapa_case.tests.common import create_role_user  # pylint: disable=import-error
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SapaPortalCase


@tagged("post_install", "-at_install")
class TestPortalMyComplaints(SapaPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Reporters use the website in its default language (Indonesian): no
        # /en/ redirect between them and the page under test.
        cls.user_a = create_role_user(cls.env, "portal", "portal_test_a", lang="id_ID")
        cls.user_b = create_role_user(cls.env, "portal", "portal_test_b", lang="id_ID")
        # A colleague: a contact of the same company as A.
        company = cls.env["res.partner"].create({"name": "SMA Uji", "is_company": True})
        cls.user_a.partner_id.parent_id = company
        cls.user_c = create_role_user(cls.env, "portal", "portal_test_c", lang="id_ID")
        cls.user_c.partner_id.parent_id = company
        Complaint = cls.env["sapa.complaint"].with_context(mail_create_nolog=True)
        cls.complaint_a = Complaint.create(
            {
                "channel": "online",
                "partner_id": cls.user_a.partner_id.id,
                "description": "Story of A, private to A and staff.",
            }
        )
        cls.complaint_b = Complaint.create(
            {
                "channel": "online",
                "partner_id": cls.user_b.partner_id.id,
                "description": "Story of B, private to B and staff.",
            }
        )

    def test_owner_sees_the_list_and_the_restricted_detail(self):
        self.authenticate("portal_test_a", "portal_test_a")
        listing = self.url_open("/my/sapa-complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.complaint_a.name, listing.text)
        self.assertNotIn(self.complaint_b.name, listing.text)
        self.assertIn("o_sapa_quick_exit", listing.text)
        detail = self.url_open(f"/my/sapa-complaints/{self.complaint_a.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn(self.complaint_a.name, detail.text)
        self.assertIn('data-sapa-status="received"', detail.text)
        self.assertNotIn("Story of A", detail.text)
        self.assertEqual(self.complaint_a.access_url, f"/my/sapa-complaints/{self.complaint_a.id}")

    def test_list_pages_with_a_pager(self):
        Complaint = self.env["sapa.complaint"].with_context(mail_create_nolog=True)
        Complaint.create(
            [
                {"channel": "online", "partner_id": self.user_a.partner_id.id,
                 "description": f"Story {i}"}
                for i in range(81)
            ]
        )
        self.authenticate("portal_test_a", "portal_test_a")
        first = self.url_open("/my/sapa-complaints")
        self.assertEqual(first.text.count('class="o_sapa_my_complaint"'), 80)
        self.assertIn("/my/sapa-complaints/page/2", first.text)
        second = self.url_open("/my/sapa-complaints/page/2")
        self.assertEqual(second.text.count('class="o_sapa_my_complaint"'), 2)

    def test_portal_user_cannot_open_anothers_complaint_by_id_or_by_token(self):
        self.assertNotIn("access_token", self.complaint_b._fields, "no portal token on complaints")
        token_b = "a" * 36
        for login in ("portal_test_a", "portal_test_c"):
            self.authenticate(login, login)
            for url in (
                f"/my/sapa-complaints/{self.complaint_b.id}",
                f"/my/sapa-complaints/{self.complaint_b.id}?access_token={token_b}",
                f"/my/sapa-complaints/{self.complaint_a.id if login != 'portal_test_a' else 0}",
                f"/my/sapa-complaints/{self.complaint_b.id}?access_token=x",
            ):
                with self.subTest(login=login, url=url):
                    response = self.url_open(url, allow_redirects=False)
                    self.assertEqual(response.status_code, 303)
                    self.assertTrue(response.headers["Location"].endswith("/my"),
                                    response.headers["Location"])

    def test_anonymous_visitor_is_sent_to_the_login_page(self):
        response = self.url_open(f"/my/sapa-complaints/{self.complaint_a.id}")
        self.assertIn("/web/login", response.url)
        self.assertNotIn(self.complaint_a.name, response.text)

    def test_record_rule_gives_portal_users_read_only_access_to_their_own(self):
        Complaint = self.env["sapa.complaint"]
        self.assertEqual(Complaint.with_user(self.user_a).search([]), self.complaint_a)
        # Same company, still not visible: reports are personal.
        self.assertFalse(Complaint.with_user(self.user_c).search([]))
        with self.assertRaises(AccessError):
            self.complaint_b.with_user(self.user_a).read(["description"])
        with self.assertRaises(AccessError):
            self.complaint_a.with_user(self.user_a).write({"description": "changed"})
        with self.assertRaises(AccessError):
            Complaint.with_user(self.user_a).create(
                {"description": "made up", "partner_id": self.user_a.partner_id.id}
            )
        # Staff-only fields stay staff-only, even on one's own complaint.
        with self.assertRaises(AccessError):
            self.complaint_a.with_user(self.user_a).read(["reject_reason"])
        with self.assertRaises(AccessError):
            self.complaint_a.with_user(self.user_a).read(["case_id"])
        with self.assertRaises(AccessError):
            self.complaint_a.with_user(self.user_a).read(["tracking_hash"])

    def test_portal_home_counts_the_users_complaints(self):
        self.authenticate("portal_test_a", "portal_test_a")
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["sapa_complaint_count"]})
        self.assertEqual(counters, {"sapa_complaint_count": 1})
        home = self.url_open("/my")
        self.assertIn("/my/sapa-complaints", home.text)

    def test_submitted_complaint_appears_under_my_account(self):
        self.authenticate("portal_test_b", "portal_test_b")
        response = self.submit(self.valid_data())
        reference = self.receipt(response)["reference"]
        self.assertTrue(reference)
        self.assertIn("/my/sapa-complaints", response.text)
        listing = self.url_open("/my/sapa-complaints")
        self.assertIn(reference, listing.text)
