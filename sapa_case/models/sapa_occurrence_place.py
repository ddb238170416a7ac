from odoo import fields, models


class SapaOccurrencePlace(models.Model):
    """Where the violence happened (SIMFONI-PPA 'tempat kejadian')."""

    _name = "sapa.occurrence.place"
    _description = "SAPA Place of Occurrence"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code must be unique.")]
