from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

CONDITIONS = [
    ("safe", "Safe and recovering"),
    ("stable", "Stable, needs support"),
    ("at_risk", "At risk"),
    ("danger", "In danger"),
]


class SapaCaseMonitoringCheckin(models.Model):
    """A periodic check of the victim's condition by the Konselor."""

    _name = "sapa.case.monitoring.checkin"
    _description = "SAPA Monitoring Check-in"
    _inherit = ["sapa.case.line", "sapa.access.log.mixin"]
    _order = "date desc, id desc"

    date = fields.Date(
        required=True,
        default=lambda self: self.env.company._sapa_today(),
        sapa_class="confidential",
    )
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user,
        sapa_class="confidential",
    )
    condition = fields.Selection(
        CONDITIONS, string="Victim's condition", required=True, sapa_class="confidential"
    )
    note = fields.Text(sapa_class="confidential")
    is_unscheduled = fields.Boolean(
        string="Unscheduled contact",
        help="A contact outside the monitoring plan (e.g. the victim called for help): "
        "recorded, but it does not count as a check-in of the plan nor moves its next date.",
        sapa_class="confidential",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # One by one: each planned check-in moves the next due date of its case,
        # which the following one of the batch is held to.
        checkins = self.browse()
        for vals in vals_list:
            checkin = super().create([vals])
            checkin._check_interval()
            if not checkin.is_unscheduled:
                checkin.case_id._on_monitoring_checkin(checkin)
            checkins |= checkin
        return checkins

    def _check_interval(self):
        """A check-in of the plan comes at its interval: two on one day do not
        complete a plan of 14 days. Earlier contacts are unscheduled ones."""
        for checkin in self:
            if checkin.is_unscheduled:
                continue
            due = checkin.case_id.sudo().monitoring_next_date
            if due and checkin.date < due:
                raise ValidationError(
                    _("The next check-in of case %(case)s is due on %(due)s. Record a contact "
                      "before then as an unscheduled contact: it does not count toward the "
                      "monitoring plan.", case=checkin.case_id.name,
                      due=format_date(self.env, due))
                )
