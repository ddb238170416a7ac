"""The trust boundary over HTTP: /web/content, /report, and Odoo's mail routes.

Every SAPA record with a chatter gets a confidential note, a staff reply and a
file; then each route is tried as the people who must not see them (public
visitor, the reporter's portal account, the Admin for case records), with and
without the portal keys Odoo's routes accept (token, signed hash + pid). Nothing
confidential may come back, nothing may be posted or uploaded. The reports are
derived from ir.actions.report, so a new SAPA letter is probed too.
"""

import json
import re

from trust_fixtures import create_records, create_role_users

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

MARK = "CONFIDENTIAL-HTTP"
# The form's own hidden field (SAPA's public layout loads no Odoo frontend script).
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestTrustBoundaryHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = create_role_users(cls.env, "trusthttp")
        for user in cls.users.values():
            if user != cls.env.ref("base.public_user"):
                user.password = user.login
        cls.records = create_records(cls.env, cls.users)
        cls.threads = {
            name: record for name, record in cls.records.items()
            if name in ("sapa.case", "sapa.complaint", "sapa.referral")
        }
        cls.files = {}
        for model_name, record in cls.threads.items():
            record.sudo().message_post(body=f"{MARK} note {model_name}",
                                       subtype_xmlid="mail.mt_note")
            record.sudo().message_post(body=f"{MARK} reply {model_name}",
                                       message_type="comment", subtype_xmlid="mail.mt_comment")
            cls.files[model_name] = cls.env["ir.attachment"].create({
                "name": f"{MARK}-{model_name}.pdf", "raw": b"%PDF-1.4 " + MARK.encode(),
                "res_model": model_name, "res_id": record.id,
            })

    def login(self, role):
        if role == "public":
            self.authenticate(None, None)
        else:
            self.authenticate(self.users[role].login, self.users[role].login)

    def portal_keys(self, record):
        """What Odoo's portal routes accept besides the user's rights. SAPA
        records have no access_token, so no valid signature can even be made:
        the keys are refused before they are checked."""
        partner = self.users["portal"].partner_id
        self.assertNotIn("access_token", record._fields)
        return [
            {},
            {"token": "any-token"},
            {"hash": "f" * 64, "pid": partner.id},
        ]

    def csrf_token(self):
        """The session's CSRF token, as the complaint form gives it."""
        response = self.url_open("/sapa/pengaduan")
        return CSRF_RE.search(response.text).group(1)

    def assert_no_secret(self, text, what):
        self.assertNotIn(MARK, text, what)

    def json_call(self, route, params):
        try:
            with mute_logger("odoo.http", "odoo.addons.mail"):
                return json.dumps(self.make_jsonrpc_request(route, params))
        except Exception as error:
            return f"refused: {type(error).__name__}"

    def test_mail_routes_refuse_sapa_records_to_portal_keys_and_share_users(self):
        for role in ("public", "portal"):
            self.login(role)
            for model_name, record in self.threads.items():
                before = self.env["mail.message"].sudo().search_count(
                    [("model", "=", model_name), ("res_id", "=", record.id)]
                )
                files_before = self.env["ir.attachment"].sudo().search_count([])
                for keys in self.portal_keys(record):
                    probe = f"{role} {model_name} {sorted(keys)}"
                    with self.subTest(probe=probe):
                        base = {"thread_model": model_name, "thread_id": record.id, **keys}
                        data = self.json_call("/mail/thread/data", {
                            **base, "request_list": ["activities", "attachments", "followers"],
                        })
                        self.assert_no_secret(data, f"/mail/thread/data {probe}")
                        self.assertNotIn('"hasReadAccess": true', data)
                        fetched = self.json_call("/mail/chatter_fetch", base)
                        self.assert_no_secret(fetched, f"/mail/chatter_fetch {probe}")
                        init = self.json_call("/portal/chatter_init", base)
                        self.assert_no_secret(init, f"/portal/chatter_init {probe}")
                        self.json_call("/mail/message/post", {
                            **base, "post_data": {"body": "posted by a stranger",
                                                  "message_type": "comment"},
                        })
                        with mute_logger("odoo.http"):
                            upload = self.url_open(
                                "/mail/attachment/upload",
                                data={"thread_id": record.id, "thread_model": model_name,
                                      "csrf_token": self.csrf_token(), **keys},
                                files={"ufile": ("x.txt", b"uploaded by a stranger")},
                            )
                        self.assertNotIn("uploaded", upload.text)
                self.assertEqual(
                    self.env["mail.message"].sudo().search_count(
                        [("model", "=", model_name), ("res_id", "=", record.id)]
                    ),
                    before, f"{role} posted on {model_name}",
                )
                self.assertEqual(self.env["ir.attachment"].sudo().search_count([]),
                                 files_before, f"{role} uploaded on {model_name}")

    def test_web_content_serves_no_sapa_file_outside_its_readers(self):
        denied = {
            "sapa.case": ("public", "portal", "admin", "internal", "outsider_counselor"),
            "sapa.complaint": ("public", "portal", "internal"),
            "sapa.referral": ("public", "portal", "admin", "internal", "outsider_counselor"),
        }
        for model_name, roles in denied.items():
            attachment = self.files.get(model_name)
            if not attachment:
                continue
            for role in roles:
                self.login(role)
                with self.subTest(model=model_name, role=role), mute_logger("odoo.http"):
                    response = self.url_open(f"/web/content/{attachment.id}?download=true")
                    self.assertNotEqual(response.status_code, 200)
                    self.assert_no_secret(response.text, f"/web/content as {role}")
        # The case team gets it: the probes above can fail.
        self.login("counselor")
        response = self.url_open(f"/web/content/{self.files['sapa.case'].id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertIn(MARK.encode(), response.content)

    def test_reports_print_only_for_their_groups_and_readers(self):
        reports = self.env["ir.actions.report"].search([("model", "=like", "sapa.%")])
        self.assertTrue(reports)
        for report in reports:
            record = self.records.get(report.model)
            if not record:
                continue
            for role in ("public", "portal", "internal", "admin", "outsider_counselor"):
                user = self.users[role]
                allowed = (not report.groups_id or report.groups_id & user.groups_id) and (
                    record.with_user(user).has_access("read")
                )
                if allowed:
                    continue
                self.login(role)
                with self.subTest(report=report.report_name, role=role), mute_logger(
                    "odoo.http", "odoo.addons.web.controllers.report"
                ):
                    response = self.url_open(f"/report/pdf/{report.report_name}/{record.id}")
                    self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
                    self.assertNotIn(record.sudo().display_name, response.text)
