from odoo import fields, models

from .sapa_complaint import SEXES


class SapaCasePerpetrator(models.Model):
    """A (suspected) perpetrator of a case."""

    _name = "sapa.case.perpetrator"
    _description = "SAPA Perpetrator"
    _order = "case_id, id"

    case_id = fields.Many2one("sapa.case", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    name = fields.Char(required=True)
    age = fields.Integer()
    sex = fields.Selection(SEXES)
    relation_id = fields.Many2one("sapa.perpetrator.relation", string="Relation to the victim")
    education_level_id = fields.Many2one("sapa.education.level", string="Education")
