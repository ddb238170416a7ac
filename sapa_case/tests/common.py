"""Shared set-up of the tests of every SAPA addon: users of each role
(``create_role_user``/``create_role_users``), and helpers that walk a case along
the SOP through the real buttons with the SOP walker (``sapa.case.walker``),
each step done by its own role.

Nothing here depends on demo data: every user, complaint and case is created by
the tests themselves.
"""

from contextlib import contextmanager
from datetime import date

from odoo import Command
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

from ..models.sapa_case_walker import ROLES, sop_path

# Every role a test may need a user of: the SOP's roles, the SAPA Manager, an
# employee outside SAPA and a portal user.
ROLE_GROUPS = {
    **ROLES,
    "manager": "sapa_case.group_sapa_manager",
    "internal": "base.group_user",
    "portal": "base.group_portal",
}

# The two paths of the SOP, written out here (not imported from the model) so
# that a wrong table in the model makes the tests fail.
REFERRAL_PATH = [
    "received", "identification", "verification", "approval", "outreach",
    "decision", "referral", "monitoring", "closed",
]
FINAL_REPORT_PATH = [
    "received", "identification", "verification", "approval", "outreach",
    "decision", "final_report", "monitoring", "closed",
]
ALL_STEPS = [
    "received", "identification", "verification", "approval", "outreach",
    "decision", "referral", "final_report", "monitoring", "closed",
]
# Every move the SOP allows (forward steps and the two send-backs).
ALLOWED_MOVES = {
    ("received", "identification"),
    ("identification", "verification"),
    ("verification", "approval"),
    ("verification", "identification"),
    ("approval", "outreach"),
    ("approval", "verification"),
    ("outreach", "decision"),
    ("decision", "referral"),
    ("decision", "final_report"),
    ("referral", "monitoring"),
    ("final_report", "monitoring"),
    ("monitoring", "closed"),
}


def rows_with_text(env, tables, text):
    """{table: rows} of ``tables`` holding ``text`` anywhere in a column, as
    stored (the retention tests' proof that nothing identifying is left)."""
    env.flush_all()
    found = {}
    for table in tables:
        env.cr.execute(SQL(
            "SELECT count(*) FROM %s AS t WHERE t::text ILIKE %s",
            SQL.identifier(table), f"%{text}%",
        ))
        if count := env.cr.fetchone()[0]:
            found[table] = count
    return found


def create_role_user(env, role, login, **values):
    """A user holding ``role`` (a key of ``ROLE_GROUPS``), working in Jakarta time;
    ``values`` are more res.users values (name, lang, company...). Its password
    is its login (padded with 'x' to 8 characters, see new_test_user)."""
    values.setdefault("name", f"Test {role}")
    values.setdefault("tz", "Asia/Jakarta")
    return new_test_user(env, login=login, groups=ROLE_GROUPS[role], **values)


def create_role_users(env, login_prefix, names=None, **values):
    """One user of each role of ``ROLE_GROUPS``, keyed by role, logins
    ``<login_prefix>_sapa_<role>``; ``names`` may name some of them."""
    return {
        role: create_role_user(
            env, role, f"{login_prefix}_sapa_{role}",
            **{"name": (names or {}).get(role, f"Test {role}"), **values},
        )
        for role in ROLE_GROUPS
    }


# Who owes the move out of each step: the activity is theirs (monitoring: the
# cron asks on each due date, see test_monitoring).
OWED_BY = {
    "received": "admin",
    "identification": "subcoordinator",
    "verification": "head_division",
    "approval": "head_agency",
    "outreach": "counselor",
    "decision": "head_agency",
    "referral": "subcoordinator",
    "final_report": "subcoordinator",
}


class SapaTestMixin:
    """Users per role and SOP helpers, usable from TransactionCase and HttpCase
    (call ``_setup_sapa`` from ``setUpClass``)."""

    @classmethod
    def _setup_sapa(cls, login_prefix="t", names=None, **user_values):
        env = cls.env
        cls.company = env.company
        cls.users = create_role_users(
            env, login_prefix, names=names, company_id=cls.company.id, **user_values
        )
        cls.admin = cls.users["admin"]
        cls.subkoor = cls.users["subcoordinator"]
        cls.konselor = cls.users["counselor"]
        cls.kabid = cls.users["head_division"]
        cls.kadin = cls.users["head_agency"]
        cls.manager = cls.users["manager"]
        cls.internal_user = cls.users["internal"]
        cls.portal_user = cls.users["portal"]
        # The officials who receive the approval activities.
        cls.company.write({
            "sapa_head_division_user_id": cls.kabid.id,
            "sapa_head_agency_user_id": cls.kadin.id,
        })
        cls.stages = {
            stage.step: stage for stage in env["sapa.case.stage"].search([])
        }
        cls.type_physical = env.ref("sapa_case.violence_type_physical")
        cls.type_psychological = env.ref("sapa_case.violence_type_psychological")
        cls.type_sexual = env.ref("sapa_case.violence_type_sexual")
        cls.activity_type = {
            "verification": env.ref("sapa_case.mail_activity_type_sapa_verification"),
            "approval": env.ref("sapa_case.mail_activity_type_sapa_approval"),
            "decision": env.ref("sapa_case.mail_activity_type_sapa_decision"),
            "monitoring": env.ref("sapa_case.mail_activity_type_sapa_monitoring"),
        }

    # ------------------------------------------------------------------
    # Intake
    # ------------------------------------------------------------------
    @classmethod
    def create_complaint(cls, **values):
        """A complaint registered by the Admin (hotline call by default)."""
        vals = {
            "channel": "hotline",
            "reporter_name": "Ibu Sari",
            "reporter_phone": "0812-3456-7890",
            "reporter_relation": "family",
            "description": "A neighbour hears a child crying and being hit every night.",
            "incident_date": date(2026, 11, 20),
            "violence_type_ids": [Command.set(cls.type_physical.ids)],
            "consent_contact": True,
        }
        vals.update(values)
        return cls.env["sapa.complaint"].with_user(cls.admin).create(vals)

    @classmethod
    def create_case(cls, **complaint_values):
        """A case opened by the Admin accepting a new complaint (step 'received')."""
        complaint = cls.create_complaint(**complaint_values)
        complaint.with_user(cls.admin).action_accept()
        return cls.env["sapa.case"].browse(complaint.case_id.id)

    # ------------------------------------------------------------------
    # The SOP, through the walker: each step filled and each button pressed
    # by the role that owns it
    # ------------------------------------------------------------------
    @classmethod
    def fill(cls, case, step, **values):
        """Fill in what ``case`` needs to leave ``step`` (``values`` override)."""
        cls.env["sapa.case.walker"]._fill(case, step, cls.users, values)

    @classmethod
    def press(cls, case, step, target):
        """Press the button that leaves ``step`` for ``target``, as its owner."""
        return cls.env["sapa.case.walker"]._press(case, step, target, cls.users)

    @classmethod
    def advance(cls, case, via=None):
        """Fill what the current step needs and press its button: one step on
        (at the decision, to ``via``: 'referral' by default, or 'final_report')."""
        step = case.step
        target = sop_path(step, "closed", via)[1]
        cls.fill(case, step)
        cls.press(case, step, target)
        return case

    @classmethod
    def walk_to(cls, case, step, via=None, values=None):
        """Walk ``case`` through the real actions until it reaches ``step``;
        ``values`` override, per step, what is filled in."""
        return cls.env["sapa.case.walker"]._walk(case, step, cls.users, via=via, values=values)

    @classmethod
    def new_case_at(cls, step, via=None, values=None, **complaint_values):
        return cls.walk_to(cls.create_case(**complaint_values), step, via=via, values=values)

    # ------------------------------------------------------------------
    # Assertions
    # ------------------------------------------------------------------
    def assertRaisesRegex(self, expected_exception, expected_regex, *args, **kwargs):
        """Like unittest's, but inside a savepoint rolled back on the error, as
        Odoo's assertRaises does (unittest's assertRaisesRegex does not): what a
        refused operation wrote before raising is undone, as in a real request."""
        if args:
            with self._raises_regex(expected_exception, expected_regex, kwargs.pop("msg", None)):
                args[0](*args[1:], **kwargs)
            return None
        return self._raises_regex(expected_exception, expected_regex, kwargs.get("msg"))

    @contextmanager
    def _raises_regex(self, expected_exception, expected_regex, msg=None):
        with self.assertRaises(expected_exception, msg=msg) as caught:
            yield caught
        self.assertRegex(str(caught.exception), expected_regex)

    def activities_of(self, case, step_or_type):
        activity_type = self.activity_type.get(step_or_type, step_or_type)
        return case.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == activity_type
        )

    def flush_tracking(self):
        """Write the pending chatter tracking now (as a commit would)."""
        self.env.flush_all()
        self.env.cr.flush()

    def assert_stage(self, case, step):
        """The stage as stored in the database, not as cached."""
        case.invalidate_recordset()
        self.assertEqual(case.sudo().stage_id, self.stages[step])


class SapaCaseCommon(SapaTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sapa()
