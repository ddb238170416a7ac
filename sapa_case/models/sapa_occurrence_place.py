from odoo import models


class SapaOccurrencePlace(models.Model):
    """Where the violence happened (SIMFONI-PPA 'tempat kejadian')."""

    _name = "sapa.occurrence.place"
    _inherit = ["sapa.classification.mixin"]
    _description = "SAPA Place of Occurrence"
