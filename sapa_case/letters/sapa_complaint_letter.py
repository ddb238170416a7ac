from odoo import _, models
from odoo.exceptions import UserError


class SapaComplaint(models.Model):
    """The receipt (tanda terima) of a complaint."""

    _inherit = "sapa.complaint"

    def action_print_receipt(self):
        """Issue the receipt on the first print (numbered, signed by the Admin who
        prints it); later prints give the same stored receipt."""
        self.ensure_one()
        if not self.env.user.has_group("sapa_case.group_sapa_admin"):
            raise UserError(_("Only the SAPA Admin issues complaint receipts."))
        letters = self.env["sapa.letter"]
        if not letters._get_issued(self, "receipt"):
            letter = letters._issue(self, "receipt", self.env.user)
            self.message_post(
                body=_("Receipt issued with number %s.", letter.name),
                subtype_xmlid="mail.mt_note",
            )
        # data={}, not the report engine's None, which XML-RPC cannot send.
        report = self.env.ref("sapa_case.action_report_sapa_complaint_receipt")
        return report.report_action(self, data={})
