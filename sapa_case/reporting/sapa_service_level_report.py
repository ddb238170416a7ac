from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.sapa_case_stage import STEPS


class SapaServiceLevelReport(models.Model):
    """Service level per SOP step, month of entry (the Dinas' time zone) and
    person responsible: how many cases entered the step, the median and 90th
    percentile of the days they stayed in it, and how many passed the step's
    deadline. An SQL view over sapa.case.step.history: ``read_group`` has no
    percentiles, PostgreSQL's percentile_cont has.

    Median and 90th percentile are exact per row; a pivot total above rows (all
    persons of a step, say) shows their average, not the percentile of the
    pooled stays: group down to the row to read the exact figure."""

    _name = "sapa.service.level.report"
    _description = "SAPA Service Level Report"
    _auto = False
    _order = "month desc, step"
    _rec_name = "step"

    company_id = fields.Many2one("res.company", readonly=True, sapa_class="workflow")
    step = fields.Selection(STEPS, readonly=True, sapa_class="workflow")
    month = fields.Date(readonly=True, help="Month the cases entered the step.",
                        sapa_class="workflow")
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True,
                              sapa_class="workflow")
    case_count = fields.Integer(string="Cases entered", readonly=True, sapa_class="workflow")
    done_count = fields.Integer(string="Cases moved on", readonly=True, sapa_class="workflow")
    median_days = fields.Float(
        string="Median days in step", digits=(16, 2), aggregator="avg", readonly=True,
        sapa_class="workflow",
    )
    p90_days = fields.Float(
        string="90th percentile days", digits=(16, 2), aggregator="avg", readonly=True,
        sapa_class="workflow",
    )
    late_count = fields.Integer(
        string="Passed the deadline", readonly=True,
        help="Left the step after its deadline, or still in it past the deadline.",
        sapa_class="workflow",
    )
    overdue_now_count = fields.Integer(
        string="Overdue now", readonly=True,
        help="Still in the step today, past its deadline.", sapa_class="workflow",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # The month at the Dinas is stored on each stay (month_in: no time zone
        # conversion per row here); "today" is each Dinas' (res.company.sapa_tz),
        # once per company; monitoring and closed have no deadline to be overdue
        # against (as sapa.case).
        self.env.cr.execute(SQL("""
            CREATE OR REPLACE VIEW %s AS (
                WITH today AS (
                    SELECT id AS company_id,
                           (now() AT TIME ZONE COALESCE(sapa_tz, 'Asia/Jakarta'))::date
                               AS local_today
                      FROM res_company
                )
                SELECT MIN(h.id) AS id,
                       h.company_id,
                       h.step,
                       h.month_in AS month,
                       h.user_id,
                       COUNT(*) AS case_count,
                       COUNT(h.date_out) AS done_count,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY h.duration_days)
                           AS median_days,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY h.duration_days)
                           AS p90_days,
                       COUNT(*) FILTER (WHERE h.is_late OR (
                           h.date_out IS NULL AND h.date_deadline < today.local_today
                           AND h.step NOT IN ('monitoring', 'closed'))) AS late_count,
                       COUNT(*) FILTER (WHERE
                           h.date_out IS NULL AND h.date_deadline < today.local_today
                           AND h.step NOT IN ('monitoring', 'closed')) AS overdue_now_count
                  FROM sapa_case_step_history h
                  JOIN today ON today.company_id = h.company_id
                 GROUP BY h.company_id, h.step, h.month_in, h.user_id
            )
        """, SQL.identifier(self._table)))
