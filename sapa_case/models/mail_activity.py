from odoo import _, models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    """SAPA's approvals are activities (verification by Kepala Bidang, surat
    tugas and decision by Kepala Dinas, signing a referral...). An official who
    marks one done from the chatter, the activity menu or the list approves
    through the record's own guarded action, as with the form button: "done"
    never leaves a case waiting for an approval nobody owes any more.

    A record model takes part by implementing ``_sapa_waiting_approval(activity)``
    (True while the activity's approval is what the record waits for) and
    ``_sapa_approve_from_activity(activity, feedback)`` (the guarded action).
    """

    _inherit = "mail.activity"

    def _sapa_waiting_approvals(self):
        """The activities of ``self`` whose record waits for their approval."""
        waiting = self.browse()
        for activity in self:
            model = self.env.get(activity.res_model) if activity.res_model else None
            if model is None or not hasattr(model, "_sapa_waiting_approval"):
                continue
            record = model.sudo().browse(activity.res_id).exists()
            if record and record._sapa_waiting_approval(activity):
                waiting |= activity
        return waiting

    def _action_done(self, feedback=False, attachment_ids=None):
        if not self.env.context.get("lang") and self.env.user.lang:
            # An RPC client without context: the "done" line in the user's language.
            return self.with_context(lang=self.env.user.lang)._action_done(
                feedback=feedback, attachment_ids=attachment_ids
            )
        # Re-entry: the approving action marks its own activity done (through
        # activity_feedback): that call is an ordinary "done".
        if self.env.context.get("sapa_approving_from_activity"):
            collected = self.env.context.get("sapa_activity_messages")
            messages, next_activities = super()._action_done(
                feedback=feedback, attachment_ids=attachment_ids
            )
            if collected is not None:
                collected.append(messages)
            return messages, next_activities
        messages = self.env["mail.message"]
        for activity in self._sapa_waiting_approvals():
            if not activity.exists():
                continue  # done by the approval of another official's activity
            collected = []
            record = self.env[activity.res_model].browse(activity.res_id).with_context(
                sapa_approving_from_activity=True,
                sapa_activity_feedback=feedback or False,
                sapa_activity_attachment_ids=attachment_ids or [],
                sapa_activity_messages=collected,
            )
            # As the user who marks it done: the action checks their role and
            # what the record still lacks, and refuses with its own message.
            record._sapa_approve_from_activity(activity, feedback)
            for done in collected:
                messages |= done
            if activity.exists():
                # The action did not close it (e.g. an add-on skipped the
                # feedback): close it now, as an ordinary "done".
                more, _next = activity.with_context(
                    sapa_approving_from_activity=True
                )._action_done(feedback=feedback, attachment_ids=attachment_ids)
                messages |= more
        remaining = self.exists()
        if not remaining:
            return messages, self.env["mail.activity"]
        more, next_activities = super(MailActivity, remaining)._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )
        return messages | more, next_activities

    # An approval the record waits for is not cancelled, deleted, archived or
    # moved away: the record would wait for nobody. SAPA's own code (superuser,
    # or the approving action) still closes it.
    def _sapa_check_not_waiting(self):
        if self.env.su or self.env.context.get("sapa_approving_from_activity"):
            return
        waiting = self._sapa_waiting_approvals()
        if waiting:
            activity = waiting[0]
            raise UserError(
                _("The activity '%(activity)s' cannot be cancelled: %(record)s waits for it. "
                  "Mark it done to approve, or send the record back from its form.",
                  activity=activity.summary or activity.activity_type_id.name,
                  record=activity.res_name or activity.res_model)
            )

    def unlink(self):
        self._sapa_check_not_waiting()
        return super().unlink()

    def write(self, vals):
        if {"active", "res_model", "res_model_id", "res_id", "activity_type_id"} & set(vals):
            if not vals.get("active", True) or set(vals) - {"active"}:
                self._sapa_check_not_waiting()
        return super().write(vals)
