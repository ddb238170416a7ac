from urllib.parse import quote

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils.phone import whatsapp_digits

SLIP_REPORT = "sapa_case.action_report_sapa_complaint_tracking_slip"


class SapaComplaint(models.Model):
    """A tracking code for the reporters of every channel: a complaint taken by
    phone (SAPA 129), WhatsApp, in person or from another institution gets one
    from the Admin, shown once (a notification with the code, the WhatsApp
    message to send it, and the printable slip), like the online form's."""

    _inherit = "sapa.complaint"  # pylint: disable=consider-merging-classes-inherited

    has_tracking_code = fields.Boolean(
        string="Tracking code given",
        compute="_compute_has_tracking_code",
        compute_sudo=True,
        help="The reporter has a tracking code (only its hash is kept: it was shown once).",
        sapa_class="workflow",
    )

    @api.depends("tracking_hash")
    def _compute_has_tracking_code(self):
        for complaint in self:
            complaint.has_tracking_code = bool(complaint.tracking_hash)

    def action_give_tracking_code(self):
        """Give the reporter a tracking code, shown this once: never stored, never
        shown again (a lost code is not replaced by this button)."""
        self.ensure_one()
        if not self.env.user.has_group("sapa_case.group_sapa_admin"):
            raise UserError(_("Only the SAPA Admin gives reporters their tracking code."))
        self.check_access("write")
        if self.sudo().tracking_hash:
            raise UserError(
                _("Complaint %s already has its tracking code. It was shown once, when it "
                  "was given, and cannot be shown again.", self.name)
            )
        code = self._generate_tracking_code()
        self.message_post(
            body=_("Tracking code given to the reporter (shown once, not kept)."),
            subtype_xmlid="mail.mt_note",
        )
        message = self._tracking_code_message(code)
        number = self.reporter_phone_e164
        whatsapp_url = (
            f"https://wa.me/{whatsapp_digits(number) if number else ''}?text={quote(message)}"
        )
        report = self.env.ref(SLIP_REPORT)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Tracking code of complaint %s", self.name),
                # %s: the WhatsApp link (the client's sprintf); the code has no '%'.
                "message": _(
                    "Code: %(code)s. Read it out to the reporter, send it (%(link)s) or hand "
                    "over the printed slip: it is shown only this once.",
                    code=code, link="%s",
                ),
                "links": [{"label": _("WhatsApp message"), "url": whatsapp_url}],
                "sticky": True,
                "type": "warning",
                # The printable slip with the code, rendered now, never stored.
                "next": report.report_action(self, data={"code": code}),
            },
        }

    def _tracking_code_message(self, code):
        """What the reporter receives on WhatsApp: reference, code and where to
        follow the complaint. In Indonesian, whatever the staff member's language."""
        self.ensure_one()
        status_url = self._sapa_status_url()
        env_id = self.with_context(lang="id_ID").env
        text = env_id._(
            "SAPA Dinas PPPA: your complaint has been received with number %(reference)s. "
            "Tracking code: %(code)s. Keep this code to yourself: with the number, it shows "
            "the progress of the complaint.",
            reference=self.name, code=code,
        )
        if status_url:
            text += " " + env_id._("Check the status at %s", status_url)
        return text

    def _sapa_status_url(self):
        """The public status page reporters follow their complaint on (sapa_portal
        adds it), or False."""
        return False
