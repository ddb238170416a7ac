from odoo import api, models


class SapaArea(models.Model):
    _inherit = "sapa.area"

    @api.model
    def _sapa_portal_children(self, level, parent_id, limit=None):
        """The active areas of ``level`` directly under ``parent_id`` (a province
        for kabupaten/kota, else an area), as superuser: public master data for
        the form's lists. Empty for an unknown level or no parent."""
        Area = self.sudo()
        if level not in ("regency", "district", "village") or not parent_id:
            return Area.browse()
        parent_field = "state_id" if level == "regency" else "parent_id"
        return Area.search([("level", "=", level), (parent_field, "=", parent_id)], limit=limit)
