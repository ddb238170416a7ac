# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

import re

from odoo.addons.sapa_case.tests.common import create_role_user  # pylint: disable=import-error
from odoo.addons.sapa_case.utils.secret import hash_secret  # pylint: disable=import-error
from odoo.tests import tagged

from .common import SapaPortalCase


@tagged("post_install", "-at_install")
class TestStatusPage(SapaPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env["sapa.complaint"].with_context(mail_create_nolog=True)
        cls.complaint_a = Complaint.create(
            {
                "channel": "online",
                "reporter_name": "Rahasia Pelapor A",
                "reporter_phone": "081298765432",
                "description": "Story of complaint A that only staff may read.",
                "state_id": cls.province.id,
            }
        )
        cls.code_a = cls.complaint_a._generate_tracking_code()
        cls.complaint_b = Complaint.create(
            {"channel": "online", "description": "Story of complaint B, also confidential."}
        )
        cls.code_b = cls.complaint_b._generate_tracking_code()

    def lookup(self, reference, code, url="/en/sapa/status"):
        return self.url_open(
            url,
            data={
                "csrf_token": self.csrf_token("/en/sapa/status"),
                "reference": reference,
                "code": code,
            },
        )

    def shown_status(self, response):
        found = re.search(r'o_sapa_public_status" data-sapa-status="(\w+)"', response.text)
        return found and found.group(1)

    @staticmethod
    def neutral(response, *typed):
        """The page without what differs by nature: the CSRF token (in the form and
        in the page's session info: it carries a timestamp) and the echoed input."""
        text = re.sub(r'(name="csrf_token" value="|csrf_token: ")[^"]*"', "", response.text)
        for value in typed:
            text = text.replace(value, "TYPED")
        return text

    def test_right_code_shows_the_progress_in_plain_words(self):
        response = self.lookup(self.complaint_a.name, self.code_a)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.shown_status(response), "received")
        self.assertIn("We have received the report.", response.text)
        self.assertIn(self.complaint_a.name, response.text)

    def test_status_follows_the_handling_of_the_case(self):
        case = self.env["sapa.case"].create({"summary": "Internal summary of the case."})
        self.complaint_a.write({"state": "accepted", "case_id": case.id})
        self.assertEqual(self.shown_status(self.lookup(self.complaint_a.name, self.code_a)),
                         "in_progress")
        # The SOP walk is sapa_case's business (and its guard's): set the step directly.
        case._write({"stage_id": self.env["sapa.case.stage"]._get_by_step("referral").id,
                     "step": "referral"})
        self.assertEqual(self.shown_status(self.lookup(self.complaint_a.name, self.code_a)),
                         "referred")
        self.complaint_b.write({"state": "rejected", "reject_reason": "Spam from a bot."})
        response = self.lookup(self.complaint_b.name, self.code_b)
        self.assertEqual(self.shown_status(response), "closed")
        self.assertNotIn("Spam from a bot", response.text)

    def test_wrong_code_and_unknown_reference_get_the_identical_answer(self):
        wrong_code = self.lookup(self.complaint_a.name, "not-the-code")
        unknown_ref = self.lookup("ADU/1999/99999", self.code_a)
        empty = self.lookup(self.complaint_a.name, "")
        for response in (wrong_code, unknown_ref, empty):
            self.assertEqual(response.status_code, 200)
            self.assertIsNone(self.shown_status(response))
            self.assertIn("No report matches this reference number and code", response.text)
        self.assertEqual(
            self.neutral(wrong_code, self.complaint_a.name),
            self.neutral(unknown_ref, "ADU/1999/99999"),
        )
        self.assertEqual(
            self.neutral(wrong_code, self.complaint_a.name),
            self.neutral(empty, self.complaint_a.name),
        )

    def test_another_reporters_code_does_not_open_a_complaint(self):
        for reference, code in (
            (self.complaint_a.name, self.code_b),
            (self.complaint_b.name, self.code_a),
        ):
            response = self.lookup(reference, code)
            self.assertIsNone(self.shown_status(response))
            self.assertNotIn("Story of complaint", response.text)

    def test_status_never_shows_staff_names_internal_notes_or_the_story(self):
        officer = create_role_user(
            self.env, "subcoordinator", "portal_test_officer", name="Petugas Bernama Rahasia"
        )
        self.complaint_a.with_user(officer).message_post(
            body="CATATAN INTERNAL: pelaku tinggal di rumah yang sama.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.complaint_a.activity_schedule(
            "mail.mail_activity_data_todo", user_id=officer.id, note="Call the reporter"
        )
        case = self.env["sapa.case"].create({"summary": "Ringkasan internal kasus."})
        self.complaint_a.write({"state": "accepted", "case_id": case.id})
        response = self.lookup(self.complaint_a.name, self.code_a)
        self.assertEqual(self.shown_status(response), "in_progress")
        for secret in (
            "Petugas Bernama Rahasia",
            "CATATAN INTERNAL",
            "Call the reporter",
            "Ringkasan internal",
            case.name,
            "Story of complaint A",
            "Rahasia Pelapor A",
            "81298765432",
        ):
            self.assertNotIn(secret, response.text)

    def test_repeated_wrong_codes_from_one_ip_are_blocked(self):
        self.set_param("sapa_portal.status_rate_limit", 3)
        for _i in range(3):
            response = self.lookup(self.complaint_a.name, "guess")
            self.assertIn("No report matches", response.text)
        blocked = self.lookup(self.complaint_a.name, self.code_a)
        self.assertIn("Too many attempts", blocked.text)
        self.assertIsNone(self.shown_status(blocked))
        # Right answers do not count as attempts.
        self.set_param("sapa_portal.status_rate_limit", 4)
        for _i in range(3):
            self.assertEqual(self.shown_status(self.lookup(self.complaint_a.name, self.code_a)),
                             "received")

    def test_status_link_keeps_the_code_out_of_the_query_string(self):
        response = self.url_open(f"/en/sapa/status?ref={self.complaint_a.name}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'value="{self.complaint_a.name}"', response.text)
        self.assertIsNone(self.shown_status(response))
        # A GET never looks a complaint up, even with a code in the query.
        response = self.url_open(
            f"/en/sapa/status?ref={self.complaint_a.name}&code={self.code_a}"
        )
        self.assertIsNone(self.shown_status(response))

    def test_the_code_is_read_as_people_type_it(self):
        # Shown grouped for reading aloud: 16 Crockford base32 symbols (80 bits).
        self.assertRegex(self.code_a, r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")
        for typed in (
            self.code_a.lower(),
            self.code_a.replace("-", " "),
            self.code_a.replace("-", ""),
            f"  {self.code_a.lower().replace('-', ' - ')} ",
        ):
            self.assertEqual(
                self.shown_status(self.lookup(self.complaint_a.name, typed)), "received", typed
            )
        # One symbol off is a wrong code, and counts as a failed attempt.
        wrong = self.code_a[:-1] + ("A" if self.code_a[-1] != "A" else "B")
        self.assertIn("No report matches", self.lookup(self.complaint_a.name, wrong).text)
        self.assertEqual(
            self.env["sapa.portal.rate.limit"].sudo()._hit("status", "127.0.0.1"), 2
        )

    def test_codes_issued_in_the_former_format_keep_working(self):
        # Before human codes: 16 URL-safe characters, stored as their hash.
        old_code = "_ToS4RrcS_NrWuQH"
        self.complaint_b.sudo().tracking_hash = hash_secret(old_code)
        self.assertEqual(self.shown_status(self.lookup(self.complaint_b.name, old_code)),
                         "received")
        self.assertIsNone(self.shown_status(self.lookup(self.complaint_b.name, old_code.upper())))
