from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..models.sapa_case_outreach_activity import ACTIVITY_TYPES


class SapaSimfoniServiceMap(models.Model):
    """Which SIMFONI-PPA service a service given by SAPA counts as: the complaint
    itself, each type of outreach activity (and, with sapa_referral, each service
    a case is referred for). Editable by the SAPA Manager; a service without a
    row is not reported."""

    _name = "sapa.simfoni.service.map"
    _description = "SIMFONI-PPA Service Mapping"
    _order = "source, id"

    source = fields.Selection(
        [("complaint", "Complaint handled"), ("outreach", "Outreach activity")],
        required=True, sapa_class="config",
    )
    activity_type = fields.Selection(
        ACTIVITY_TYPES, string="Outreach activity type", sapa_class="config"
    )
    simfoni_service_id = fields.Many2one(
        "sapa.simfoni.service", string="SIMFONI-PPA service", required=True,
        ondelete="cascade", sapa_class="config",
    )
    active = fields.Boolean(default=True, sapa_class="config")

    @api.constrains("source", "activity_type")
    def _check_source(self):
        for row in self:
            if row.source == "outreach" and not row.activity_type:
                raise ValidationError(_("Choose the outreach activity type to map."))
