from odoo import fields, models


class SapaComplaintLink(models.TransientModel):
    _name = "sapa.complaint.link"
    _description = "Link SAPA complaints to an existing case"

    complaint_ids = fields.Many2many("sapa.complaint", required=True, sapa_class="staff")
    case_id = fields.Many2one("sapa.case", required=True, sapa_class="staff")

    def action_confirm(self):
        self.complaint_ids._link_to_case(self.case_id)
        return self.case_id._get_form_action()
