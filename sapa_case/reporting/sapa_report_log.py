from odoo import _, api, fields, models
from odoo.tools import SQL


class SapaReportLog(models.Model):
    """Who produced which report of many cases (the SIMFONI-PPA export, the
    monthly recap), when, for which company and period. Append-only like the
    case access log (which also gets a row per case read); readable by the
    SAPA Manager."""

    _name = "sapa.report.log"
    _inherit = ["sapa.append.only.mixin"]
    _description = "SAPA Report Log"
    _order = "date desc, id desc"
    _log_access = False

    report = fields.Selection(
        [("simfoni_export", "SIMFONI-PPA export"), ("monthly_recap", "Monthly recap")],
        required=True, sapa_class="workflow",
    )
    user_id = fields.Many2one(
        "res.users", required=True, ondelete="restrict", index=True, sapa_class="workflow"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, sapa_class="workflow")
    company_id = fields.Many2one("res.company", required=True, index=True, sapa_class="workflow")
    date_from = fields.Date(sapa_class="workflow")
    date_to = fields.Date(sapa_class="workflow")
    file_format = fields.Char(sapa_class="workflow")
    case_count = fields.Integer(string="Cases", sapa_class="workflow")
    row_count = fields.Integer(string="Rows", sapa_class="workflow")

    def _append_only_error(self):
        return _("The report log is written by SAPA only, and never changed.")

    @api.model
    def _log(self, report, company, date_from, date_to, cases, row_count, file_format=False):
        """Log the report and, in the case access log, the read of each case's
        confidential lines it used (one INSERT, whatever the number of cases)."""
        if cases:
            cases._sapa_log_cases(SQL("SELECT unnest(%s::int[])", list(cases.ids)))
        return self.sudo().create({
            "report": report, "user_id": self.env.uid, "company_id": company.id,
            "date_from": date_from, "date_to": date_to, "file_format": file_format,
            "case_count": len(cases), "row_count": row_count,
        })

