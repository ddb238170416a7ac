"""The provider's page: reached from the link in the referral e-mail, without an
Odoo login. It shows only what the referral letter shows and takes the
provider's answers (receipt, service given, refusal) through CSRF-protected
POSTs.

Refusals: an unknown token gets "this link is not valid" (404), whatever the
reason, so nothing can be learnt by guessing. An expired token says "expired"
(410), and a token of a closed referral says "closed" (410): only the holder of
a real link can get these answers, and telling them what happened is what lets
them ask the Dinas for a new link instead of giving up.
"""

from odoo import http

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.parsing import is_readable_text  # pylint: disable=import-error
from odoo.addons.sapa_case.utils.public_http import (  # pylint: disable=import-error
    secure_public_response,
)
from odoo.exceptions import UserError
from odoo.http import request

from ..models.sapa_referral import ANSWER_MAX_LENGTH

ANSWERS = ("confirm", "done", "decline")
REFUSAL_STATUS = {"invalid": 404, "expired": 410, "closed": 410}


class SapaReferralProviderController(http.Controller):
    def _use_page_lang(self, referral_sudo):
        """Speak the provider's language, else the Dinas' language. Returns the
        referral in that language."""
        installed = {code for code, _name in request.env["res.lang"].get_installed()}
        candidates = (
            referral_sudo.provider_id.lang,
            referral_sudo.company_id.partner_id.lang,
            request.env.company.sudo().partner_id.lang,
        )
        lang = next((code for code in candidates if code in installed), None)
        if not lang:
            return referral_sudo
        request.update_context(lang=lang)
        return referral_sudo.with_context(lang=lang)

    def _respond(self, template, values, status=200):
        # The token is in the URL: never cached, never sent on as referrer, never
        # indexed, never framed.
        return secure_public_response(request.render(template, values, status=status))

    def _refuse(self, status, referral_sudo):
        self._use_page_lang(referral_sudo)
        return self._respond(
            "sapa_referral.provider_refusal",
            {
                "refusal": status,
                "agency": referral_sudo.company_id.name or request.env.company.sudo().name,
            },
            status=REFUSAL_STATUS[status],
        )

    def _page(self, token, referral_sudo, error=None, status=200):
        referral_sudo = self._use_page_lang(referral_sudo)
        values = {
            "letter": referral_sudo._provider_page_values(),
            "action_url": f"/sapa/rujukan/{token}",
            "error": error,
        }
        return self._respond("sapa_referral.provider_page", values, status=status)

    @http.route(
        "/sapa/rujukan/<string:token>", type="http", auth="public", methods=["GET"]
    )
    def referral_page(self, token, **kwargs):
        referral_sudo, status = request.env["sapa.referral"]._get_by_provider_token(token)
        if status != "valid":
            return self._refuse(status, referral_sudo)
        return self._page(token, referral_sudo)

    @http.route(
        "/sapa/rujukan/<string:token>/<string:answer>",
        type="http",
        auth="public",
        methods=["POST"],
    )
    def referral_answer(self, token, answer, text=None, **kwargs):
        referral_sudo, status = request.env["sapa.referral"]._get_by_provider_token(token)
        if status != "valid":
            return self._refuse(status, referral_sudo)
        if answer not in ANSWERS:
            return self._refuse("invalid", referral_sudo.browse())
        referral_sudo = self._use_page_lang(referral_sudo)
        text = text if isinstance(text, str) else None
        if text and (len(text) > 4 * ANSWER_MAX_LENGTH or not is_readable_text(text, True)):
            # What no browser sends (a NUL byte, bytes that are not UTF-8, a
            # megabyte): the page again with a message, nothing stored.
            error = request.env._(
                "The text could not be read. Please type it again (at most %s characters).",
                ANSWER_MAX_LENGTH,
            )
            return self._page(token, referral_sudo, error=error, status=400)
        try:
            referral_sudo._provider_answer(answer, text)
        except UserError as error:
            return self._page(token, referral_sudo, error=error.args[0], status=409)
        return request.redirect(f"/sapa/rujukan/{token}", code=303)
