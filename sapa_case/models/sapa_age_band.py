from odoo import api, fields, models


class SapaAgeBand(models.Model):
    """Age group used by national reporting (SIMFONI-PPA 'kelompok umur')."""

    _name = "sapa.age.band"
    _description = "SAPA Age Band"
    _order = "age_min, id"

    name = fields.Char(required=True, translate=True, sapa_class="config")
    code = fields.Char(required=True, sapa_class="config")
    age_min = fields.Integer(required=True, sapa_class="config")
    age_max = fields.Integer(
        required=True, help="Inclusive; 999 for no upper bound.", sapa_class="config"
    )
    is_child = fields.Boolean(compute="_compute_is_child", store=True, sapa_class="config")
    active = fields.Boolean(default=True, sapa_class="config")

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code must be unique.")]

    @api.depends("age_max")
    def _compute_is_child(self):
        # UU 35/2014: a child is anyone under 18.
        for band in self:
            band.is_child = band.age_max < 18

    @api.model
    def _for_age(self, age):
        if age is None or age is False or age < 0:
            return self.browse()
        return self.search([("age_min", "<=", age), ("age_max", ">=", age)], limit=1)
