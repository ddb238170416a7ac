from odoo import _, api, fields, models


class ResPartner(models.Model):
    """Partners flagged as SAPA service providers form the referral directory."""

    _inherit = "res.partner"

    is_sapa_provider = fields.Boolean(
        string="SAPA service provider",
        help="Listed in the directory of institutions SAPA cases can be referred to.",
        sapa_class="config",
    )
    sapa_service_type_ids = fields.Many2many(
        "sapa.service.type",
        "res_partner_sapa_service_type_rel",
        "partner_id",
        "service_type_id",
        string="SAPA services",
        help="Services this provider gives to victims.",
        sapa_class="config",
    )
    sapa_contact_name = fields.Char(
        string="Contact person", help="Who handles referrals at the provider.",
        sapa_class="config",
    )
    sapa_contact_phone = fields.Char(string="Contact person's phone", sapa_class="config")
    sapa_state_ids = fields.Many2many(
        "res.country.state",
        "res_partner_sapa_state_rel",
        "partner_id",
        "state_id",
        string="Provinces served",
        help="Leave empty when the provider serves only the areas below.",
        sapa_class="config",
    )
    sapa_area_ids = fields.Many2many(
        "sapa.area",
        "res_partner_sapa_area_rel",
        "partner_id",
        "area_id",
        string="Areas served",
        domain="[('level', '=', 'regency')]",
        help="Kabupaten / kota the provider serves.",
        sapa_class="config",
    )
    sapa_referral_count = fields.Integer(
        string="Referrals",
        compute="_compute_sapa_referral_count",
        groups="sapa_case.group_sapa_counselor",
        sapa_class="workflow",
    )

    @api.depends("is_sapa_provider")
    def _compute_sapa_referral_count(self):
        counts = dict(
            self.env["sapa.referral"]._read_group(
                [("provider_id", "in", self.ids)], ["provider_id"], ["__count"]
            )
        )
        for partner in self:
            partner.sapa_referral_count = counts.get(partner._origin, 0)

    def action_view_sapa_referrals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Referrals"),
            "res_model": "sapa.referral",
            "view_mode": "list,form",
            "domain": [("provider_id", "=", self.id)],
            "context": {"create": False},
        }
