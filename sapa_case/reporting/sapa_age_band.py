from odoo import fields, models


class SapaAgeBand(models.Model):
    _inherit = "sapa.age.band"

    simfoni_label = fields.Char(
        string="SIMFONI-PPA label", help="The band's label in SIMFONI-PPA, exactly.",
        sapa_class="config",
    )
