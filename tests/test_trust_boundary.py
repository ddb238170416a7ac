"""The trust boundary, probed over the ORM paths an RPC client has.

The probes are derived from the field classes (``sapa_class``, see
sapa_case/models/base.py), not from a hand-written list: for every role, every
stored 'workflow' or 'secret' field of every SAPA model is tried for write,
create and import, and every 'confidential' field for read through read,
search_read, web_read, web_search_read, read_group, export_data and search. A
field added later is probed without editing this file. The HTTP paths
(/web/content, /report, /mail routes) are in test_trust_boundary_http.py.
"""

from test_field_classes import sapa_fields
from trust_fixtures import (
    EVERY_ROLE,
    NOT_CASE_TEAM,
    any_record,
    create_records,
    create_role_users,
)

from odoo import Command
from odoo.addons.sapa_case.models.sapa_case import TRANSITIONS
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

UNWRITABLE = ("workflow", "secret")


def probe_value(record, fname):
    """A value of the right type for ``fname`` (refusal must come from the rights,
    not from a malformed value)."""
    field = record._fields[fname]
    env = record.env(su=True)
    if field.type in ("char", "text", "html"):
        return "probe"
    if field.type in ("integer", "many2one_reference"):
        return 7
    if field.type in ("float", "monetary"):
        return 1.5
    if field.type == "boolean":
        return not record.sudo()[fname]
    if field.type == "date":
        return "2026-01-02"
    if field.type == "datetime":
        return "2026-01-02 03:04:05"
    if field.type == "selection":
        keys = [key for key, _label in field._description_selection(env)]
        other = [key for key in keys if key != record.sudo()[fname]]
        return (other or keys)[0]
    if field.type == "many2one":
        target = env[field.comodel_name].search([("id", "!=", record.sudo()[fname].id)], limit=1)
        return target.id
    if field.type in ("one2many", "many2many"):
        target = env[field.comodel_name].search([], limit=1)
        return [Command.set(target.ids)] if field.type == "many2many" else [Command.clear()]
    if field.type == "binary":
        return "cHJvYmU="
    return None


@tagged("post_install", "-at_install")
class TestTrustBoundary(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = create_role_users(cls.env, "trust")
        cls.records = create_records(cls.env, cls.users)
        cls.case = cls.records["sapa.case"]

    def stored_fields(self, *classes):
        """(model, field) of every stored SAPA field of the given classes."""
        for model, fname in sapa_fields(self.env):
            field = model._fields[fname]
            if (field.store and model._sapa_field_class(fname) in classes
                    and not model._transient and fname != "id"):
                yield model, fname

    def fixture(self, model):
        record = any_record(self.env, model._name, self.records)
        self.assertTrue(record, f"no record of {model._name} to probe: add one to trust_fixtures")
        return record

    def assert_refused(self, operation, description):
        """Run ``operation`` in a savepoint; it must raise an access or user error."""
        try:
            with self.env.cr.savepoint(), mute_logger("odoo.models", "odoo.models.unlink"):
                operation()
        except (AccessError, UserError):
            return
        self.fail(f"not refused: {description}")

    # ------------------------------------------------------------------
    # Write, create, import: 'workflow' and 'secret' fields, every role
    # ------------------------------------------------------------------
    def test_no_role_writes_creates_or_imports_a_workflow_or_secret_field(self):
        probed = 0
        for model, fname in self.stored_fields(*UNWRITABLE):
            if fname in ("create_uid", "create_date", "write_uid", "write_date"):
                continue  # Odoo's own log fields: set by the ORM whatever is passed
            record = self.fixture(model)
            value = probe_value(record, fname)
            if value is None:
                continue
            for role in EVERY_ROLE:
                user = self.users[role]
                as_user = record.with_user(user)
                label = f"{role} on {model._name}.{fname}"
                with self.subTest(probe=label):
                    self.assert_refused(lambda r=as_user, f=fname, v=value: r.write({f: v}),
                                        f"write by {label}")
                    self.assert_refused(
                        lambda m=model, u=user, f=fname, v=value: m.with_user(u).create({f: v}),
                        f"create by {label}",
                    )
                    field = model._fields[fname]
                    if field.type not in ("one2many", "many2many", "binary"):
                        column = f"{fname}/.id" if field.type == "many2one" else fname
                        with mute_logger("odoo.models", "odoo.sql_db"):
                            result = model.with_user(user).load(
                                ["id", column], [[record.get_external_id().get(record.id) or
                                                  f"__trust__.{model._table}_{record.id}",
                                                  str(value)]]
                            )
                        self.assertFalse(result["ids"], f"import accepted: {label}")
                    probed += 1
        self.assertGreater(probed, 100, "the probes must reach the workflow fields")

    def test_regression_admin_cannot_write_or_import_the_step_of_a_case(self):
        # Found by a review: the guard trusted `step`, a stored related field that
        # was itself writable; the Admin took a fresh case to monitoring.
        as_admin = self.case.with_user(self.users["admin"])
        with self.assertRaises(AccessError):
            as_admin.write({"step": "monitoring"})
        result = self.env["sapa.case"].with_user(self.users["admin"]).load(
            ["id", "step"], [[f"__trust__.case_{self.case.id}", "monitoring"]]
        )
        self.assertFalse(result["ids"])
        self.case.invalidate_recordset()
        self.assertEqual(self.case.step, "received")
        self.assertEqual(self.env.ref("sapa_case.stage_monitoring").step, "monitoring")

    def test_regression_konselor_on_the_team_cannot_close_a_case_by_its_step(self):
        with self.assertRaises(AccessError):
            self.case.with_user(self.users["counselor"]).write({"step": "closed"})
        self.assertEqual(self.case.step, "received")

    def test_regression_date_step_and_deadline_cannot_be_forged(self):
        for fname, value in (("date_step", "2020-01-01 00:00:00"),
                             ("date_deadline", "2099-01-01")):
            for role in ("admin", "subcoordinator", "manager"):
                with self.subTest(field=fname, role=role), self.assertRaises(AccessError):
                    self.case.with_user(self.users[role]).write({fname: value})

    # ------------------------------------------------------------------
    # Guarded: a stage changes only along the SOP, by the step's owner
    # ------------------------------------------------------------------
    def test_no_role_moves_a_case_outside_the_sop(self):
        transitions = TRANSITIONS
        stages = self.env["sapa.case.stage"].search([])
        for stage in stages:
            if ("received", stage.step) in transitions or stage.step == "received":
                continue
            for role in EVERY_ROLE:
                with self.subTest(target=stage.step, role=role):
                    self.assert_refused(
                        lambda s=stage, r=role: self.case.with_user(self.users[r]).write(
                            {"stage_id": s.id}
                        ),
                        f"{role} moving received -> {stage.step}",
                    )
        self.assertEqual(self.case.step, "received")

    # ------------------------------------------------------------------
    # Read: 'confidential' fields, every read path, everyone outside the team
    # ------------------------------------------------------------------
    def read_paths(self, model, record, fname):
        """(path name, callable returning what the path gives back)."""
        field = model._fields[fname]
        domain = [("id", "=", record.id)]
        paths = [
            ("read", lambda: model.browse(record.id).read([fname])),
            ("search_read", lambda: model.search_read(domain, [fname])),
            ("web_read", lambda: model.browse(record.id).web_read({fname: {}})),
            ("web_search_read",
             lambda: model.web_search_read(domain, {fname: {}})["records"]),
            ("export_data", lambda: model.browse(record.id).export_data([fname])["datas"]),
            ("search", lambda: model.search(domain + [(fname, "!=", False)]).ids),
        ]
        if field.store and field.type not in ("text", "html", "one2many", "binary"):
            paths.append(("read_group", lambda: model.read_group(domain, [fname], [fname])))
        elif field.store and field.type not in ("one2many", "many2many", "binary"):
            paths.append(
                ("read_group", lambda: model.read_group(domain, [f"{fname}:count_distinct"], []))
            )
        return paths

    def leaked(self, result, record, fname, path):
        """Whether what a read path returned shows the record's value of ``fname``."""
        value = record.sudo()[fname]
        if not value:
            return False
        if path == "search":
            return record.id in result
        if path == "read_group":
            return any(group.get(f"{fname}_count", group.get(fname)) for group in result
                       if group.get("__count"))
        if path == "export_data":
            return any(any(cell not in ("", False, None) for cell in row) for row in result)
        return any(row.get("id") == record.id and row.get(fname) for row in result)

    def test_outside_the_case_team_no_read_path_shows_a_confidential_field(self):
        probed = 0
        for model, fname in self.stored_fields("confidential"):
            record = self.fixture(model)
            if not record.sudo()[fname]:
                continue
            for role in NOT_CASE_TEAM:
                as_user = model.with_user(self.users[role])
                for path, read in self.read_paths(as_user, record, fname):
                    with self.subTest(probe=f"{role} {path} {model._name}.{fname}"):
                        try:
                            with mute_logger("odoo.models", "odoo.access"):
                                result = read()
                        except (UserError, ValueError):  # AccessError is a UserError
                            continue
                        self.assertFalse(
                            self.leaked(result, record, fname, path),
                            f"{role} read {model._name}.{fname} through {path}",
                        )
                        probed += 1
        self.assertGreater(len(list(self.stored_fields("confidential"))), 30)

    def test_the_case_team_reads_its_confidential_fields(self):
        # The probes above can fail: the same paths give the team the values.
        identification = self.case.sudo().identification
        self.assertTrue(identification)
        for role in ("counselor", "subcoordinator", "head_division", "head_agency", "manager"):
            values = self.case.with_user(self.users[role]).read(["identification"])[0]
            self.assertEqual(values["identification"], identification)

    # ------------------------------------------------------------------
    # Messages and files of SAPA records, over the ORM
    # ------------------------------------------------------------------
    def test_messages_and_files_follow_the_record_confidentiality(self):
        targets = {
            "sapa.case": NOT_CASE_TEAM,
            "sapa.complaint": ("outsider_counselor", "internal", "portal", "public"),
        }
        if "sapa.referral" in self.records:
            targets["sapa.referral"] = NOT_CASE_TEAM
        for model_name, denied in targets.items():
            record = self.records[model_name].sudo()
            note = record.message_post(body=f"SECRET note on {model_name}",
                                       subtype_xmlid="mail.mt_note")
            comment = record.message_post(body=f"SECRET reply on {model_name}",
                                          message_type="comment",
                                          subtype_xmlid="mail.mt_comment")
            attachment = self.env["ir.attachment"].create({
                "name": f"assessment-{model_name}.pdf", "raw": b"%PDF-1.4 SECRET",
                "res_model": model_name, "res_id": record.id,
            })
            for role in denied:
                user = self.users[role]
                with self.subTest(model=model_name, role=role):
                    self.assertFalse(self.search_as(
                        user, "mail.message", [("model", "=", model_name),
                                               ("res_id", "=", record.id)]
                    ))
                    for message in note | comment:
                        with self.assertRaises(AccessError):
                            message.with_user(user).read(["body"])
                    self.assertFalse(self.search_as(
                        user, "ir.attachment", [("res_model", "=", model_name),
                                                ("res_id", "=", record.id)]
                    ))
                    with self.assertRaises(AccessError):
                        attachment.with_user(user).read(["raw", "name"])

    def search_as(self, user, model_name, domain):
        """What ``user`` finds; nothing when the model itself is refused."""
        try:
            return self.env[model_name].with_user(user).search(domain)
        except AccessError:
            return self.env[model_name]

    def test_the_case_team_reads_the_messages_and_files_of_its_case(self):
        note = self.case.sudo().message_post(body="Team note", subtype_xmlid="mail.mt_note")
        attachment = self.env["ir.attachment"].create({
            "name": "assessment.pdf", "raw": b"%PDF-1.4", "res_model": "sapa.case",
            "res_id": self.case.id,
        })
        for role in ("counselor", "subcoordinator", "head_agency"):
            user = self.users[role]
            self.assertEqual(note.with_user(user).read(["body"])[0]["id"], note.id)
            self.assertEqual(attachment.with_user(user).read(["name"])[0]["name"],
                             "assessment.pdf")

    # ------------------------------------------------------------------
    # Reparenting: rules hold on what a record becomes
    # ------------------------------------------------------------------
    def test_regression_konselor_cannot_move_lines_or_files_into_another_case(self):
        other = self.env["sapa.case"].create({"summary": "Not the Konselor's case"})
        konselor = self.users["counselor"]
        for model_name in ("sapa.case.victim", "sapa.case.outreach.activity",
                           "sapa.case.perpetrator", "sapa.case.monitoring.checkin"):
            line = self.records[model_name].with_user(konselor)
            with self.subTest(model=model_name), self.assertRaises(AccessError):
                line.write({"case_id": other.id})
            self.assertEqual(self.records[model_name].case_id, self.case)
        attachment = self.env["ir.attachment"].create({
            "name": "mine.pdf", "raw": b"x", "res_model": "sapa.case", "res_id": self.case.id,
        })
        with self.assertRaises(AccessError):
            attachment.with_user(konselor).write({"res_id": other.id})
        note = self.case.sudo().message_post(body="note", subtype_xmlid="mail.mt_note")
        note.sudo().author_id = konselor.partner_id
        with self.assertRaises(AccessError):
            note.with_user(konselor).write({"res_id": other.id})

    # ------------------------------------------------------------------
    # Share users: only what may be public, even of their own complaint
    # ------------------------------------------------------------------
    def test_regression_a_reporter_reads_no_staff_field_of_their_own_complaint(self):
        # Found by a review: staff names reached portal users (write_uid, authors).
        complaint = self.records["sapa.complaint"].with_user(self.users["portal"])
        self.assertTrue(complaint.has_access("read"), "the reporter's own complaint")
        readable = {"id", "display_name"}
        for fname in complaint._fields:
            if complaint._sapa_field_class(fname) in ("public", "config") or fname in readable:
                continue
            with self.subTest(field=fname), self.assertRaises(AccessError):
                complaint.read([fname])
        values = complaint.read()[0]
        self.assertEqual(values["name"], self.records["sapa.complaint"].name)
        self.assertNotIn("write_uid", values)
        self.assertNotIn("message_partner_ids", values)

    # ------------------------------------------------------------------
    # Smaller findings
    # ------------------------------------------------------------------
    def test_complaints_have_no_portal_token(self):
        self.assertNotIn("access_token", self.env["sapa.complaint"]._fields)

    def test_sapa_staff_cannot_edit_the_public_website(self):
        designer = self.env.ref("website.group_website_designer")
        editor = self.env.ref("website.group_website_restricted_editor")
        for role in ("admin", "subcoordinator", "counselor", "head_agency", "manager"):
            user = self.users[role]
            with self.subTest(role=role):
                self.assertFalse(user.has_group("website.group_website_designer"))
                self.assertFalse(user.has_group("website.group_website_restricted_editor"))
        # Granted explicitly, it holds: editing is a role someone is given.
        self.users["manager"].groups_id = [Command.link(designer.id)]
        self.assertTrue(self.users["manager"].has_group("website.group_website_designer"))
        self.assertIn(editor, designer.implied_ids)
