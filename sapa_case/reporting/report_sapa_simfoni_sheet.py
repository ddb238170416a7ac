from odoo import api, models
from odoo.tools import SQL


class ReportSapaSimfoniSheet(models.AbstractModel):
    """The "lembar input SIMFONI" of a case: what an operator re-keys into
    SIMFONI-PPA, from the same dataset as the export (codes and SIMFONI labels,
    never a name, NIK, phone number or address). Printing checks the report's
    groups and the case's rules (sapa.letter.report) and is logged as a read of
    the case."""

    _name = "report.sapa_case.report_sapa_simfoni_sheet"
    _inherit = "sapa.letter.report"
    _description = "SIMFONI-PPA Input Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        Simfoni = self.env["sapa.simfoni"]
        values["sheets"] = {case.id: Simfoni._case_dataset(case) for case in values["docs"]}
        if values["docs"]:
            values["docs"]._sapa_log_cases(
                SQL("SELECT unnest(%s::int[])", list(values["docs"].ids))
            )
        return values
