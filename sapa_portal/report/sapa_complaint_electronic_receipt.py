from odoo import models


class ReportSapaComplaintElectronicReceipt(models.AbstractModel):
    """The electronic receipt: the reporter's download from the public pages
    while no receipt is issued (same letter helpers and print access check as
    every SAPA letter)."""

    _name = "report.sapa_portal.report_complaint_electronic_receipt"
    _inherit = "sapa.letter.report"
    _description = "SAPA Electronic Complaint Receipt"
