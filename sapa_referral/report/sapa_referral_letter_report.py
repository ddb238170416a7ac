from odoo import models


class ReportSapaReferralLetter(models.AbstractModel):
    """Surat Rujukan: printed only by the report's groups, for referrals the user
    may read (see sapa.letter.report)."""

    _name = "report.sapa_referral.report_referral_letter"
    _inherit = "sapa.letter.report"
    _description = "SAPA Referral Letter"
