from odoo import fields, models


class SapaCaseSendBack(models.TransientModel):
    _name = "sapa.case.send.back"
    _description = "Send a SAPA case back one step"

    case_id = fields.Many2one("sapa.case", required=True, sapa_class="staff")
    reason = fields.Text(
        required=True, help="What must be corrected or completed.", sapa_class="staff"
    )

    def action_confirm(self):
        self.case_id._send_back(self.reason)
        return {"type": "ir.actions.act_window_close"}
