from odoo import models


class SapaPerpetratorRelation(models.Model):
    """Relation of the perpetrator to the victim (SIMFONI-PPA 'hubungan pelaku')."""

    _name = "sapa.perpetrator.relation"
    _inherit = ["sapa.classification.mixin"]
    _description = "SAPA Perpetrator Relation"
