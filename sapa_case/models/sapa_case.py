from datetime import datetime, timedelta
from urllib.parse import quote

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index

from ..utils.phone import to_e164, whatsapp_digits

# The SOP as data: (from step, to step) -> role that owns the move.
TRANSITIONS = {
    ("received", "identification"): "sapa_case.group_sapa_admin",
    ("identification", "verification"): "sapa_case.group_sapa_subcoordinator",
    ("verification", "approval"): "sapa_case.group_sapa_head_division",
    ("verification", "identification"): "sapa_case.group_sapa_head_division",
    ("approval", "outreach"): "sapa_case.group_sapa_head_agency",
    ("approval", "verification"): "sapa_case.group_sapa_head_agency",
    ("outreach", "decision"): "sapa_case.group_sapa_counselor",
    ("decision", "referral"): "sapa_case.group_sapa_head_agency",
    ("decision", "final_report"): "sapa_case.group_sapa_head_agency",
    ("referral", "monitoring"): "sapa_case.group_sapa_subcoordinator",
    ("final_report", "monitoring"): "sapa_case.group_sapa_admin",
    ("monitoring", "closed"): "sapa_case.group_sapa_counselor",
}
SEND_BACKS = {("verification", "identification"), ("approval", "verification")}

# Entering these steps asks whoever owes the next move for it, through an
# activity with the step's deadline: an official (approvals), the case manager
# (identification, referral, final report) or the Konselor of the outreach team
# (the outreach report). Monitoring check-ins come from their cron.
STEP_ACTIVITIES = {
    "received": ("sapa_case.mail_activity_type_sapa_assign", "admin"),
    "identification": ("sapa_case.mail_activity_type_sapa_identification", "case_manager"),
    "verification": ("sapa_case.mail_activity_type_sapa_verification", "head_division"),
    "approval": ("sapa_case.mail_activity_type_sapa_approval", "head_agency"),
    "outreach": ("sapa_case.mail_activity_type_sapa_outreach_report", "counselors"),
    "decision": ("sapa_case.mail_activity_type_sapa_decision", "head_agency"),
    "referral": ("sapa_case.mail_activity_type_sapa_referral", "case_manager"),
    "final_report": ("sapa_case.mail_activity_type_sapa_final_report", "case_manager"),
}
# Steps in which nobody is asked for something through an activity. Every step
# is either here or in STEP_ACTIVITIES (test_sop_table fails otherwise), so a
# new step is a decision, not an oversight. Monitoring: the cron asks for each
# check-in on its due date.
STEPS_WITHOUT_ACTIVITY = {"monitoring", "closed"}
OFFICIAL_GROUPS = {
    "head_division": ("sapa_case.group_sapa_head_division", "sapa_case.group_sapa_head_agency"),
    "head_agency": ("sapa_case.group_sapa_head_agency", "sapa_case.group_sapa_manager"),
}
# The activities that approve (marked done, they approve: see mail_activity.py).
APPROVAL_ACTIVITIES = {
    step: spec for step, spec in STEP_ACTIVITIES.items() if spec[1] in OFFICIAL_GROUPS
}
# What makes a case urgent: a change of these may shorten the step's deadline.
URGENCY_FIELDS = {"is_urgent", "violence_type_ids", "victim_ids"}

# Confidential case data: the case team and officials (every role from Konselor
# up, a Konselor only on their team's cases), never the Admin.
COUNSELOR = "sapa_case.group_sapa_counselor"

# The monitoring plan, as the signed final report states it.
PLAN_FIELDS = {"monitoring_interval_days", "monitoring_end_date", "monitoring_checkin_target"}

# Failed attempts after which the reporter counts as unreachable.
MAX_FAILED_CONTACT_ATTEMPTS = 3


class SapaCase(models.Model):
    """A handled case, moved along the SAPA SOP (see sapa.case.stage)."""

    _name = "sapa.case"
    _description = "SAPA Case"
    _inherit = [
        "sapa.mail.thread", "mail.activity.mixin", "mail.tracking.duration.mixin",
        "sapa.access.log.mixin",
    ]
    _order = "is_urgent desc, date_deadline asc, id desc"
    _track_duration_field = "stage_id"
    _sapa_access_log_case_column = "id"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True,
        sapa_class="workflow",
    )
    active = fields.Boolean(default=True, sapa_class="staff")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
        sapa_class="staff",
    )
    stage_id = fields.Many2one(
        "sapa.case.stage",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self.env["sapa.case.stage"]._get_by_step("received"),
        sapa_class="guarded",
    )
    step = fields.Selection(related="stage_id.step", store=True, index=True, sapa_class="workflow")
    date_step = fields.Datetime(
        string="In this step since", default=fields.Datetime.now, copy=False, readonly=True,
        sapa_class="workflow",
    )
    date_deadline = fields.Date(
        string="Step deadline", tracking=True, copy=False, index=True, sapa_class="workflow"
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", sapa_class="workflow"
    )
    color = fields.Integer(compute="_compute_color", sapa_class="workflow")
    user_id = fields.Many2one(
        "res.users",
        string="Case manager",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        help="The Sub Koordinator handling the case.",
        sapa_class="staff",
    )

    # Intake
    complaint_ids = fields.One2many(
        "sapa.complaint", "case_id", string="Complaints", sapa_class="workflow"
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count", sapa_class="workflow")
    summary = fields.Text(
        help="The complaint as received.", groups=COUNSELOR, sapa_class="confidential"
    )
    incident_date = fields.Date(sapa_class="staff")
    state_id = fields.Many2one("res.country.state", string="Province", sapa_class="staff")
    regency_id = fields.Many2one(
        "sapa.area", string="Kabupaten / Kota", index="btree_not_null", sapa_class="staff"
    )
    district_id = fields.Many2one("sapa.area", string="Kecamatan", sapa_class="staff")
    village_id = fields.Many2one("sapa.area", string="Desa / Kelurahan", sapa_class="staff")

    # Classification and urgency
    violence_type_ids = fields.Many2many(
        "sapa.violence.type", string="Violence types", tracking=True,
        sapa_class="staff",
    )
    occurrence_place_id = fields.Many2one(
        "sapa.occurrence.place", string="Place of occurrence", sapa_class="staff"
    )
    is_urgent = fields.Boolean(
        string="Urgent",
        compute="_compute_is_urgent",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        help="Victim in immediate danger, child victim or sexual violence: shorter deadlines.",
        sapa_class="staff",
    )
    risk_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], tracking=True,
        groups=COUNSELOR, sapa_class="confidential",
    )
    victim_ids = fields.One2many(
        "sapa.case.victim", "case_id", string="Victims", groups=COUNSELOR, sapa_class="confidential"
    )
    perpetrator_ids = fields.One2many(
        "sapa.case.perpetrator",
        "case_id",
        string="Perpetrators",
        groups=COUNSELOR,
        sapa_class="confidential",
    )

    # Confirmation (WhatsApp) and identification — confidential
    contact_phone = fields.Char(
        string="Reporter's WhatsApp", groups=COUNSELOR, sapa_class="confidential"
    )
    safe_to_contact = fields.Boolean(
        default=True,
        tracking=True,
        help="Untick when contacting the reporter could put them at risk.",
        groups=COUNSELOR, sapa_class="confidential",
    )
    safe_hour_from = fields.Float(
        string="Safe from", help="Local time, in the SAPA time zone of the company.",
        groups=COUNSELOR, sapa_class="confidential",
    )
    safe_hour_to = fields.Float(string="Safe until", groups=COUNSELOR, sapa_class="confidential")
    safe_phone = fields.Char(
        string="Safe number",
        help="Use this number instead, if given.",
        groups=COUNSELOR,
        sapa_class="confidential",
    )
    consent_contact = fields.Boolean(
        string="Reporter consents to be contacted", copy=False, tracking=True,
        help="From the complaint: the reporter agreed that SAPA contacts them.",
        sapa_class="staff",
    )
    consent_data = fields.Boolean(
        string="Reporter consents to the use of the data", copy=False, tracking=True,
        help="From the complaint: the case documents may be shared with the services "
        "the case is referred to.",
        sapa_class="staff",
    )
    contact_safety_reason = fields.Text(
        string="Reason to contact without consent",
        help="Why the reporter must be contacted although they did not consent "
        "(for example: a child in immediate danger).",
        tracking=True, groups=COUNSELOR, sapa_class="confidential",
    )
    contact_attempt_ids = fields.One2many(
        "sapa.case.contact.attempt", "case_id", string="Contact attempts",
        groups=COUNSELOR, sapa_class="confidential",
    )
    identification = fields.Text(groups=COUNSELOR, sapa_class="confidential")
    victim_condition = fields.Text(
        groups=COUNSELOR, sapa_class="confidential"
    )
    planned_steps = fields.Text(groups=COUNSELOR, sapa_class="confidential")

    # Verification, outreach team and surat tugas
    team_member_ids = fields.One2many(
        "sapa.case.team.member", "case_id", string="Outreach team",
        sapa_class="staff",
    )
    # Stored: the Konselor's record rules test it (an index-only look-up in its
    # relation table instead of a subquery on the team lines). Archived users
    # included, as the rules' SQL counts them: Odoo's check of the rule on the
    # records read then needs no read of the users.
    team_user_ids = fields.Many2many(
        "res.users", "sapa_case_team_user_rel", "case_id", "user_id",
        compute="_compute_team_user_ids", store=True, string="Team members",
        context={"active_test": False},
        sapa_class="workflow",
    )
    assignment_period_start = fields.Date(string="Assignment from", sapa_class="staff")
    assignment_period_end = fields.Date(string="Assignment until", sapa_class="staff")
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False, sapa_class="workflow")
    verified_date = fields.Datetime(readonly=True, copy=False, sapa_class="workflow")
    approved_by_id = fields.Many2one(
        "res.users", string="Surat tugas approved by", readonly=True, copy=False, tracking=True,
        sapa_class="workflow",
    )
    approved_date = fields.Datetime(
        string="Surat tugas approved on", readonly=True, copy=False, sapa_class="workflow"
    )
    send_back_reason = fields.Text(tracking=True, copy=False, sapa_class="staff")

    # Outreach — confidential
    outreach_activity_ids = fields.One2many(
        "sapa.case.outreach.activity", "case_id", string="Outreach activities",
        groups=COUNSELOR, sapa_class="confidential",
    )
    outreach_report = fields.Text(
        groups=COUNSELOR, sapa_class="confidential"
    )
    recommendation = fields.Text(groups=COUNSELOR, sapa_class="confidential")

    # Decision and closing
    decision = fields.Selection(
        [("refer", "Refer to another institution"), ("no_referral", "No referral needed")],
        tracking=True,
        copy=False,
        sapa_class="guarded",
    )
    decision_note = fields.Text(copy=False, sapa_class="staff")
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False, sapa_class="workflow")
    decided_date = fields.Datetime(readonly=True, copy=False, sapa_class="workflow")
    final_report = fields.Text(copy=False, groups=COUNSELOR, sapa_class="confidential")
    final_report_archived_date = fields.Date(readonly=True, copy=False, sapa_class="workflow")

    # Monitoring
    monitoring_interval_days = fields.Integer(
        string="Check every (days)", default=14, sapa_class="staff"
    )
    monitoring_end_date = fields.Date(string="Monitor until", sapa_class="staff")
    monitoring_checkin_target = fields.Integer(string="Number of check-ins", sapa_class="staff")
    monitoring_next_date = fields.Date(
        string="Next check-in", copy=False, index="btree_not_null", sapa_class="workflow"
    )
    checkin_ids = fields.One2many(
        "sapa.case.monitoring.checkin", "case_id", string="Check-ins",
        groups=COUNSELOR, sapa_class="confidential",
    )
    # Counted as superuser: the Admin sees the progress of the monitoring plan on
    # the form without access to the check-ins themselves.
    checkin_count = fields.Integer(
        compute="_compute_checkin_count", compute_sudo=True, sapa_class="workflow"
    )
    monitoring_complete = fields.Boolean(
        compute="_compute_monitoring_complete", compute_sudo=True,
        sapa_class="workflow",
    )

    _sql_constraints = [
        ("name_unique", "UNIQUE(company_id, name)", "A case reference never repeats."),
        (
            "monitoring_interval_positive",
            "CHECK(monitoring_interval_days >= 0 AND monitoring_checkin_target >= 0)",
            "The monitoring interval and number of check-ins cannot be negative.",
        ),
    ]

    def init(self):
        # The kanban reads each column in _order, which the ORM writes as
        # ORDER BY COALESCE(is_urgent, FALSE) DESC, date_deadline, id DESC:
        # these indexes follow it, so a page is read off the index, not sorted.
        order = ["(COALESCE(is_urgent, FALSE)) DESC", "date_deadline", "id DESC"]
        create_index(self.env.cr, "sapa_case_kanban_column_idx", self._table, ["stage_id", *order])
        create_index(self.env.cr, "sapa_case_kanban_idx", self._table, order)
        # The columns' counts (read_group by stage, each full column's count)
        # read this index alone (index-only scan), never the table's rows: it
        # holds every column of their WHERE (the default filter is on `step`,
        # the company rule on `company_id`, archived cases are left out).
        create_index(
            self.env.cr, "sapa_case_kanban_count_idx", self._table,
            ["stage_id", "company_id", "step"], where="active",
        )
        return super().init()

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("date_deadline", "stage_id.step")
    @api.depends_context("company")
    def _compute_is_overdue(self):
        # Today of the current company, as _search_is_overdue (the "Overdue"
        # filter) counts it; and only fields a kanban card already holds (the
        # deadline, the stage): the cards cost no extra query.
        today = self.env.company._sapa_today()
        for case in self:
            case.is_overdue = bool(
                case.date_deadline
                and case.date_deadline < today
                and case.stage_id.step not in ("monitoring", "closed")
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue cases."))
        today = self.env.company._sapa_today()
        if (operator == "=") == value:
            return [("date_deadline", "<", today), ("step", "not in", ("monitoring", "closed"))]
        # Written out rather than negated: "not (deadline < today)" would also
        # drop the cases without a deadline, which are not overdue either.
        return [
            "|", "|",
            ("date_deadline", "=", False),
            ("date_deadline", ">=", today),
            ("step", "in", ("monitoring", "closed")),
        ]

    @api.depends("violence_type_ids.is_sexual", "victim_ids.is_child")
    def _compute_is_urgent(self):
        # Becomes urgent by classification; never silently un-flagged (a flag
        # set by staff, e.g. immediate danger, stays until they remove it).
        for case in self:
            case.is_urgent = (
                case.is_urgent
                or any(case.violence_type_ids.mapped("is_sexual"))
                or any(case.victim_ids.mapped("is_child"))
            )

    @api.depends("is_urgent")
    def _compute_color(self):
        for case in self:
            case.color = 1 if case.is_urgent else 0

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        for case in self:
            case.complaint_count = len(case.complaint_ids)

    @api.depends("team_member_ids.user_id")
    def _compute_team_user_ids(self):
        for case in self:
            case.team_user_ids = case.team_member_ids.user_id

    # Only the check-ins of the plan count: unscheduled contacts do not.
    @api.depends("checkin_ids.is_unscheduled")
    def _compute_checkin_count(self):
        for case in self:
            case.checkin_count = len(case.checkin_ids.filtered(lambda c: not c.is_unscheduled))

    @api.depends(
        "checkin_ids.is_unscheduled", "monitoring_checkin_target", "monitoring_end_date",
        "monitoring_interval_days",
    )
    def _compute_monitoring_complete(self):
        for case in self:
            today = case.company_id._sapa_today()
            count = len(case.checkin_ids.filtered(lambda c: not c.is_unscheduled))
            by_count = case.monitoring_checkin_target and count >= case.monitoring_checkin_target
            by_date = case.monitoring_end_date and today >= case.monitoring_end_date and count
            case.monitoring_complete = bool(by_count or by_date)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every stage is a kanban column, even empty: the SOP reads left to right.
        return stages.search([])  # pylint: disable=no-search-all

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        groupby_list = [groupby] if isinstance(groupby, str) else list(groupby)
        cases = self
        if lazy and not orderby and not offset and not limit and groupby_list[:1] == ["stage_id"]:
            # The kanban's columns: read_group puts them in the stages' order
            # itself (_read_group_stage_ids), see _read_group_orderby.
            cases = self.with_context(sapa_stage_columns=True)
        return super(SapaCase, cases).read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy,
        )

    def _read_group_orderby(self, order, groupby_terms, query):
        # Ordering the groups by stage would join the stages' table to every
        # counted case for its sequence; the columns of a lazy, unlimited
        # read_group by stage are put in the stages' order afterwards anyway
        # (group_expand), so the query orders them by the stage's id alone.
        if order == "stage_id" and self.env.context.get("sapa_stage_columns"):
            order = ""
        return super()._read_group_orderby(order, groupby_terms, query)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("violence_type_ids")
    def _check_no_mediation_for_sexual_violence(self):
        # As superuser: whoever classifies the case (the Admin, who may not read
        # outreach activities) must still be held to the rule, not stopped by it.
        self.sudo().outreach_activity_ids._check_no_mediation_for_sexual_violence()

    @api.constrains("safe_hour_from", "safe_hour_to")
    def _check_safe_hours(self):
        for case in self:
            for hour in (case.safe_hour_from, case.safe_hour_to):
                if not 0 <= hour <= 24:
                    raise ValidationError(_("Safe hours are between 00:00 and 24:00."))

    @api.constrains("contact_phone", "safe_phone")
    def _check_phones(self):
        for case in self:
            for number in (case.contact_phone, case.safe_phone):
                if number and not to_e164(number):
                    raise ValidationError(_("%s is not a valid phone number.", number))

    # ------------------------------------------------------------------
    # CRUD: every stage change goes through _check_transition
    # ------------------------------------------------------------------
    def _sapa_in_user_lang(self):
        """These records in the user's language when the call brought none (an
        RPC client without context): the chatter lines, activity summaries and
        stage names SAPA writes are stored text, in the staff's language (the
        Dinas' Indonesian), not in English by default."""
        if self.env.context.get("lang") or not self.env.user.lang:
            return self
        return self.with_context(lang=self.env.user.lang)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("lang") and self.env.user.lang:
            return self._sapa_in_user_lang().create(vals_list).with_env(self.env)
        # The caller's own values first: the ones added below are SAPA's.
        for vals in vals_list:
            self._sapa_check_writable(vals)
        # Batch-safe: the stage and the sequences are looked up once per batch,
        # not once per case (defaults would search again for every record).
        received = self.env["sapa.case.stage"]._get_by_step("received")
        companies = self.env["res.company"]
        for vals in vals_list:
            company = companies.browse(vals.get("company_id")) or self.env.company
            today = company._sapa_today()
            if vals.get("stage_id", received.id) != received.id:
                raise UserError(_("A new case always starts at 'Complaint received'."))
            vals["stage_id"] = received.id
            days = received.sla_days_urgent if vals.get("is_urgent") else received.sla_days
            vals.setdefault("date_deadline", today + timedelta(days=days))
            if vals.get("decision") and not self.env.su:
                self._check_role("sapa_case.group_sapa_head_agency", _("record the decision"))
        self.env["ir.sequence"]._sapa_assign_names("sapa.case", vals_list)
        cases = super(SapaCase, self._sapa_as_workflow()).create(vals_list)
        cases = cases.with_env(self.env)
        # Urgent by its classification (computed), not only by an explicit flag.
        cases.filtered("is_urgent")._apply_urgent_deadline()
        for case in cases:
            case._schedule_step_activity()
        return cases

    def write(self, vals):
        if not self.env.context.get("lang") and self.env.user.lang:
            return self._sapa_in_user_lang().write(vals)
        # The caller's own values first: date_step below is SAPA's.
        self._sapa_check_writable(vals)
        if "decision" in vals and not self.env.su:
            self._check_role("sapa_case.group_sapa_head_agency", _("record the decision"))
        if PLAN_FIELDS & set(vals):
            self._check_plan_not_signed(vals)
        # A case that becomes urgent gets the urgent deadline of its step.
        not_urgent = (
            self.filtered(lambda case: not case.is_urgent)
            if URGENCY_FIELDS & set(vals) else self.browse()
        )
        if "stage_id" in vals:
            new_stage = self.env["sapa.case.stage"].browse(vals["stage_id"])
            moving = self.filtered(lambda case: case.stage_id != new_stage)
            old_steps = {case.id: case.step for case in moving}
            for case in moving:
                case._check_transition(new_stage, vals)
            if moving:
                vals = dict(vals, date_step=fields.Datetime.now())
            result = super(SapaCase, self._sapa_as_workflow() if moving else self).write(vals)
            for case in moving:
                case._on_step_changed(old_steps[case.id])
        else:
            result = super().write(vals)
        not_urgent.filtered("is_urgent")._apply_urgent_deadline()
        return result

    def _check_plan_not_signed(self, vals):
        """The signed final report states the monitoring plan: once it is signed
        the plan stays as written there, so that the letter always tells the
        case's current plan (no "14 hari" in a letter of a 30-day plan)."""
        letters = self.env["sapa.letter"]
        for case in self:
            changed = [
                fname for fname in PLAN_FIELDS & set(vals)
                if case._fields[fname].convert_to_cache(vals[fname], case) != case[fname]
            ]
            if changed and letters._get_issued(case, "final_report"):
                raise UserError(
                    _("The final report of case %s is signed and states the monitoring "
                      "plan: the plan can no longer change.", case.name)
                )

    # ------------------------------------------------------------------
    # The guard
    # ------------------------------------------------------------------
    def _check_role(self, group_xmlid, what):
        if not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise UserError(_("Only %(role)s may %(what)s.", role=group.name, what=what))

    def _check_transition(self, new_stage, vals):
        """Refuse a stage change unless the SOP allows it, the user owns the step,
        and the case holds what the step needs. Raises UserError naming the gap."""
        self.ensure_one()
        old, new = self.step, new_stage.step
        if (old, new) not in TRANSITIONS:
            raise UserError(
                _(
                    "Case %(case)s cannot move from '%(old)s' to '%(new)s': the SOP does not "
                    "allow that step.",
                    case=self.name,
                    old=self.stage_id.name,
                    new=new_stage.name,
                )
            )
        self._check_role(
            TRANSITIONS[(old, new)],
            _("move a case from '%(old)s' to '%(new)s'",
              old=self.stage_id.name, new=new_stage.name),
        )
        missing = self._missing_for_transition(old, new, vals)
        if missing:
            raise UserError(
                _(
                    "Case %(case)s cannot move to '%(new)s' yet. Missing:\n%(missing)s",
                    case=self.name,
                    new=new_stage.name,
                    missing="\n".join(f"- {item}" for item in missing),
                )
            )

    def _missing_for_transition(self, old, new, vals):
        """What the case lacks for the move old -> new (list of readable items).
        Reads as superuser: the check needs confidential fields the mover may not see,
        but only their presence is used."""
        case_sudo = self.sudo()

        def value(fname):
            return vals[fname] if fname in vals else case_sudo[fname]

        missing = []
        if (old, new) in SEND_BACKS:
            # The reason must come with this move: the one of an earlier send-back,
            # still on the case, does not justify a new one.
            if not (vals.get("send_back_reason") or "").strip():
                missing.append(_("the reason for sending the case back"))
            return missing
        if old == "received":
            if not value("user_id"):
                missing.append(_("a case manager (Sub Koordinator)"))
        elif old == "identification":
            attempts = case_sudo.contact_attempt_ids
            failed = attempts.filtered(lambda attempt: attempt.outcome != "reached")
            if not attempts.filtered(lambda attempt: attempt.outcome == "reached") and (
                len(failed) < MAX_FAILED_CONTACT_ATTEMPTS
            ):
                missing.append(
                    _(
                        "a WhatsApp confirmation with the reporter, or %s failed attempts",
                        MAX_FAILED_CONTACT_ATTEMPTS,
                    )
                )
            if not (value("identification") or "").strip():
                missing.append(_("the identification of the case"))
            if not value("risk_level"):
                missing.append(_("the risk level"))
        elif old == "verification":
            roles = set(case_sudo.team_member_ids.mapped("role"))
            if "subcoordinator" not in roles:
                missing.append(_("a Sub Koordinator in the outreach team"))
            if "counselor" not in roles:
                missing.append(_("a Konselor / Konsultan in the outreach team"))
        elif old == "approval":
            if not case_sudo.approved_by_id:
                missing.append(_("the approval of the surat tugas by Kepala Dinas"))
        elif old == "outreach":
            if not case_sudo.outreach_activity_ids:
                missing.append(_("at least one outreach activity"))
            if not (value("outreach_report") or "").strip():
                missing.append(_("the outreach report"))
            if not (value("recommendation") or "").strip():
                missing.append(_("the recommendations for the follow-up"))
        elif old == "decision":
            expected = "refer" if new == "referral" else "no_referral"
            if value("decision") != expected:
                missing.append(
                    _("the decision of Kepala Dinas to refer the case")
                    if expected == "refer"
                    else _("the decision of Kepala Dinas that no referral is needed")
                )
        elif old in ("referral", "final_report"):
            if old == "final_report" and not (value("final_report") or "").strip():
                missing.append(_("the final report"))
            if not value("monitoring_interval_days") or not (
                value("monitoring_end_date") or value("monitoring_checkin_target")
            ):
                missing.append(
                    _("a monitoring plan (interval, and an end date or a number of check-ins)")
                )
        elif old == "monitoring":
            if not case_sudo.monitoring_complete:
                missing.append(_("the check-ins of the monitoring plan"))
        return missing

    def _on_step_changed(self, old_step):
        """Side effects of entering a step: deadline, activities, chatter."""
        self.ensure_one()
        self._set_step_deadline()
        sent_back = (old_step, self.step) in SEND_BACKS
        if old_step in STEP_ACTIVITIES:
            # Approved from the activity ("Mark Done"): the official's feedback
            # is the note of the approval (see mail_activity.py).
            feedback = (
                _("Sent back: %s", self.send_back_reason)
                if sent_back
                else self.env.context.get("sapa_activity_feedback")
                or _("Done: the case moved to '%s'.", self.stage_id.name)
            )
            self.activity_feedback(
                [STEP_ACTIVITIES[old_step][0]], feedback=feedback,
                attachment_ids=self.env.context.get("sapa_activity_attachment_ids") or None,
            )
        if sent_back:
            self.message_post(
                body=_("Sent back to '%(stage)s': %(reason)s", stage=self.stage_id.name,
                       reason=self.send_back_reason),
                subtype_xmlid="mail.mt_note",
            )
        if self.step in STEP_ACTIVITIES:
            self._schedule_step_activity()
        if self.step == "monitoring":
            next_date = self.company_id._sapa_today() + timedelta(
                days=self.monitoring_interval_days
            )
            self._sapa_as_workflow().monitoring_next_date = next_date

    def _apply_urgent_deadline(self):
        """A case that becomes urgent gets the urgent deadline of its step (counted
        from its entry in the step), and so do the activities of the step."""
        for case in self:
            if case.step in ("monitoring", "closed"):
                continue
            entered = (
                case.company_id._sapa_localize(case.date_step).date()
                if case.date_step else case.company_id._sapa_today()
            )
            deadline = entered + timedelta(days=case.stage_id.sla_days_urgent)
            if case.date_deadline and case.date_deadline <= deadline:
                continue
            case._sapa_as_workflow().date_deadline = deadline
            spec = STEP_ACTIVITIES.get(case.step)
            if spec:
                case.activity_search([spec[0]]).sudo().write({"date_deadline": deadline})

    def _set_step_deadline(self):
        for case in self:
            today = case.company_id._sapa_today()
            stage = case.stage_id
            days = stage.sla_days_urgent if case.is_urgent else stage.sla_days
            case._sapa_as_workflow().date_deadline = (
                today + timedelta(days=days) if case.step not in ("closed",) else False
            )

    def _get_officials(self, role):
        """Users to ask: the official set on the company, else the users holding
        exactly that role (not the higher ones), else anyone holding it."""
        self.ensure_one()
        company_user = (
            self.company_id.sapa_head_division_user_id
            if role == "head_division"
            else self.company_id.sapa_head_agency_user_id
        )
        if company_user:
            return company_user
        group_xmlid, higher_xmlid = OFFICIAL_GROUPS[role]
        users = self.env.ref(group_xmlid).sudo().users.filtered(
            lambda user: user.active and not user.share and self.company_id in user.company_ids
        )
        exact = users - self.env.ref(higher_xmlid).sudo().users
        return exact or users

    def _get_admins(self):
        """The Admins of the case's Dinas (not the higher roles that imply it)."""
        self.ensure_one()
        users = self.env.ref("sapa_case.group_sapa_admin").sudo().users.filtered(
            lambda user: user.active and not user.share and self.company_id in user.company_ids
        )
        return users - self.env.ref("sapa_case.group_sapa_subcoordinator").sudo().users

    def _schedule_step_activity(self):
        self.ensure_one()
        activity_xmlid, role = STEP_ACTIVITIES[self.step]
        summaries = {
            "received": _("Assign a case manager to case %s", self.name),
            "identification": _("Confirm and identify case %s", self.name),
            "verification": _("Verify the identification of case %s", self.name),
            "approval": _("Approve the surat tugas of case %s", self.name),
            "outreach": _("Submit the outreach report of case %s", self.name),
            "decision": _("Decide the follow-up of case %s", self.name),
            "referral": _("Refer case %s to a service provider", self.name),
            "final_report": _("Write the final report of case %s", self.name),
        }
        if role == "admin":
            # The Admin who opened the case, else the Admins of its Dinas.
            assignees = self.env.user if (
                not self.env.su and self.env.user.has_group("sapa_case.group_sapa_admin")
            ) else self._get_admins()
        elif role == "case_manager":
            assignees = self.user_id
        elif role == "counselors":
            assignees = self._monitoring_users()
        else:
            assignees = self._get_officials(role)
        for official in assignees:
            self.activity_schedule(
                activity_xmlid,
                date_deadline=self.date_deadline,
                summary=summaries[self.step],
                user_id=official.id,
            )

    # Approvals through their activity (see mail_activity.py) --------------
    def _sapa_waiting_approval(self, activity):
        """True while the case waits in the step whose approval ``activity`` asks."""
        self.ensure_one()
        spec = APPROVAL_ACTIVITIES.get(self.step)
        return bool(spec) and activity.activity_type_id == self.env.ref(
            spec[0], raise_if_not_found=False
        )

    def _sapa_approve_from_activity(self, activity, feedback):
        """"Mark Done" on the approval activity of the waiting step: the same
        guarded action as the form button (role, step and what the case lacks
        are checked there)."""
        self.ensure_one()
        if self.step == "verification":
            return self.action_verify()
        if self.step == "approval":
            return self.action_approve()
        if self.step == "decision":
            decision = self.decision
            if decision not in ("refer", "no_referral"):
                raise UserError(
                    _("Choose the decision on case %s first (tab 'Decision & report': "
                      "refer, or no referral needed), or use the decision buttons of the "
                      "case.", self.name)
                )
            if feedback and not (self.decision_note or "").strip():
                self.decision_note = feedback
            if decision == "refer":
                return self.action_decide_refer()
            return self.action_decide_no_referral()
        raise UserError(_("Case %s waits for no approval.", self.name))

    # ------------------------------------------------------------------
    # Actions (buttons). Each re-checks role and state: any public method is
    # callable over RPC.
    # ------------------------------------------------------------------
    def _move_to_step(self, step):
        stage = self.env["sapa.case.stage"]._get_by_step(step)
        if not stage:
            raise UserError(_("No stage is configured for the step '%s'.", step))
        self.write({"stage_id": stage.id})

    def _check_step(self, *steps):
        for case in self:
            if case.step not in steps:
                raise UserError(
                    _("Case %(case)s is at '%(stage)s': this action does not apply there.",
                      case=case.name, stage=case.stage_id.name)
                )

    def action_send_to_identification(self):
        self._check_step("received")
        self._move_to_step("identification")
        return True

    def action_submit_identification(self):
        self._check_step("identification")
        self._move_to_step("verification")
        return True

    def action_verify(self):
        self._check_step("verification")
        self._check_role("sapa_case.group_sapa_head_division", _("verify a case"))
        self._move_to_step("approval")
        self.sudo().write({"verified_by_id": self.env.uid, "verified_date": fields.Datetime.now()})
        return True

    def action_approve(self):
        self._check_step("approval")
        self._check_role("sapa_case.group_sapa_head_agency", _("approve a surat tugas"))
        self.sudo().write({"approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()})
        self._move_to_step("outreach")
        self._issue_assignment_letter()  # numbered and signed: see sapa_case_letter.py
        return True

    def action_submit_outreach_report(self):
        self._check_step("outreach")
        self._move_to_step("decision")
        self._issue_outreach_report_letter()  # see sapa_case_letter.py
        return True

    def _decide(self, decision, step):
        self._check_step("decision")
        self._check_role("sapa_case.group_sapa_head_agency", _("decide the follow-up"))
        self.write({"decision": decision})
        self.sudo().write({"decided_by_id": self.env.uid, "decided_date": fields.Datetime.now()})
        self._move_to_step(step)
        return True

    def action_decide_refer(self):
        return self._decide("refer", "referral")

    def action_decide_no_referral(self):
        return self._decide("no_referral", "final_report")

    def action_archive_final_report(self):
        """Admin documents the final report and the case goes to monitoring."""
        self._check_step("final_report")
        self._move_to_step("monitoring")
        self.sudo().final_report_archived_date = self.company_id._sapa_today()
        return True

    def action_start_monitoring(self):
        self._check_step("referral")
        self._move_to_step("monitoring")
        return True

    def action_close(self):
        self._check_step("monitoring")
        self._move_to_step("closed")
        return True

    def action_open_send_back_wizard(self):
        self._check_step("verification", "approval")
        return {
            "type": "ir.actions.act_window",
            "name": _("Send back"),
            "res_model": "sapa.case.send.back",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _send_back(self, reason):
        self.ensure_one()
        self._check_step("verification", "approval")
        target = "identification" if self.step == "verification" else "verification"
        stage = self.env["sapa.case.stage"]._get_by_step(target)
        self.write({"stage_id": stage.id, "send_back_reason": reason})

    # WhatsApp confirmation ----------------------------------------------
    def _check_contact_consent(self):
        """Refuse to contact a reporter who did not consent, unless the Sub
        Koordinator recorded the safety reason to do so."""
        for case in self:
            case_sudo = case.sudo()
            if not case_sudo.consent_contact and not (
                case_sudo.contact_safety_reason or ""
            ).strip():
                raise UserError(
                    _("The reporter of case %s did not consent to be contacted. Record the "
                      "safety reason to contact them anyway (Confirmation tab) first.",
                      case.name)
                )

    def _check_safe_to_contact(self, now=None):
        """Refuse to contact the reporter without consent (or a recorded safety
        reason), or when the case says it is not safe now."""
        self.ensure_one()
        self._check_contact_consent()
        if not self.safe_to_contact:
            raise UserError(
                _("Case %s is marked 'not safe to contact': do not contact the reporter.",
                  self.name)
            )
        if self.safe_hour_from or self.safe_hour_to:
            # The reporter's local time (the Dinas' time zone), not the staff member's.
            tz = self.company_id._sapa_timezone()
            local = (now or datetime.now(pytz.utc)).astimezone(tz)
            hour = local.hour + local.minute / 60
            start, end = self.safe_hour_from, self.safe_hour_to or 24
            inside = start <= hour < end if start <= end else hour >= start or hour < end
            if not inside:
                raise UserError(
                    _("It is %(now)s: the reporter may be contacted safely only between "
                      "%(start)s and %(end)s.",
                      now=local.strftime("%H:%M"),
                      start=_format_hour(start),
                      end=_format_hour(end))
                )

    def _whatsapp_message(self):
        # The reporter reads it: in Indonesian, whatever the staff member's language.
        return self.with_context(lang="id_ID").env._(
            "Good day, this is the SAPA service of the Dinas PPPA. We are following up "
            "the complaint number %s. Can you talk safely now?",
            ", ".join(self.complaint_ids.mapped("name")) or self.name,
        )

    def action_open_whatsapp(self):
        """Open WhatsApp click-to-chat with a prefilled message (Sub Koordinator)."""
        self.ensure_one()
        self._check_role("sapa_case.group_sapa_subcoordinator", _("contact the reporter"))
        self._check_safe_to_contact()
        number = to_e164(self.safe_phone or self.contact_phone)
        if not number:
            raise UserError(_("Case %s has no valid WhatsApp number to contact.", self.name))
        self.message_post(
            body=_("WhatsApp chat opened with the reporter (%s).", number),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"https://wa.me/{whatsapp_digits(number)}?text={quote(self._whatsapp_message())}",
            "target": "new",
        }

    def _log_contact_attempt(self, outcome, note=False, channel="whatsapp"):
        """Record an attempt of the Sub Koordinator to reach the reporter; returns it."""
        self.ensure_one()
        self._check_role("sapa_case.group_sapa_subcoordinator", _("log a contact attempt"))
        return self.env["sapa.case.contact.attempt"].create(
            {"case_id": self.id, "outcome": outcome, "note": note, "channel": channel}
        )

    # Monitoring ------------------------------------------------------------
    def _monitoring_users(self):
        self.ensure_one()
        counselors = self.team_member_ids.filtered(lambda m: m.role == "counselor").user_id
        return counselors or self.user_id

    def _on_monitoring_checkin(self, checkins):
        for case in self:
            case_checkins = checkins.filtered(lambda c, case=case: c.case_id == case)
            last = max(case_checkins.mapped("date"))
            case.sudo().monitoring_next_date = last + timedelta(
                days=case.monitoring_interval_days or 0
            )
            case.activity_feedback(
                ["sapa_case.mail_activity_type_sapa_monitoring"],
                feedback=_("Check-in recorded."),
            )

    @api.model
    def _cron_schedule_monitoring(self):
        """Create a check-in activity for each case whose next check-in is due."""
        activity_type = self.env.ref("sapa_case.mail_activity_type_sapa_monitoring")
        # "Today" at each Dinas: the cron runs as superuser, on the server's clock.
        due = self.browse()
        monitoring = [("step", "=", "monitoring")]
        for [company] in self._read_group(monitoring, ["company_id"]):
            due |= self.search(monitoring + [
                ("company_id", "=", company.id),
                ("monitoring_next_date", "<=", company._sapa_today()),
                ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
            ])
        for case in due:
            if case.monitoring_complete:
                continue
            for user in case._monitoring_users():
                case.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=case.monitoring_next_date,
                    summary=_("Monitoring check-in for case %s", case.name),
                    user_id=user.id,
                )
        return due

    # Helpers ------------------------------------------------------------
    def _is_sexual_violence(self):
        self.ensure_one()
        return any(self.violence_type_ids.mapped("is_sexual"))

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Case"),
            "res_model": "sapa.case",
            "res_id": self.id,
            "view_mode": "form",
        }

    def action_view_complaints(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Complaints"),
            "res_model": "sapa.complaint",
            "view_mode": "list,form",
            "domain": [("case_id", "=", self.id)],
        }


def _format_hour(value):
    hours = int(value)
    minutes = round((value - hours) * 60)
    return f"{hours:02d}:{minutes:02d}"
