from odoo import fields, models


class SapaComplaint(models.Model):
    """Portal side of the complaint: "My complaints" for portal users, and the
    notification of the Admin queue when a complaint arrives from the website.

    No portal.mixin: a complaint has no portal ``access_token``. Its only public
    key is the tracking code (kept as a hash), and Odoo's mail routes refuse SAPA
    records to token holders (see ``_get_thread_with_access`` in sapa_case)."""

    _inherit = "sapa.complaint"

    # Written by staff, never shown to the reporter: portal users (who may read
    # their own complaints through the ORM) do not get them.
    reject_reason = fields.Text(groups="base.group_user")
    case_id = fields.Many2one(groups="base.group_user")
    access_url = fields.Char(
        compute="_compute_access_url",
        help="The reporter's page of the complaint in My account.",
        sapa_class="workflow",
    )

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/sapa-complaints/{complaint.id}"

    def _notify_sapa_admins(self):
        """Tell every active Admin user (inbox or e-mail, as each prefers) that a
        complaint arrived online. The message names the reference only: the story
        and the reporter stay behind the Admin's access rights."""
        admins_sudo = self.env.ref("sapa_case.group_sapa_admin").sudo().users.filtered(
            lambda user: user.active and not user.share
        )
        if not admins_sudo:
            return
        author = self.env.ref("base.partner_root")
        for complaint in self:
            if complaint.is_urgent:
                subject = self.env._("URGENT online complaint %s", complaint.name)
            else:
                subject = self.env._("New online complaint %s", complaint.name)
            complaint.sudo().message_notify(
                partner_ids=admins_sudo.partner_id.ids,
                author_id=author.id,
                subject=subject,
                body=self.env._(
                    "Complaint %s arrived through the public form and waits in the "
                    "Admin queue.",
                    complaint.name,
                ),
                email_layout_xmlid="mail.mail_notification_light",
                force_send=False,
            )
