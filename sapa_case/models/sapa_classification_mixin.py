from odoo import fields, models


class SapaClassificationMixin(models.AbstractModel):
    """An entry of a classification list (master data: violence types, places,
    relations, education, disability, services...): a translatable name and a
    stable code for the national (SIMFONI-PPA) export."""

    _name = "sapa.classification.mixin"
    _description = "SAPA Classification Entry"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, sapa_class="config")
    code = fields.Char(
        required=True, help="Stable code, used by the national export.", sapa_class="config"
    )
    sequence = fields.Integer(default=10, sapa_class="config")
    active = fields.Boolean(default=True, sapa_class="config")

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code must be unique.")]
