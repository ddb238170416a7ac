from odoo import models


class SapaOccupation(models.Model):
    """Occupation of a victim or perpetrator (SIMFONI-PPA 'pekerjaan')."""

    _name = "sapa.occupation"
    _inherit = ["sapa.classification.mixin"]
    _description = "SAPA Occupation"
