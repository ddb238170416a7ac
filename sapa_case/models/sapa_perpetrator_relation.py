from odoo import fields, models


class SapaPerpetratorRelation(models.Model):
    """Relation of the perpetrator to the victim (SIMFONI-PPA 'hubungan pelaku')."""

    _name = "sapa.perpetrator.relation"
    _description = "SAPA Perpetrator Relation"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code must be unique.")]
