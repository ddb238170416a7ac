from odoo import api, models


class SapaSimfoni(models.AbstractModel):
    """A referral that left the Dinas (sent, not declined) reports its services
    as the SIMFONI-PPA services they map to."""

    _inherit = "sapa.simfoni"

    @api.model
    def _case_services(self, cases_sudo):
        result = super()._case_services(cases_sudo)
        maps = self.env["sapa.simfoni.service.map"].sudo().search([("source", "=", "referral")])
        by_type = {}
        for row in maps:
            by_type.setdefault(row.service_type_id.id, []).append(row.simfoni_service_id)
        for case in cases_sudo:
            for referral in case.referral_ids:
                if not referral.date_sent or referral.date_declined:
                    continue
                for service_type in referral.service_type_ids:
                    for service in by_type.get(service_type.id, []):
                        result[case.id] |= service
        return result
