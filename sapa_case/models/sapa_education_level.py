from odoo import models


class SapaEducationLevel(models.Model):
    """Education of a victim or perpetrator (SIMFONI-PPA 'pendidikan')."""

    _name = "sapa.education.level"
    _inherit = ["sapa.classification.mixin"]
    _description = "SAPA Education Level"
