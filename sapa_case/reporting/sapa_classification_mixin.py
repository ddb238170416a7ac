from odoo import fields, models


class SapaClassificationMixin(models.AbstractModel):
    """The SIMFONI-PPA label of a list entry, as the national system spells it
    (Indonesian, never translated): the export writes it next to the code."""

    _inherit = "sapa.classification.mixin"

    simfoni_label = fields.Char(
        string="SIMFONI-PPA label",
        help="The entry's label in SIMFONI-PPA, exactly (the export writes it next to the "
        "code). Empty: the entry has no SIMFONI-PPA counterpart.",
        sapa_class="config",
    )
