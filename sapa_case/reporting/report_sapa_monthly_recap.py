from odoo import models


class ReportSapaMonthlyRecap(models.AbstractModel):
    _name = "report.sapa_case.report_sapa_monthly_recap"
    _inherit = "sapa.letter.report"
    _description = "SAPA Monthly Recap Letter"
