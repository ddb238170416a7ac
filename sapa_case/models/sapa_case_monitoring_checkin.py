from odoo import api, fields, models

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

    @api.model_create_multi
    def create(self, vals_list):
        checkins = super().create(vals_list)
        checkins.case_id._on_monitoring_checkin(checkins)
        return checkins
