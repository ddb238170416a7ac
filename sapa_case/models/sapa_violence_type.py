from odoo import fields, models


class SapaViolenceType(models.Model):
    """Form of violence, seeded with the national SIMFONI-PPA list."""

    _name = "sapa.violence.type"
    _description = "SAPA Violence Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="SIMFONI-PPA code used in the national export.")
    sequence = fields.Integer(default=10)
    is_sexual = fields.Boolean(
        string="Sexual violence",
        help="Cases of this type fall under UU 12/2022 (TPKS): urgent, and no mediation.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code must be unique.")]
