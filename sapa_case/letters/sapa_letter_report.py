from odoo import _, api, models
from odoo.exceptions import UserError

from ..utils.date_id import format_date_id, to_roman


class SapaLetterReport(models.AbstractModel):
    """Rendering values of every SAPA letter. A letter report's
    ``report.<module>.<template>`` model inherits this: printing is refused (as
    AccessError) to a user outside the report's groups or without read access to
    the documents, whatever the way the report is asked for; the templates get
    the Indonesian helpers ``format_date_id``, ``format_datetime_id``,
    ``to_roman`` and ``letter_label``."""

    _name = "sapa.letter.report"
    _description = "SAPA Letter Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        report = self.env["ir.actions.report"]._get_report_from_name(
            self._name.removeprefix("report.")
        )
        docs = self.env[report.model].browse(docids)
        letters = self.env["sapa.letter"]
        letters._check_print_access(report, docs)
        return {
            "doc_ids": docids,
            "doc_model": report.model,
            "docs": docs,
            "data": data,
            "format_date_id": format_date_id,
            "format_datetime_id": letters._format_datetime_id,
            "to_roman": to_roman,
            "letter_label": letters._label_id,
        }


class ReportSapaComplaintReceipt(models.AbstractModel):
    _name = "report.sapa_case.report_sapa_complaint_receipt"
    _inherit = "sapa.letter.report"
    _description = "SAPA Complaint Receipt"


class ReportSapaComplaintTrackingSlip(models.AbstractModel):
    """The slip with a complaint's tracking code: the code comes with the print
    (``data``) from the action that gives it, never from the database."""

    _name = "report.sapa_case.report_sapa_complaint_tracking_slip"
    _inherit = "sapa.letter.report"
    _description = "SAPA Complaint Tracking Code Slip"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        docs = values["docs"]
        values["tracking_code"] = (data or {}).get("code") if len(docs) == 1 else False
        values["status_url"] = docs[:1]._sapa_status_url()
        return values


class ReportSapaCaseAssignment(models.AbstractModel):
    _name = "report.sapa_case.report_sapa_case_assignment"
    _inherit = "sapa.letter.report"
    _description = "SAPA Assignment Letter"


class ReportSapaCaseOutreach(models.AbstractModel):
    _name = "report.sapa_case.report_sapa_case_outreach"
    _inherit = "sapa.letter.report"
    _description = "SAPA Outreach Report"


class ReportSapaCaseFinal(models.AbstractModel):
    _name = "report.sapa_case.report_sapa_case_final"
    _inherit = "sapa.letter.report"
    _description = "SAPA Final Case Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        # Past its step the final report is a signed letter or nothing: a draft
        # of an archived case would pass for the filed report.
        for case in values["docs"]:
            if case.step in ("monitoring", "closed") and not self.env[
                "sapa.letter"
            ]._get_issued(case, "final_report"):
                raise UserError(
                    _("Case %s has no signed final report: there is nothing to print.",
                      case.name)
                )
        return values
