from odoo import Command, api, models


class SapaCaseDemo(models.AbstractModel):
    """The demo story with referrals: every case past Kepala Dinas' decision to
    refer has its referral (the walker signs and sends it when the case moves
    on); the case waiting at the referral step has one waiting for signature."""

    _inherit = "sapa.case.demo"

    @api.model
    def _story_waits_for_referrals(self):
        # Called from sapa_referral's own demo data: play it now.
        return False

    @api.model
    def _load_story(self):
        if self._story_loaded():
            # Installed after the story: the cases waiting at the referral step
            # get their referral now.
            self._add_waiting_referrals()
            return None
        return super()._load_story()

    def _in_progress(self, case, story, users):
        result = super()._in_progress(case, story, users)
        if case.step == "referral":
            self._add_waiting_referrals(case, users)
        return result

    @api.model
    def _add_waiting_referrals(self, cases=None, users=None):
        """A referral submitted for signature for each case at the referral step
        without one (the Sub Koordinator prepared it, Kepala Dinas signs next)."""
        ref = self.env.ref
        users = users or {
            "subcoordinator": ref("sapa_case.user_sapa_subkoor_demo"),
        }
        if cases is None:
            cases = self.env["sapa.case"].sudo().search([("step", "=", "referral")])
        walker = self.env["sapa.case.walker"]
        for case in cases:
            if case.sudo().referral_ids:
                continue
            provider = walker._walker_provider()
            referral = self.env["sapa.referral"].with_user(users["subcoordinator"]).create({
                "case_id": case.id,
                "provider_id": provider.id,
                "service_type_ids": [Command.set(provider.sapa_service_type_ids[:1].ids)],
                "reason": "Pemeriksaan medis, visum et repertum dan pendampingan psikologis.",
            })
            referral.with_user(users["subcoordinator"]).action_submit_for_signature()
