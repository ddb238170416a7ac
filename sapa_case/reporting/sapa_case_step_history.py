from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.sapa_case import APPROVAL_ACTIVITIES
from ..models.sapa_case_stage import STEPS


class SapaCaseStepHistory(models.Model):
    """One stay of a case in an SOP step: opened when the case enters the step
    (its creation, or a move through the guard), closed when it leaves it.

    Written only by SAPA's own code, as superuser, from the guarded transition
    (sapa.case.write -> _on_step_changed): nobody edits or deletes the history,
    which is what the service-level report (sapa.service.level.report) reads.
    ``read_group`` has no percentiles, hence the rows here and an SQL view there.
    """

    _name = "sapa.case.step.history"
    _description = "SAPA Case Step History"
    _inherit = ["sapa.case.line"]
    _order = "date_in desc, id desc"
    _rec_name = "case_id"

    step = fields.Selection(STEPS, required=True, index=True, sapa_class="workflow")
    stage_id = fields.Many2one(
        "sapa.case.stage", required=True, ondelete="restrict", sapa_class="workflow"
    )
    date_in = fields.Datetime(string="Entered", required=True, index=True, sapa_class="workflow")
    month_in = fields.Date(
        string="Month entered", help="First day of the month the case entered the step, "
        "in the Dinas' time zone (what the service-level report groups by).",
        sapa_class="workflow",
    )
    date_out = fields.Datetime(string="Left", sapa_class="workflow")
    date_deadline = fields.Date(string="Step deadline", sapa_class="workflow")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index="btree_not_null",
        help="Who the step waited for when the case entered it: the official asked "
        "(verification, approval, decision), else the case manager, else the staff "
        "member who opened the case.",
        sapa_class="workflow",
    )
    left_by_id = fields.Many2one(
        "res.users", string="Moved on by", help="Who moved the case out of this step.",
        sapa_class="workflow",
    )
    is_urgent = fields.Boolean(string="Urgent", sapa_class="workflow")
    duration_days = fields.Float(
        string="Days in step", digits=(16, 2), aggregator="avg",
        help="From entering to leaving the step, in days (empty while the case is in it).",
        sapa_class="workflow",
    )
    is_late = fields.Boolean(
        string="Left after the deadline", aggregator="bool_or", sapa_class="workflow"
    )
    is_overdue_now = fields.Boolean(
        string="Overdue now", compute="_compute_is_overdue_now", search="_search_is_overdue_now",
        sapa_class="workflow",
    )

    _sql_constraints = [
        # A case is in one step at a time: at most one open stay per case.
        ("date_order", "CHECK(date_out IS NULL OR date_out >= date_in)",
         "A case leaves a step after entering it."),
    ]

    def init(self):
        # One open stay per case, enforced by the database (concurrent moves).
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS sapa_case_step_history_open_uniq
               ON sapa_case_step_history (case_id) WHERE date_out IS NULL"""
        )
        # Rows written before month_in existed (or by a data generator): their
        # month at the Dinas, once, in SQL.
        self.env.cr.execute(
            """UPDATE sapa_case_step_history h
                  SET month_in = date_trunc('month', h.date_in AT TIME ZONE 'UTC'
                                 AT TIME ZONE COALESCE(c.sapa_tz, 'Asia/Jakarta'))::date
                 FROM res_company c
                WHERE c.id = h.company_id AND h.month_in IS NULL"""
        )
        return super().init()

    @api.model
    def _sapa_backfill(self):
        """Cases without any history (created before the history existed) get an
        open stay in their current step, from the date they entered it. Runs on
        every update (data file); one INSERT, nothing once every case has one."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """INSERT INTO sapa_case_step_history (
                   case_id, company_id, step, stage_id, date_in, month_in, date_deadline,
                   user_id, is_urgent, create_uid, write_uid, create_date, write_date)
               SELECT c.id, c.company_id, c.step, c.stage_id,
                      COALESCE(c.date_step, c.create_date),
                      date_trunc('month', COALESCE(c.date_step, c.create_date) AT TIME ZONE 'UTC'
                                 AT TIME ZONE COALESCE(co.sapa_tz, 'Asia/Jakarta'))::date,
                      c.date_deadline, c.user_id,
                      c.is_urgent, %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                      now() AT TIME ZONE 'UTC'
                 FROM sapa_case c
                 JOIN res_company co ON co.id = c.company_id
                WHERE c.stage_id IS NOT NULL AND c.step IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM sapa_case_step_history h WHERE h.case_id = c.id)""",
            uid=self.env.uid,
        ))
        self.env.invalidate_all()

    def _compute_is_overdue_now(self):
        for stay in self:
            stay.is_overdue_now = bool(
                not stay.date_out
                and stay.date_deadline
                and stay.date_deadline < stay.company_id._sapa_today()
                and stay.step not in ("monitoring", "closed")
            )

    def _search_is_overdue_now(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue steps."))
        overdue = [
            ("date_out", "=", False),
            ("date_deadline", "<", self.env.company._sapa_today()),
            ("step", "not in", ("monitoring", "closed")),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", "&", *overdue]

    # ------------------------------------------------------------------
    # Written by the guarded transition code only
    # ------------------------------------------------------------------
    @api.model
    def _sapa_record_step(self, cases, left_by=None):
        """Close the open stay of each of ``cases`` and open one for its current
        step, from its ``date_step``. Called as the case enters a step; a case
        already in the step of its open stay is left alone."""
        history = self.sudo()._sapa_as_workflow()
        open_stays = history.search([("case_id", "in", cases.ids), ("date_out", "=", False)])
        by_case = {stay.case_id.id: stay for stay in open_stays}
        left_by = left_by or self.env.user
        new_rows = []
        for case in cases.sudo():
            stay = by_case.get(case.id)
            if stay and stay.step == case.step:
                continue
            entered = case.date_step or fields.Datetime.now()
            if stay:
                stay._sapa_close(entered, left_by)
            new_rows.append({
                "case_id": case.id,
                "step": case.step,
                "stage_id": case.stage_id.id,
                "date_in": entered,
                "month_in": case.company_id._sapa_localize(entered).date().replace(day=1),
                "date_deadline": case.date_deadline if case.step != "closed" else False,
                "user_id": self._responsible_for(case).id,
                "is_urgent": case.is_urgent,
            })
        if not new_rows:
            return history
        # The closed stays reach the database before the new ones (one open
        # stay per case, see init).
        history.flush_model(["date_out"])
        return history.create(new_rows)

    def _sapa_close(self, when, left_by):
        for stay in self:
            # A clock set back (NTP, a restored server) must never block an SOP
            # move: the stay then lasted no time rather than a negative one.
            when = max(when, stay.date_in)
            left_on = stay.company_id._sapa_localize(when).date()
            stay.write({
                "date_out": when,
                "left_by_id": left_by.id if left_by.id != SUPERUSER_ID else False,
                "duration_days": (when - stay.date_in).total_seconds() / 86400,
                "is_late": bool(stay.date_deadline and left_on > stay.date_deadline),
            })

    @api.model
    def _responsible_for(self, case):
        if case.step in APPROVAL_ACTIVITIES:
            official = case._get_officials(APPROVAL_ACTIVITIES[case.step][1])[:1]
            if official:
                return official
        if case.user_id:
            return case.user_id
        user = self.env.user
        return user if user.id != SUPERUSER_ID and user._is_internal() else self.env["res.users"]
