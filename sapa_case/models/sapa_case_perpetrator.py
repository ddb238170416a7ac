from odoo import fields, models

from .sapa_complaint import SEXES


class SapaCasePerpetrator(models.Model):
    """A (suspected) perpetrator of a case."""

    _name = "sapa.case.perpetrator"
    _description = "SAPA Perpetrator"
    _inherit = ["sapa.case.line", "sapa.access.log.mixin"]
    _order = "case_id, id"

    name = fields.Char(required=True, sapa_class="confidential")
    age = fields.Integer(sapa_class="confidential")
    sex = fields.Selection(SEXES, sapa_class="confidential")
    relation_id = fields.Many2one(
        "sapa.perpetrator.relation", string="Relation to the victim", sapa_class="confidential"
    )
    education_level_id = fields.Many2one(
        "sapa.education.level", string="Education", sapa_class="confidential"
    )
