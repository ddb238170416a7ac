from odoo import fields, models


class SapaDisabilityType(models.Model):
    """Disability of a victim (SIMFONI-PPA 'jenis disabilitas')."""

    _name = "sapa.disability.type"
    _description = "SAPA Disability Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code must be unique.")]
