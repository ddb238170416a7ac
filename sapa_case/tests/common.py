"""Shared set-up of the sapa_case tests: one user per role, and helpers that walk
a case along the SOP through the real actions, each step done by its own role.

Nothing here depends on demo data: every user, complaint and case is created by
the tests themselves.
"""

from contextlib import contextmanager
from datetime import date, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

ROLE_GROUPS = {
    "admin": "sapa_case.group_sapa_admin",
    "subcoordinator": "sapa_case.group_sapa_subcoordinator",
    "counselor": "sapa_case.group_sapa_counselor",
    "head_division": "sapa_case.group_sapa_head_division",
    "head_agency": "sapa_case.group_sapa_head_agency",
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


class SapaTestMixin:
    """Users per role and SOP helpers, usable from TransactionCase and HttpCase."""

    @classmethod
    def _setup_sapa(cls, login_prefix="t"):
        env = cls.env
        cls.company = env.company
        cls.users = {}
        for role, group in ROLE_GROUPS.items():
            cls.users[role] = new_test_user(
                env,
                login=f"{login_prefix}_sapa_{role}",
                groups=group,
                name=f"Test {role}",
                tz="Asia/Jakarta",
                company_id=cls.company.id,
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
    def create_complaint(self, **values):
        """A complaint registered by the Admin (hotline call by default)."""
        vals = {
            "channel": "hotline",
            "reporter_name": "Ibu Sari",
            "reporter_phone": "0812-3456-7890",
            "reporter_relation": "family",
            "description": "A neighbour hears a child crying and being hit every night.",
            "incident_date": date(2026, 11, 20),
            "violence_type_ids": [Command.set(self.type_physical.ids)],
            "consent_contact": True,
        }
        vals.update(values)
        return self.env["sapa.complaint"].with_user(self.admin).create(vals)

    def create_case(self, **complaint_values):
        """A case opened by the Admin accepting a new complaint (step 'received')."""
        complaint = self.create_complaint(**complaint_values)
        complaint.with_user(self.admin).action_accept()
        return self.env["sapa.case"].browse(complaint.case_id.id)

    # ------------------------------------------------------------------
    # What each step needs, filled in by the role that owns it
    # ------------------------------------------------------------------
    def fill_received(self, case):
        case.with_user(self.admin).write({"user_id": self.subkoor.id})

    def fill_identification(self, case):
        as_subkoor = case.with_user(self.subkoor)
        as_subkoor._log_contact_attempt("reached", note="Reporter confirmed by WhatsApp")
        as_subkoor.write({
            "identification": "Child of 9, hit by the stepfather; the mother is afraid.",
            "victim_condition": "Bruises on the arms, frightened, still at school.",
            "planned_steps": "Home visit with a Konselor, medical check.",
            "risk_level": "high",
        })

    def fill_verification(self, case):
        case.with_user(self.kabid).write({
            "team_member_ids": [
                Command.create({"user_id": self.subkoor.id, "role": "subcoordinator"}),
                Command.create({"user_id": self.konselor.id, "role": "counselor"}),
                Command.create({"user_id": self.kabid.id, "role": "head_division"}),
            ],
            "assignment_period_start": self.company._sapa_today(),
            "assignment_period_end": self.company._sapa_today() + timedelta(days=14),
        })

    def fill_approval(self, case):
        """Nothing to fill: the approval is the Kepala Dinas' button."""

    def fill_outreach(self, case):
        self.env["sapa.case.outreach.activity"].with_user(self.konselor).create({
            "case_id": case.id,
            "activity_type": "home_visit",
            "place": "Victim's home",
            "findings": "The child is safe at the grandmother's for now.",
        })
        case.with_user(self.konselor).write({
            "outreach_report": "Home visit done; the mother agrees to a medical check.",
            "recommendation": "Refer to the puskesmas and the police Unit PPA.",
        })

    def fill_decision(self, case):
        """Nothing to fill: the decision is the Kepala Dinas' button."""

    def fill_monitoring_plan(self, case, user=None, interval=14, target=2):
        case.with_user(user or self.subkoor).write({
            "monitoring_interval_days": interval,
            "monitoring_checkin_target": target,
        })

    def fill_referral(self, case):
        self.fill_monitoring_plan(case)
        self.send_a_referral_if_required(case)

    def send_a_referral_if_required(self, case):
        """sapa_referral, when installed, lets a case leave the referral step
        only once a referral was sent: prepare, sign and send one, each by its role."""
        if "sapa.referral" not in self.env:
            return
        service = self.env["sapa.service.type"].search([], limit=1)
        provider = self.env["res.partner"].create({
            "name": "RSUD test provider",
            "is_company": True,
            "is_sapa_provider": True,
            "email": "rsud.test@example.com",
            "sapa_service_type_ids": [Command.set(service.ids)],
        })
        referral = self.env["sapa.referral"].with_user(self.subkoor).create({
            "case_id": case.id,
            "provider_id": provider.id,
            "service_type_ids": [Command.set(service.ids)],
            "reason": "Medical examination and visum.",
        })
        referral.with_user(self.subkoor).action_submit_for_signature()
        referral.with_user(self.kadin).action_sign()

    def fill_final_report(self, case):
        case.with_user(self.subkoor).write({
            "final_report": "Handled by home visit and counselling; no referral needed.",
        })
        self.fill_monitoring_plan(case)

    def fill_monitoring(self, case):
        target = case.sudo().monitoring_checkin_target or 1
        for _i in range(target - len(case.sudo().checkin_ids)):
            self.env["sapa.case.monitoring.checkin"].with_user(self.konselor).create({
                "case_id": case.id,
                "condition": "stable",
                "note": "Victim safe at school.",
            })

    # ------------------------------------------------------------------
    # The buttons, pressed by the role that owns each move
    # ------------------------------------------------------------------
    def press(self, case, step, target):
        """Press the button that leaves ``step`` for ``target``, as its owner."""
        buttons = {
            ("received", "identification"): (self.admin, "action_send_to_identification"),
            ("identification", "verification"): (self.subkoor, "action_submit_identification"),
            ("verification", "approval"): (self.kabid, "action_verify"),
            ("approval", "outreach"): (self.kadin, "action_approve"),
            ("outreach", "decision"): (self.konselor, "action_submit_outreach_report"),
            ("decision", "referral"): (self.kadin, "action_decide_refer"),
            ("decision", "final_report"): (self.kadin, "action_decide_no_referral"),
            ("referral", "monitoring"): (self.subkoor, "action_start_monitoring"),
            ("final_report", "monitoring"): (self.admin, "action_archive_final_report"),
            ("monitoring", "closed"): (self.konselor, "action_close"),
        }
        user, method = buttons[(step, target)]
        return getattr(case.with_user(user), method)()

    def advance(self, case, branch="refer"):
        """Fill what the current step needs and press its button: one step on."""
        path = REFERRAL_PATH if branch == "refer" else FINAL_REPORT_PATH
        step = case.step
        target = path[path.index(step) + 1]
        getattr(self, f"fill_{step}")(case)
        self.press(case, step, target)
        self.assertEqual(case.step, target)
        return case

    def walk_to(self, case, step, branch="refer"):
        """Walk ``case`` through the real actions until it reaches ``step``."""
        if step in ("referral", "final_report"):
            branch = "refer" if step == "referral" else "no_referral"
        path = REFERRAL_PATH if branch == "refer" else FINAL_REPORT_PATH
        self.assertIn(step, path)
        while case.step != step:
            self.advance(case, branch=branch)
        return case

    def new_case_at(self, step, branch="refer", **complaint_values):
        return self.walk_to(self.create_case(**complaint_values), step, branch=branch)

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
