from odoo import api, fields, models

from .sapa_complaint import SEXES


class SapaCaseVictim(models.Model):
    """A victim of a case, with the attributes SIMFONI-PPA reporting needs."""

    _name = "sapa.case.victim"
    _description = "SAPA Victim"
    _inherit = ["sapa.case.line", "sapa.access.log.mixin"]
    _order = "case_id, id"

    name = fields.Char(required=True, sapa_class="confidential")
    age = fields.Integer(sapa_class="confidential")
    age_band_id = fields.Many2one(
        "sapa.age.band", compute="_compute_age_band_id", store=True, readonly=False,
        sapa_class="confidential",
    )
    is_child = fields.Boolean(related="age_band_id.is_child", store=True, sapa_class="confidential")
    sex = fields.Selection(SEXES, required=True, sapa_class="confidential")
    disability_type_id = fields.Many2one(
        "sapa.disability.type", string="Disability", sapa_class="confidential"
    )
    education_level_id = fields.Many2one(
        "sapa.education.level", string="Education", sapa_class="confidential"
    )
    address = fields.Char(sapa_class="confidential")

    @api.depends("age")
    def _compute_age_band_id(self):
        # An age of 0 is also "unknown" for an Integer: the band stays as chosen.
        bands = self.env["sapa.age.band"].search([])  # pylint: disable=no-search-all
        for victim in self:
            if victim.age > 0:
                victim.age_band_id = bands.filtered(
                    lambda band, age=victim.age: band.age_min <= age <= band.age_max
                )[:1]
            else:
                victim.age_band_id = victim.age_band_id
