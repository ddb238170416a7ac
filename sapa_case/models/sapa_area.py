from odoo import api, fields, models


class SapaArea(models.Model):
    """Administrative area below the province: kabupaten/kota, kecamatan, desa/kelurahan.

    Provinces are Odoo's res.country.state; each area points to its parent so
    forms can offer only the areas of the level above.
    """

    _name = "sapa.area"
    _description = "SAPA Administrative Area"
    _order = "level, name"
    _parent_store = True

    name = fields.Char(required=True, sapa_class="config")
    code = fields.Char(help="Kode wilayah (Kemendagri).", sapa_class="config")
    level = fields.Selection(
        [
            ("regency", "Kabupaten / Kota"),
            ("district", "Kecamatan"),
            ("village", "Desa / Kelurahan"),
        ],
        required=True,
        sapa_class="config",
    )
    state_id = fields.Many2one(
        "res.country.state", string="Province", required=True, index=True, ondelete="restrict",
        sapa_class="config",
    )
    parent_id = fields.Many2one(
        "sapa.area", string="Parent area", index=True, ondelete="restrict", sapa_class="config"
    )
    parent_path = fields.Char(index=True, sapa_class="config")
    child_ids = fields.One2many("sapa.area", "parent_id", string="Sub-areas", sapa_class="config")
    active = fields.Boolean(default=True, sapa_class="config")

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The area code must be unique.")]

    @api.depends("name", "level")
    def _compute_display_name(self):
        for area in self:
            area.display_name = area.name
