from odoo import Command, api, models

# What Odoo's website gives every new internal user through the default user
# template: editing the public site, HTML without sanitising.
WEBSITE_EDITING_GROUPS = (
    "website.group_website_designer",
    "website.group_website_restricted_editor",
    "base.group_sanitize_override",
)


class ResUsers(models.Model):
    _inherit = "res.users"

    def _default_groups(self):
        # A Konselor must not be able to edit the pages a frightened reporter
        # reads: new users get no website editing right. Whoever edits the site
        # is granted "Website: Editor and Designer" explicitly (by the SAPA
        # Manager, or an Odoo administrator, in the user's access rights).
        return super()._default_groups() - self._sapa_website_editing_groups()

    @api.model
    def _sapa_website_editing_groups(self):
        groups = self.env["res.groups"]
        for xmlid in WEBSITE_EDITING_GROUPS:
            groups |= self.env.ref(xmlid, raise_if_not_found=False) or groups
        return groups

    @api.model
    def _sapa_revoke_default_website_editing(self):
        """Run at install and upgrade: SAPA staff who are not Odoo administrators
        lose the website editing rights the default user template gave them."""
        sapa_groups = self.env.ref("sapa_case.module_category_sapa").sudo()
        staff = self.env["res.groups"].sudo().search(
            [("category_id", "=", sapa_groups.id)]
        ).users.filtered(lambda user: not user._is_system())
        editing = self._sapa_website_editing_groups()
        staff.sudo().write({"groups_id": [Command.unlink(group.id) for group in editing]})
