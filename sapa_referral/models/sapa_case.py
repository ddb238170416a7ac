from odoo import _, api, fields, models


class SapaCase(models.Model):
    _inherit = "sapa.case"

    referral_ids = fields.One2many(
        "sapa.referral", "case_id", string="Referrals", groups="sapa_case.group_sapa_counselor",
        sapa_class="confidential",
    )
    referral_count = fields.Integer(
        string="Number of referrals",
        compute="_compute_referral_count",
        groups="sapa_case.group_sapa_counselor",
        sapa_class="workflow",
    )

    @api.depends("referral_ids")
    def _compute_referral_count(self):
        for case in self:
            case.referral_count = len(case.referral_ids)

    def _missing_for_transition(self, old, new, vals):
        missing = super()._missing_for_transition(old, new, vals)
        if (old, new) == ("referral", "monitoring") and not self._has_sent_referral():
            missing.append(_("a referral letter signed and sent to a provider (and not declined)"))
        return missing

    def _has_sent_referral(self):
        """A referral has left the Dinas and the provider has not declined it.
        Read as superuser: the guard needs it whoever moves the case."""
        self.ensure_one()
        return bool(
            self.sudo().referral_ids.filtered(lambda r: r.date_sent and not r.date_declined)
        )

    def action_new_referral(self):
        self.ensure_one()
        self._check_step("referral", "monitoring")
        self._check_role("sapa_case.group_sapa_subcoordinator", _("prepare a referral"))
        return {
            "type": "ir.actions.act_window",
            "name": _("New referral"),
            "res_model": "sapa.referral",
            "view_mode": "form",
            "target": "current",
            "context": {"default_case_id": self.id},
        }

    def action_view_referrals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Referrals"),
            "res_model": "sapa.referral",
            "view_mode": "list,form",
            "domain": [("case_id", "=", self.id)],
            "context": {"default_case_id": self.id},
        }
