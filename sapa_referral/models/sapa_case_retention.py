from odoo import models

# The personal data of a referral: the letter's text, the notes, the provider's
# answers, the secret link. Kept: provider, services, dates, states, number.
REFERRAL_PERSONAL_FIELDS = {
    "reason": False,
    "note": False,
    "service_report": False,
    "decline_reason": False,
    "attachment_ids": [(5, 0, 0)],
    "letter_attachment_id": False,
    "access_token_hash": False,
}


class SapaCase(models.Model):
    """Anonymising a case (sapa_case's retention) also anonymises its referrals."""

    _inherit = "sapa.case"  # pylint: disable=consider-merging-classes-inherited

    def _sapa_personal_records(self):
        records = super()._sapa_personal_records()
        return [*records, self.sudo().with_context(active_test=False).referral_ids]

    def _sapa_personal_fields(self, model_name):
        if model_name == "sapa.referral":
            return REFERRAL_PERSONAL_FIELDS
        return super()._sapa_personal_fields(model_name)
