from odoo import Command, api, models


class SapaCaseWalker(models.AbstractModel):
    """The SOP walker (demo data and tests) meets sapa_referral's condition on
    leaving the referral step: a referral signed and sent to a provider."""

    _inherit = "sapa.case.walker"

    def _fill_referral(self, case, users, values):
        """Also prepare a referral (Sub Koordinator), sign and send it (Kepala
        Dinas), unless one is out already. ``values["referral"]`` may give the
        referral's values (provider_id, service_type_ids, reason)."""
        referral_values = values.pop("referral", {})
        super()._fill_referral(case, users, values)
        if case._has_sent_referral():
            return
        provider = self._walker_provider()
        referral = self.env["sapa.referral"].with_user(users["subcoordinator"]).create({
            "case_id": case.id,
            "provider_id": provider.id,
            "service_type_ids": [Command.set(provider.sapa_service_type_ids[:1].ids)],
            "reason": "Pemeriksaan medis dan visum.",
            **referral_values,
        })
        referral.with_user(users["subcoordinator"]).action_submit_for_signature()
        referral.with_user(users["head_agency"]).action_sign()

    @api.model
    def _walker_provider(self):
        """A provider with an e-mail address and a service; one is added when
        none exists (tests without demo data)."""
        Partner = self.env["res.partner"].sudo()
        provider = Partner.search([
            ("is_sapa_provider", "=", True),
            ("email", "!=", False),
            ("sapa_service_type_ids", "!=", False),
        ], limit=1)
        return provider or Partner.create({
            "name": "RSUD Penyedia Layanan",
            "is_company": True,
            "is_sapa_provider": True,
            "email": "rsud.layanan@example.com",
            "sapa_service_type_ids": [
                Command.set(self.env["sapa.service.type"].sudo().search([], limit=1).ids)
            ],
        })
