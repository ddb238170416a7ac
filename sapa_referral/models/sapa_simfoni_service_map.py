from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SapaSimfoniServiceMap(models.Model):
    """The services a case is referred for count as SIMFONI-PPA services too."""

    _inherit = "sapa.simfoni.service.map"

    source = fields.Selection(
        selection_add=[("referral", "Referral service")], ondelete={"referral": "cascade"}
    )
    service_type_id = fields.Many2one(
        "sapa.service.type", string="Referral service", ondelete="cascade", sapa_class="config"
    )

    @api.constrains("source", "service_type_id")
    def _check_referral_service(self):
        for row in self:
            if row.source == "referral" and not row.service_type_id:
                raise ValidationError(_("Choose the referral service to map."))
