from odoo import fields, models


class SapaServiceType(models.Model):
    """A service a provider gives to a victim, seeded with the SIMFONI-PPA
    service list plus shelter and psychological services."""

    _name = "sapa.service.type"
    _description = "SAPA Service Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable code, used by exports and integrations.")
    sequence = fields.Integer(default=10)
    is_simfoni = fields.Boolean(
        string="SIMFONI-PPA service",
        help="Part of the national SIMFONI-PPA list of services.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code must be unique.")]
