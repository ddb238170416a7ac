import base64
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

EXPORTER_GROUP = "sapa_case.group_sapa_head_agency"  # Kepala Dinas, and the SAPA Manager


class SapaSimfoniExport(models.TransientModel):
    """Export the cases reported in a period for SIMFONI-PPA (see sapa.simfoni):
    first the "ready for SIMFONI" check lists, per case, the mandatory fields
    missing; then the file (XLSX with a victim sheet, a sheet of one row per
    victim and value, and the missing fields; or a CSV of either sheet)."""

    _name = "sapa.simfoni.export"
    _description = "SIMFONI-PPA Export"

    def _default_date_from(self):
        first = self.env.company._sapa_today().replace(day=1)
        return (first - timedelta(days=1)).replace(day=1)

    def _default_date_to(self):
        return self.env.company._sapa_today().replace(day=1) - timedelta(days=1)

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)], sapa_class="staff",
    )
    date_from = fields.Date(
        string="Reported from", required=True,
        default=lambda self: self._default_date_from(), sapa_class="staff"
    )
    date_to = fields.Date(
        string="Reported until", required=True,
        default=lambda self: self._default_date_to(), sapa_class="staff"
    )
    file_format = fields.Selection(
        [("xlsx", "Excel (XLSX): every sheet"), ("csv", "CSV: one row per victim"),
         ("csv_long", "CSV: one row per victim and value")],
        required=True, default="xlsx", sapa_class="staff",
    )
    state = fields.Selection(
        [("draft", "Period"), ("checked", "Checked"), ("done", "Exported")],
        default="draft", readonly=True, sapa_class="workflow",
    )
    case_count = fields.Integer(string="Cases", readonly=True, sapa_class="workflow")
    victim_count = fields.Integer(string="Victims", readonly=True, sapa_class="workflow")
    not_ready_count = fields.Integer(
        string="Cases not ready", readonly=True, sapa_class="workflow"
    )
    missing_report = fields.Text(
        string="Missing for SIMFONI-PPA", readonly=True, sapa_class="workflow"
    )
    file_data = fields.Binary(string="File", readonly=True, attachment=False,
                              sapa_class="workflow")
    file_name = fields.Char(readonly=True, sapa_class="workflow")

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(_("The period ends before it starts."))

    def _check_exporter(self):
        if not self.env.user.has_group(EXPORTER_GROUP):
            raise UserError(_("Only Kepala Dinas and the SAPA Manager may export for SIMFONI-PPA."))

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _dataset(self):
        return self.env["sapa.simfoni"]._dataset(self.company_id, self.date_from, self.date_to)

    def _write_check(self, dataset):
        lines = [
            f"{case_ref}: {', '.join(missing)}" for case_ref, missing in dataset["missing"].items()
        ]
        self._sapa_as_workflow().write({
            "case_count": len(dataset["cases"]),
            "victim_count": len(dataset["victims"]),
            "not_ready_count": len(dataset["missing"]),
            "missing_report": "\n".join(lines),
        })

    def action_check(self):
        """The "ready for SIMFONI" check: the mandatory fields missing per case."""
        self.ensure_one()
        self._check_exporter()
        self._write_check(self._dataset())
        self._sapa_as_workflow().state = "checked"
        return self._reopen()

    def action_export(self):
        """Build the file (after the check, shown on the wizard), log the export."""
        self.ensure_one()
        self._check_exporter()
        Simfoni = self.env["sapa.simfoni"]
        dataset = self._dataset()
        self._write_check(dataset)
        stem = f"simfoni_{self.company_id.id}_{self.date_from}_{self.date_to}"
        if self.file_format == "xlsx":
            content, name = Simfoni._to_xlsx(dataset), f"{stem}.xlsx"
            rows = len(dataset["victims"])
        elif self.file_format == "csv":
            header, table = Simfoni._victim_table(dataset)
            content, name, rows = Simfoni._to_csv(header, table), f"{stem}.csv", len(table)
        else:
            header, table = Simfoni._long_table(dataset)
            content, name, rows = Simfoni._to_csv(header, table), f"{stem}_nilai.csv", len(table)
        self.env["sapa.report.log"]._log(
            "simfoni_export", self.company_id, self.date_from, self.date_to,
            dataset["cases"], rows, self.file_format,
        )
        self._sapa_as_workflow().write({
            "state": "done", "file_data": base64.b64encode(content), "file_name": name,
        })
        return self._reopen()
