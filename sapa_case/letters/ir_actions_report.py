from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def retrieve_attachment(self, record):
        """An issued SAPA letter prints from its stored PDF: what was signed is what
        prints again, with the same number. (The letter reports set
        ``attachment_use`` so that the report engine asks; their ``attachment``
        expression is False, so the engine itself never stores a print.)"""
        letter_type_sudo = self.env["sapa.letter.type"].sudo().search(
            [("report_id", "=", self.id)], limit=1
        )
        if not letter_type_sudo:
            return super().retrieve_attachment(record)
        letter_sudo = self.env["sapa.letter"]._get_issued(record, letter_type_sudo)
        attachment_sudo = letter_sudo.attachment_id
        if not attachment_sudo or attachment_sudo.mimetype != "application/pdf":
            return None
        # The report engine calls this as superuser: check the printing user.
        record.env["sapa.letter"]._check_stored_print_access(self, record, letter_sudo)
        return attachment_sudo
