from odoo import api, fields, models

OUTCOMES = [
    ("reached", "Reached, confirmed"),
    ("no_answer", "No answer"),
    ("wrong_number", "Wrong or inactive number"),
    ("unsafe", "Not safe to talk"),
]


class SapaCaseContactAttempt(models.Model):
    """One attempt of the Sub Koordinator to confirm the complaint with the reporter."""

    _name = "sapa.case.contact.attempt"
    _description = "SAPA Contact Attempt"
    _inherit = ["sapa.case.line", "sapa.access.log.mixin"]
    _order = "date desc, id desc"

    date = fields.Datetime(required=True, default=fields.Datetime.now, sapa_class="confidential")
    user_id = fields.Many2one(
        "res.users", string="By", required=True, default=lambda self: self.env.user,
        sapa_class="confidential",
    )
    channel = fields.Selection(
        [("whatsapp", "WhatsApp"), ("phone", "Phone call")], required=True, default="whatsapp",
        sapa_class="confidential",
    )
    outcome = fields.Selection(OUTCOMES, required=True, sapa_class="confidential")
    note = fields.Char(sapa_class="confidential")

    @api.model_create_multi
    def create(self, vals_list):
        attempts = super().create(vals_list)
        # Contacting the reporter needs their consent, or a recorded safety reason.
        attempts.case_id._check_contact_consent()
        return attempts
