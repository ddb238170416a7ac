from odoo import _, fields, models


class SapaAnonymisationLog(models.Model):
    """One anonymisation of a case's personal data (UU 27/2022 PDP): which case,
    when, by whom (the retention cron or a user) and what was removed. Written
    only by SAPA, never changed nor deleted but by the superuser; readable by
    the SAPA Manager. It names the case by its reference only: nothing personal."""

    _name = "sapa.anonymisation.log"
    _inherit = ["sapa.append.only.mixin"]
    _description = "SAPA Anonymisation Log"
    _order = "date desc, id desc"
    _rec_name = "case_reference"

    case_id = fields.Many2one(
        "sapa.case", ondelete="set null", index="btree_not_null", sapa_class="workflow"
    )
    case_reference = fields.Char(required=True, readonly=True, sapa_class="workflow")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, sapa_class="workflow"
    )
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, sapa_class="workflow"
    )
    user_id = fields.Many2one(
        "res.users", string="By", required=True, readonly=True, ondelete="restrict",
        sapa_class="workflow",
    )
    closed_date = fields.Date(string="Case closed on", readonly=True, sapa_class="workflow")
    retention_years = fields.Integer(readonly=True, sapa_class="workflow")
    summary = fields.Text(string="What was removed", readonly=True, sapa_class="workflow")

    def _append_only_error(self):
        return _("The anonymisation log is written by SAPA only, and never changed.")
