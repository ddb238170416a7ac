from odoo import fields, models


class SapaComplaintReject(models.TransientModel):
    _name = "sapa.complaint.reject"
    _description = "Reject SAPA complaints"

    complaint_ids = fields.Many2many("sapa.complaint", required=True, sapa_class="staff")
    reason = fields.Text(
        required=True, help="Spam, out of scope, duplicate... and why.", sapa_class="staff"
    )

    def action_confirm(self):
        self.complaint_ids._reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
