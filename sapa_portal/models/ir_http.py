import logging

from werkzeug.exceptions import BadRequest

from odoo import models
from odoo.http import request

from ..controllers.complaint_form import SapaComplaintForm
from ..utils import unavailable_page

_logger = logging.getLogger(__name__)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _match(cls, path):
        """A visitor whose browser names no language, or none Odoo can read
        (``Accept-Language`` missing, or ``jv`` alone), gets the website's
        default language (Indonesian) like any visitor asking for a language the
        website does not have; Odoo would take English for them and redirect to
        /en/. The URL's language and the visitor's choice (cookie) still win."""
        if (
            not hasattr(request, "is_frontend")  # not rewritten yet (first match)
            and request.env is not None
            and not request.best_lang
        ):
            # As http_routing's _match does: the website needs a user to be found.
            real_env = request.env
            try:
                request.registry["ir.http"]._auth_method_public()
                default_lang = cls._get_default_lang().code
            finally:
                request.env = real_env
            request.update_context(lang=default_lang)
        return super()._match(path)

    @classmethod
    def _handle_error(cls, exception):
        """On a public SAPA page, a failing database gets SAPA's "not sent yet,
        try again" page (503), built without the database, instead of Odoo's
        bare error page; a complaint refused by the CSRF check (the form stayed
        open for days, the browser keeps no cookie) gets the form back with what
        was typed and a fresh token, instead of Odoo's bare 400 page."""
        if cls._sapa_portal_is_csrf_refusal(exception):
            return cls._sapa_portal_form_after_csrf_refusal()
        try:
            httprequest = request.httprequest
            if unavailable_page.database_failed(exception) and unavailable_page.is_sapa_path(
                httprequest.path
            ):
                _logger.warning(
                    "SAPA: database unavailable during %s %s (%s): answered with the "
                    "try-again page",
                    httprequest.method, httprequest.path, type(exception).__name__,
                )
                # Handled: Odoo logs the exception itself as a warning, not an error.
                exception.loglevel = logging.WARNING
                # The visitor's language as the website found it (no query).
                lang_code = getattr(getattr(request, "lang", None), "code", None)
                return unavailable_page.response(httprequest, lang_code)
        except Exception:
            _logger.exception("SAPA: the try-again page failed")
        return super()._handle_error(exception)

    @classmethod
    def _sapa_portal_is_csrf_refusal(cls, exception):
        httprequest = request.httprequest
        return (
            isinstance(exception, BadRequest)
            and httprequest.method == "POST"
            and bool(unavailable_page.FORM_PATH.match(httprequest.path))
            and getattr(request, "website", None) is not None
            and not request.validate_csrf(httprequest.form.get("csrf_token"))
        )

    @classmethod
    def _sapa_portal_form_after_csrf_refusal(cls):
        """The complaint form with the posted answers (nothing created) and a
        message; CSRF stays on: sending it again needs the new token."""
        _logger.info("SAPA form: CSRF check failed, the form is shown again")
        form = request.env["sapa.complaint"]._sapa_portal_read_form(request.httprequest.form)
        errors = {
            "_form": request.env._(
                "For your safety the form had expired, or your browser does not keep this "
                "site's cookies. Nothing was sent yet: check your answers below and send "
                "the report again. If it happens again, call SAPA 129 or WhatsApp "
                "08111-129-129."
            )
        }
        response = SapaComplaintForm()._render_form(form, errors, status=400)
        response.flatten()  # outside a route, nothing renders the lazy response
        cls._post_dispatch(response)
        return response
