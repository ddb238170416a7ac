from odoo import models


class SapaMonthlyRecap(models.Model):
    """The recap counts the referrals sent in the month, per institution."""

    _inherit = "sapa.monthly.recap"

    def _referrals(self, date_from, date_to):
        start, end = self.env["sapa.simfoni"]._period_bounds(self.company_id, date_from, date_to)
        groups = self.env["sapa.referral"].sudo()._read_group(
            [("company_id", "=", self.company_id.id),
             ("date_sent", ">=", start), ("date_sent", "<", end)],
            ["provider_id"], ["__count"],
        )
        return sorted(
            ((provider.name, count) for provider, count in groups),
            key=lambda item: (-item[1], item[0]),
        )
