from odoo import api, models


class SapaMailThread(models.AbstractModel):
    """mail.thread for SAPA records: Odoo's mail routes (``/mail/thread/data``,
    ``/mail/chatter_fetch``, ``/mail/message/post``, ``/mail/attachment/upload``...)
    open a SAPA record to its staff only.

    Odoo lets these routes in on the user's access rights *or* on a portal
    ``token`` or signed ``hash``/``pid`` (portal's ``_get_thread_with_access``).
    SAPA's only public key is a complaint's tracking code, through SAPA's own
    pages: no token, hash or pid opens a SAPA thread, and share users (portal,
    public) never reach one, not even their own complaint's."""

    _name = "sapa.mail.thread"
    _inherit = "mail.thread"
    _description = "SAPA Mail Thread"

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # Deliberately not super(): portal's override would accept token/hash/pid.
        if self.env.user.share and not self.env.su:
            return self.browse()
        thread = self.browse(thread_id).exists()
        if thread and thread.sudo(False).has_access(mode):
            return thread
        return self.browse()
