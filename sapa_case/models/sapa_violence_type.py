from odoo import fields, models


class SapaViolenceType(models.Model):
    """Form of violence, seeded with the national SIMFONI-PPA list."""

    _name = "sapa.violence.type"
    _inherit = ["sapa.classification.mixin"]
    _description = "SAPA Violence Type"

    is_sexual = fields.Boolean(
        string="Sexual violence",
        help="Cases of this type fall under UU 12/2022 (TPKS): urgent, and no mediation.",
        sapa_class="config",
    )
