from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    sapa_head_division_user_id = fields.Many2one(
        "res.users",
        string="Kepala Bidang",
        help="Receives the verification activities of SAPA cases. "
        "Empty: every Kepala Bidang user does.",
    )
    sapa_head_agency_user_id = fields.Many2one(
        "res.users",
        string="Kepala Dinas",
        help="Receives the approval and decision activities of SAPA cases. "
        "Empty: every Kepala Dinas user does.",
    )
