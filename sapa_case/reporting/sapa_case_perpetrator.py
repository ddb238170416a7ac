from odoo import fields, models


class SapaCasePerpetrator(models.Model):
    _inherit = "sapa.case.perpetrator"

    occupation_id = fields.Many2one("sapa.occupation", sapa_class="confidential")
    # SIMFONI-PPA reports the perpetrators of each victim: empty means every
    # victim of the case.
    victim_id = fields.Many2one(
        "sapa.case.victim", ondelete="set null",
        domain="[('case_id', '=', case_id)]",
        help="The victim this perpetrator harmed; empty: every victim of the case.",
        sapa_class="confidential",
    )
