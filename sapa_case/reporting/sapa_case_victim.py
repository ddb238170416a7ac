from odoo import fields, models


class SapaCaseVictim(models.Model):
    _inherit = "sapa.case.victim"

    occupation_id = fields.Many2one("sapa.occupation", sapa_class="confidential")
