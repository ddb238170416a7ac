from odoo import fields, models


class SapaEducationLevel(models.Model):
    """Education of a victim or perpetrator (SIMFONI-PPA 'pendidikan')."""

    _name = "sapa.education.level"
    _description = "SAPA Education Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code must be unique.")]
