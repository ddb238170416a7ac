from odoo import api, models

SAPA_STAFF_GROUPS = ("sapa_case.group_sapa_admin", "sapa_case.group_sapa_counselor")
HOME_ACTION = "sapa_case.sapa_case_action"


class ResUsers(models.Model):
    """SAPA staff start their day on the cases kanban, not in Discuss: a user
    who gets a SAPA role without a home action gets the SAPA cases as home."""

    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._sapa_set_home_action()
        return users

    def write(self, vals):
        result = super().write(vals)
        if any(key.startswith(("groups_id", "in_group_", "sel_groups_")) for key in vals):
            self._sapa_set_home_action()
        return result

    def _sapa_set_home_action(self):
        action = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        if not action:
            return
        for user in self.sudo():
            if user.action_id or user.share:
                continue
            if any(user.has_group(group) for group in SAPA_STAFF_GROUPS):
                user.action_id = action.id
