from odoo import _, api, fields, models

from .sapa_complaint import SEXES  # noqa: F401  (re-exported for line models)


class SapaCase(models.Model):
    """A handled case, moved along the SAPA SOP (see sapa.case.stage)."""

    _name = "sapa.case"
    _description = "SAPA Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "mail.tracking.duration.mixin"]
    _order = "is_urgent desc, date_deadline asc, id desc"
    _track_duration_field = "stage_id"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    stage_id = fields.Many2one(
        "sapa.case.stage",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
        default=lambda self: self.env["sapa.case.stage"]._get_by_step("received"),
    )
    step = fields.Selection(related="stage_id.step", store=True, index=True)
    date_deadline = fields.Date(string="Step deadline", tracking=True, copy=False)
    is_urgent = fields.Boolean(string="Urgent", tracking=True, index=True)

    complaint_ids = fields.One2many("sapa.complaint", "case_id", string="Complaints")
    summary = fields.Text(help="The complaint as received.")
    contact_phone = fields.Char(string="Reporter's WhatsApp")
    incident_date = fields.Date()
    state_id = fields.Many2one("res.country.state", string="Province")
    regency_id = fields.Many2one("sapa.area", string="Kabupaten / Kota")
    district_id = fields.Many2one("sapa.area", string="Kecamatan")
    village_id = fields.Many2one("sapa.area", string="Desa / Kelurahan")
    violence_type_ids = fields.Many2many("sapa.violence.type", string="Violence types")

    _sql_constraints = [
        ("name_unique", "UNIQUE(company_id, name)", "A case reference never repeats."),
    ]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([])

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id"))
                sequence = self.env["ir.sequence"].with_company(company or self.env.company)
                vals["name"] = sequence.next_by_code("sapa.case") or "/"
        return super().create(vals_list)

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Case"),
            "res_model": "sapa.case",
            "res_id": self.id,
            "view_mode": "form",
        }
