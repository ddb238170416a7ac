from odoo import fields, models


class SapaServiceType(models.Model):
    """A service a provider gives to a victim, seeded with the SIMFONI-PPA
    service list plus shelter and psychological services."""

    _name = "sapa.service.type"
    _inherit = ["sapa.classification.mixin"]
    _description = "SAPA Service Type"

    is_simfoni = fields.Boolean(
        string="SIMFONI-PPA service",
        help="Part of the national SIMFONI-PPA list of services.",
        sapa_class="config",
    )
    description = fields.Text(translate=True, sapa_class="config")
