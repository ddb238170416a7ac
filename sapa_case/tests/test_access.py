from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import SapaCaseCommon, create_role_user

ROLES = [
    "admin", "subcoordinator", "counselor", "head_division", "head_agency", "manager",
    "internal", "portal",
]

# Expected rights, per model and role: r(ead) w(rite) c(reate) u(nlink), - none.
# Written from the design (who needs what in each SOP step), not from the CSV.
# The Admin sees who is on the outreach team (the form); only
# Kepala Bidang and above compose it.
EXPECTED_RIGHTS = """
                              admin subkoor counsel kabid kadin manager internal portal
sapa.complaint                rwc   rwc     -       rwc   rwc   rwcu    -        -
sapa.case                     rwc   rwc     rw      rwc   rwc   rwcu    -        -
sapa.case.victim              -     rwc     rwc     rwc   rwc   rwcu    -        -
sapa.case.perpetrator         -     rwc     rwc     rwc   rwc   rwcu    -        -
sapa.case.team.member         r     r       r       rwcu  rwcu  rwcu    -        -
sapa.case.contact.attempt     -     rwc     r       rwc   rwc   rwcu    -        -
sapa.case.outreach.activity   -     rwc     rwc     rwc   rwc   rwcu    -        -
sapa.case.monitoring.checkin  -     rwc     rwc     rwc   rwc   rwcu    -        -
sapa.case.stage               r     r       r       r     r     rwcu    -        -
sapa.violence.type            r     r       r       r     r     rwcu    r        -
"""
MATRIX = {
    model: dict(zip(ROLES, (cell.strip("-") for cell in cells), strict=True))
    for model, *cells in (line.split() for line in EXPECTED_RIGHTS.strip().splitlines()[1:])
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
LINE_MODELS = [
    "sapa.case.victim", "sapa.case.perpetrator", "sapa.case.team.member",
    "sapa.case.contact.attempt", "sapa.case.outreach.activity", "sapa.case.monitoring.checkin",
]
CONFIDENTIAL_CASE_FIELDS = [
    "identification", "victim_condition", "planned_steps", "outreach_report", "recommendation",
    "summary", "contact_phone", "safe_phone", "risk_level", "safe_hour_from", "safe_hour_to",
    "safe_to_contact", "final_report",
]


@tagged("post_install", "-at_install")
class TestAccess(SapaCaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_user = {role: cls.users[role] for role in ROLES}
        cls.spare_user = create_role_user(cls.env, "internal", "t_sapa_spare")
        cls.code_counter = 0

    # ------------------------------------------------------------------
    # Fixtures, created as superuser
    # ------------------------------------------------------------------
    def make_case(self, company=None, team=None):
        """A case whose outreach team holds the Konselor (or ``team``)."""
        case = self.env["sapa.case"].create({
            "summary": "Fixture case",
            "consent_contact": True,
            "company_id": (company or self.company).id,
            "identification": "Confidential identification",
            "victim_condition": "Confidential condition",
            "planned_steps": "Confidential plan",
            "outreach_report": "Confidential report",
            "recommendation": "Confidential recommendation",
        })
        for user in team if team is not None else self.konselor:
            case.write({
                "team_member_ids": [Command.create({"user_id": user.id, "role": "counselor"})],
            })
        return case

    def values_for(self, model, case):
        """Values to create a record of ``model`` (on ``case`` for the lines)."""
        self.code_counter += 1
        return {
            "sapa.complaint": {"description": "Fixture complaint", "channel": "walk_in"},
            "sapa.case": {"incident_date": "2026-11-01"},
            "sapa.case.victim": {"case_id": case.id, "name": "Victim", "sex": "female"},
            "sapa.case.perpetrator": {"case_id": case.id, "name": "Perpetrator"},
            "sapa.case.team.member": {
                "case_id": case.id, "user_id": self.spare_user.id, "role": "counselor",
            },
            "sapa.case.contact.attempt": {"case_id": case.id, "outcome": "no_answer"},
            "sapa.case.outreach.activity": {"case_id": case.id, "activity_type": "assessment"},
            "sapa.case.monitoring.checkin": {"case_id": case.id, "condition": "safe"},
            "sapa.case.stage": None,  # one stage per SOP step: no new one can exist
            "sapa.violence.type": {"name": "Fixture type", "code": f"t_{self.code_counter}"},
        }[model]

    WRITE_VALUES = {
        "sapa.complaint": {"incident_place": "Pasar"},
        "sapa.case": {"incident_date": "2026-11-02"},
        "sapa.case.victim": {"address": "Jl. Melati"},
        "sapa.case.perpetrator": {"age": 40},
        "sapa.case.team.member": {"task": "Home visit"},
        "sapa.case.contact.attempt": {"note": "Edited"},
        "sapa.case.outreach.activity": {"place": "School"},
        "sapa.case.monitoring.checkin": {"note": "Edited"},
        "sapa.case.stage": {"description": "Edited"},
        "sapa.violence.type": {"sequence": 99},
    }

    def make_record(self, model):
        """A fresh record of ``model``, on a case of the Konselor's team."""
        if model == "sapa.case":
            return self.make_case()
        if model == "sapa.case.stage":
            return self.stages["outreach"]
        return self.env[model].create(self.values_for(model, self.make_case()))

    # ------------------------------------------------------------------
    # The matrix
    # ------------------------------------------------------------------
    def granted_by_another_addon(self, model, role):
        """An installed addon may grant a role more on a model (e.g. portal users
        reading their own complaints): its tests cover that cell. Such a cell has
        an access right of the role's groups declared by another addon."""
        rights = self.env["ir.model.access"].search([
            ("model_id.model", "=", model),
            ("group_id", "in", self.role_user[role].groups_id.ids),
        ])
        return any(
            xmlid.split(".")[0] != "sapa_case"
            for xmlid in rights.get_external_id().values() if xmlid
        )

    def test_access_matrix_declared_rights(self):
        """has_access() per role, model and operation, as the table says."""
        for model, rights in MATRIX.items():
            for role, expected in rights.items():
                if self.granted_by_another_addon(model, role):
                    continue
                Model = self.env[model].with_user(self.role_user[role])
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            Model.has_access(operation), letter in expected,
                            f"{role} {operation} {model}",
                        )
                        if letter not in expected:
                            with self.assertRaises(AccessError):
                                Model.check_access(operation)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_access_matrix_real_operations(self):
        """The same table, with real searches, reads, creates, writes and unlinks."""
        for model, rights in MATRIX.items():
            for role, expected in rights.items():
                if self.granted_by_another_addon(model, role):
                    continue
                user = self.role_user[role]
                with self.subTest(model=model, role=role):
                    # read
                    record = self.make_record(model)
                    if "r" in expected:
                        found = self.env[model].with_user(user).search([("id", "=", record.id)])
                        self.assertEqual(found, record)
                        found.read(["display_name"])
                    else:
                        with self.assertRaises(AccessError):
                            self.env[model].with_user(user).search([("id", "=", record.id)])
                        with self.assertRaises(AccessError):
                            record.with_user(user).read(["display_name"])
                    # write
                    if "w" in expected:
                        record.with_user(user).write(self.WRITE_VALUES[model])
                    else:
                        with self.assertRaises(AccessError):
                            record.with_user(user).write(self.WRITE_VALUES[model])
                    # create
                    values = self.values_for(model, self.make_case())
                    if values is not None:
                        if "c" in expected:
                            created = self.env[model].with_user(user).create(values)
                            self.assertTrue(created.exists())
                        else:
                            with self.assertRaises(AccessError):
                                self.env[model].with_user(user).create(values)
                    # unlink
                    if model != "sapa.case.stage":
                        record = self.make_record(model)
                        if "u" in expected:
                            record.with_user(user).unlink()
                            self.assertFalse(record.exists())
                        else:
                            with self.assertRaises(AccessError):
                                record.with_user(user).unlink()
                            self.assertTrue(record.exists())

    def test_public_user_has_no_access_at_all(self):
        public = self.env.ref("base.public_user")
        for model in MATRIX:
            Model = self.env[model].with_user(public)
            for operation in OPERATIONS.values():
                self.assertFalse(Model.has_access(operation), f"public {operation} {model}")
            with self.assertRaises(AccessError):
                Model.search([])
        case = self.make_case()
        with self.assertRaises(AccessError):
            case.with_user(public).read(["name"])
        with self.assertRaises(AccessError):
            case.with_user(self.portal_user).read(["name"])

    # ------------------------------------------------------------------
    # Konselor: only the cases of their team
    # ------------------------------------------------------------------
    def test_konselor_sees_only_the_cases_of_their_team(self):
        own = self.make_case()
        other = self.make_case(team=self.manager)
        as_konselor = self.env["sapa.case"].with_user(self.konselor)
        self.assertEqual(as_konselor.search([("id", "in", (own | other).ids)]), own)
        own.with_user(self.konselor).read(["name", "identification", "summary"])
        with self.assertRaises(AccessError):
            other.with_user(self.konselor).read(["name"])
        with self.assertRaises(AccessError):
            other.with_user(self.konselor).write({"summary": "Not mine"})
        # A Sub Koordinator (a Konselor too) sees every case.
        self.assertEqual(
            self.env["sapa.case"].with_user(self.subkoor).search([("id", "in", (own | other).ids)]),
            own | other,
        )

    def test_konselor_sees_only_the_lines_of_their_team_cases(self):
        own = self.make_case()
        other = self.make_case(team=self.manager)
        for model in LINE_MODELS:
            with self.subTest(model=model):
                values_own = self.values_for(model, own)
                values_other = self.values_for(model, other)
                line_own = self.env[model].create(values_own)
                line_other = self.env[model].create(values_other)
                Model = self.env[model].with_user(self.konselor)
                lines = line_own | line_other
                visible = Model.search([("id", "in", lines.ids)])
                self.assertEqual(visible, line_own)
                line_own.with_user(self.konselor).read(["case_id"])
                with self.assertRaises(AccessError):
                    line_other.with_user(self.konselor).read(["case_id"])
                if "c" in MATRIX[model]["counselor"]:
                    with self.assertRaises(AccessError):
                        Model.create(self.values_for(model, other))

    def test_konselor_leaves_the_team_and_loses_the_case(self):
        case = self.make_case()
        case.with_user(self.konselor).read(["name"])
        case.team_member_ids.filtered(lambda m: m.user_id == self.konselor).unlink()
        with self.assertRaises(AccessError):
            case.with_user(self.konselor).read(["name"])

    # ------------------------------------------------------------------
    # Admin: the case, but not its confidential content
    # ------------------------------------------------------------------
    def test_admin_reads_the_case_but_not_its_confidential_fields(self):
        case = self.make_case()
        as_admin = case.with_user(self.admin)
        values = as_admin.read(["name", "stage_id", "violence_type_ids", "user_id"])[0]
        self.assertEqual(values["name"], case.name)
        for fname in CONFIDENTIAL_CASE_FIELDS:
            with self.subTest(field=fname):
                with self.assertRaises(AccessError):
                    as_admin.read([fname])
                with self.assertRaises(AccessError):
                    as_admin.search_read([("id", "=", case.id)], [fname])
        activity = self.env["sapa.case.outreach.activity"].create({
            "case_id": case.id, "activity_type": "assessment", "findings": "Confidential",
        })
        with self.assertRaises(AccessError):
            activity.with_user(self.admin).read(["findings"])
        # The roles above hold the Konselor group and read them.
        for user in (self.konselor, self.subkoor, self.kabid, self.kadin):
            case.with_user(user).read(CONFIDENTIAL_CASE_FIELDS)
            activity.with_user(user).read(["findings"])

    def test_admin_form_and_kanban_of_a_case_open_without_the_confidential_fields(self):
        case = self.new_case_at("outreach")
        self.fill(case, "outreach")
        form_fields = self.env["sapa.case"].with_user(self.admin).get_views(
            [(False, "form")]
        )["models"]["sapa.case"]["fields"]
        for fname in CONFIDENTIAL_CASE_FIELDS:
            self.assertNotIn(fname, form_fields)
        form = Form(case.with_user(self.admin))
        self.assertEqual(form.name, case.name)
        self.open_kanban(self.admin, case)

    def test_konselor_opens_the_form_and_kanban_of_a_team_case(self):
        case = self.new_case_at("outreach")
        form = Form(case.with_user(self.konselor))
        self.assertEqual(form.name, case.name)
        self.assertEqual(form.identification, case.identification)
        self.open_kanban(self.konselor, case)

    def open_kanban(self, user, case):
        """Load the cases' kanban as the web client does."""
        Case = self.env["sapa.case"].with_user(user)
        fields = Case.get_views([(False, "kanban")])["models"]["sapa.case"]["fields"]
        specification = {
            fname: {"fields": {"display_name": {}}}
            if Case._fields[fname].relational else {}
            for fname in fields
        }
        result = Case.web_search_read([("id", "=", case.id)], specification)
        self.assertEqual([record["id"] for record in result["records"]], [case.id])

    # ------------------------------------------------------------------
    # Multi-company
    # ------------------------------------------------------------------
    def test_users_of_another_company_do_not_see_its_cases(self):
        company_b = self.env["res.company"].create({"name": "DP3A Kabupaten B"})
        subkoor_b = create_role_user(
            self.env, "subcoordinator", "t_sapa_subkoor_b",
            company_id=company_b.id, company_ids=[Command.set(company_b.ids)],
        )
        case_a = self.make_case()
        case_b = self.make_case(company=company_b, team=subkoor_b)
        both = case_a | case_b
        self.assertEqual(
            self.env["sapa.case"].with_user(subkoor_b).search([("id", "in", both.ids)]), case_b
        )
        self.assertEqual(
            self.env["sapa.case"].with_user(self.subkoor).search([("id", "in", both.ids)]), case_a
        )
        with self.assertRaises(AccessError):
            case_a.with_user(subkoor_b).read(["name"])
        for model in LINE_MODELS:
            with self.subTest(model=model):
                values = self.values_for(model, case_a)
                line_a = self.env[model].create(values)
                self.assertFalse(
                    self.env[model].with_user(subkoor_b).search([("id", "=", line_a.id)])
                )
        complaint_a = self.create_complaint()
        self.assertFalse(
            self.env["sapa.complaint"].with_user(subkoor_b).search([("id", "=", complaint_a.id)])
        )
