# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)
"""Every reporter can follow: a complaint taken by phone, WhatsApp or in person
gets a tracking code from the Admin, shown once (with the WhatsApp message and
the printable slip), that opens the status page like the online form's."""

import re
from urllib.parse import quote, unquote

from odoo.addons.sapa_case.tests.common import create_role_user  # pylint: disable=import-error
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import SapaPortalCase

SLIP = "sapa_case.action_report_sapa_complaint_tracking_slip"
REPORTER = "Ibu Rahasia Penelepon"
STORY = "Cerita rahasia dari telepon SAPA 129 QWERTY"


@tagged("post_install", "-at_install")
class TestStaffTrackingCode(SapaPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = create_role_user(cls.env, "admin", "tracking_sapa_admin", lang="en_US")
        cls.konselor = create_role_user(
            cls.env, "counselor", "tracking_sapa_konselor", lang="en_US"
        )
        cls.complaint = cls.env["sapa.complaint"].with_user(cls.admin).create({
            "channel": "hotline",
            "reporter_name": REPORTER,
            "reporter_phone": "0812-3456-7890",
            "description": STORY,
            "consent_contact": True,
        })

    def lookup(self, reference, code):
        return self.url_open("/en/sapa/status", data={
            "csrf_token": self.csrf_token("/en/sapa/status"),
            "reference": reference,
            "code": code,
        })

    def shown_status(self, response):
        found = re.search(r'o_sapa_public_status" data-sapa-status="(\w+)"', response.text)
        return found and found.group(1)

    def give_code(self, complaint=None):
        action = (complaint or self.complaint).with_user(self.admin).action_give_tracking_code()
        return action, action["params"]["next"]["data"]["code"]

    def test_code_is_shown_once_and_opens_the_status_page(self):
        self.assertFalse(self.complaint.has_tracking_code)
        self.assertTrue(self.complaint.name and self.complaint.name != "/")
        action, code = self.give_code()
        self.assertTrue(self.complaint.has_tracking_code)
        params = action["params"]
        self.assertEqual(action["tag"], "display_notification")
        self.assertTrue(params["sticky"])
        self.assertIn(code, params["message"])
        self.assertEqual(params["next"]["report_name"],
                         "sapa_case.report_sapa_complaint_tracking_slip")
        # The WhatsApp message, to the reporter's number, with reference and code.
        whatsapp = params["links"][0]["url"]
        self.assertTrue(whatsapp.startswith("https://wa.me/6281234567890?text="), whatsapp)
        text = unquote(whatsapp.split("?text=", 1)[1])
        self.assertIn(self.complaint.name, text)
        self.assertIn(code, text)
        self.assertIn("/sapa/status", text)

        # Shown once: asking again is refused, and the code is nowhere in the database.
        with self.assertRaisesRegex(UserError, "cannot be shown again"):
            self.complaint.with_user(self.admin).action_give_tracking_code()
        self.env.flush_all()
        for table in ("sapa_complaint", "mail_message", "ir_attachment"):
            self.env.cr.execute(SQL(
                "SELECT count(*) FROM %s AS t WHERE t::text LIKE %s",
                SQL.identifier(table), f"%{code}%",
            ))
            self.assertEqual(self.env.cr.fetchone()[0], 0, f"{table} holds the code")

        # The reporter follows the complaint with it.
        response = self.lookup(self.complaint.name, code)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.shown_status(response), "received")
        # One symbol off (codes are read in any case: change the symbol, not its case).
        wrong = code[:-1] + ("Y" if code[-1].upper() == "X" else "X")
        self.assertIsNone(self.shown_status(self.lookup(self.complaint.name, wrong)))

    def test_slip_prints_reference_and_code_but_no_identity_or_story(self):
        _action, code = self.give_code()
        html, _type = self.env["ir.actions.report"].with_user(self.admin)._render_qweb_html(
            SLIP, self.complaint.ids, data={"code": code}
        )
        html = html.decode()
        for text in (self.complaint.name, code, "Kode pelacakan", "/sapa/status"):
            self.assertIn(text, html)
        for secret in (REPORTER, STORY, "QWERTY", "3456-7890"):
            self.assertNotIn(secret, html)
        # Never stored: printing leaves no file behind.
        self.assertFalse(self.env["ir.attachment"].search([
            ("res_model", "=", "sapa.complaint"), ("res_id", "=", self.complaint.id),
        ]))

    def test_only_the_admin_gives_a_code_and_never_a_second_one(self):
        with self.assertRaisesRegex(UserError, "Only the SAPA Admin"):
            self.complaint.with_user(self.konselor).action_give_tracking_code()
        # A reporter of the online form has one already (shown on the receipt page).
        online = self.env["sapa.complaint"].create({"channel": "online", "description": "x"})
        online._generate_tracking_code()
        self.assertTrue(online.has_tracking_code)
        with self.assertRaisesRegex(UserError, "cannot be shown again"):
            online.with_user(self.admin).action_give_tracking_code()

    def test_whatsapp_link_without_number_lets_the_admin_choose_the_chat(self):
        walk_in = self.env["sapa.complaint"].with_user(self.admin).create({
            "channel": "walk_in", "description": "Datang langsung ke kantor.",
        })
        action, code = self.give_code(walk_in)
        whatsapp = action["params"]["links"][0]["url"]
        self.assertTrue(whatsapp.startswith("https://wa.me/?text="), whatsapp)
        self.assertIn(quote(code), whatsapp)
