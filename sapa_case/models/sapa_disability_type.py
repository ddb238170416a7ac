from odoo import models


class SapaDisabilityType(models.Model):
    """Disability of a victim (SIMFONI-PPA 'jenis disabilitas')."""

    _name = "sapa.disability.type"
    _inherit = ["sapa.classification.mixin"]
    _description = "SAPA Disability Type"
