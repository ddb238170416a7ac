"""The public complaint form and its receipt page.

Security choices (see also README.rst):
* CSRF stays on for every POST (Odoo's token, tied to the visitor's session).
* What was posted is read and bounded by ``sapa.complaint._sapa_portal_read_form``
  and checked by ``_sapa_portal_validate``: every field, every id (within
  PostgreSQL's integer range, inside the right parent area), every file. A
  problem gets the form back, with what was typed and a message per field.
* The complaint is created with ``sudo()`` from the checked values only; the
  public user has no access right on any SAPA model.
* Never refused once valid: over the rate limit of the client's network, or
  with the honeypot filled (a robot, or a browser's autofill), the complaint is
  stored and held for the Admin's review, and the reporter gets the receipt.
* Tracking code: shown once on the receipt page (Post/Redirect/Get through the
  session, popped on display). The status link carries the code in the URL
  *fragment* (``/sapa/status?ref=…#kode=…``), which browsers never send to the
  server, so it is not in any access log; the page posts it with the reference.
"""

from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import fields, http

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.parsing import to_id  # pylint: disable=import-error
from odoo.http import request

from ..utils import evidence
from .public_page import client_address, render_public

HONEYPOT_FIELD = "homepage"
RECEIPT_SESSION_KEY = "sapa_portal_receipt"
# The form's fields in the order of the page, each with the element its error
# summary links to (the first choice of a group). Violence types: the group.
FIELD_ANCHORS = (
    ("in_danger", "sapa_in_danger_yes"),
    ("reporter_relation", "sapa_reporter_relation_victim"),
    ("is_anonymous", "sapa_is_anonymous"),
    ("reporter_name", "sapa_reporter_name"),
    ("reporter_phone", "sapa_reporter_phone"),
    ("description", "sapa_description"),
    ("incident_date", "sapa_incident_date"),
    ("state_id", "sapa_state_id"),
    ("regency_id", "sapa_regency_id"),
    ("district_id", "sapa_district_id"),
    ("village_id", "sapa_village_id"),
    ("violence_type_ids", "sapa_violence_types"),
    ("victim_age_band_id", "sapa_victim_age_band_id"),
    ("victim_sex", "sapa_victim_sex_female"),
    ("attachment", "sapa_attachment"),
    ("consent_contact", "sapa_consent_contact"),
    ("consent_data", "sapa_consent_data"),
)


def error_summary(errors):
    """The problems of a form sent back, in the order of the page: ``[(anchor,
    message)]``, each linking to its field; a field the list does not know
    comes last, linked to the form."""
    known = dict(FIELD_ANCHORS)
    summary = [(anchor, errors[field]) for field, anchor in FIELD_ANCHORS if errors.get(field)]
    summary += [
        ("sapa_form", message)
        for field, message in errors.items()
        if field not in known and not field.startswith("_") and message
    ]
    return summary


class SapaComplaintForm(http.Controller):
    @http.route(
        "/sapa/pengaduan", type="http", auth="public", website=True, methods=["GET"], sitemap=True
    )
    def complaint_form(self, **kwargs):
        form = {"state_id": str(self._default_state().id or "")}
        return self._render_form(form, {})

    @http.route(
        "/sapa/pengaduan", type="http", auth="public", website=True, methods=["POST"], sitemap=False
    )
    def complaint_submit(self, **post):
        Complaint = request.env["sapa.complaint"]
        form = Complaint._sapa_portal_read_form(request.httprequest.form, self._read_uploads())
        if request.httprequest.form.get("sapa_refresh_areas"):
            # Without JavaScript, the visitor asks for the lists of the chosen area.
            return self._render_form(form, {})
        values, errors = Complaint._sapa_portal_validate(form)
        if errors:
            return self._render_form(form, errors)

        complaint_sudo, code = Complaint._sapa_portal_submit(
            values,
            client_address(),
            # The website's (cached: no query).
            request.env["res.company"].browse(request.website._get_cached("company_id")),
            honeypot=bool(request.httprequest.form.get(HONEYPOT_FIELD)),
        )
        request.session[RECEIPT_SESSION_KEY] = {"reference": complaint_sudo.name, "code": code}
        # In the visitor's language: saves the website's own language redirect.
        return request.redirect(
            request.env["ir.http"]._url_for("/sapa/pengaduan/terkirim"), code=303
        )

    @http.route(
        "/sapa/pengaduan/terkirim", type="http", auth="public", website=True, methods=["GET"],
        sitemap=False,
    )
    def complaint_receipt(self, **kwargs):
        receipt = request.session.pop(RECEIPT_SESSION_KEY, None) or {}
        return render_public(
            "sapa_portal.complaint_receipt_page",
            {
                "reference": receipt.get("reference"),
                "code": receipt.get("code"),
                "status_link": (
                    "/sapa/status?%s#kode=%s"
                    % (url_encode({"ref": receipt["reference"]}), receipt["code"])
                    if receipt
                    else False
                ),
            },
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @staticmethod
    def _read_uploads():
        """The evidence files: name and content, each read up to one byte over the
        size limit, and one file over the count limit (enough to say "too many")."""
        uploads = []
        for upload in request.httprequest.files.getlist("attachment"):
            if not upload.filename:
                continue
            if len(uploads) > evidence.MAX_FILES:
                break
            uploads.append((upload.filename, upload.read(evidence.MAX_FILE_SIZE + 1)))
        return uploads

    def _default_state(self):
        state = request.website.company_id.state_id
        return state if state.country_id.code == "ID" else request.env["res.country.state"]

    def _render_form(self, form, errors, status=200):
        Area = request.env["sapa.area"]
        regencies_sudo = Area._sapa_portal_children("regency", to_id(form.get("state_id")))
        regency_id = to_id(form.get("regency_id"))
        districts_sudo = Area._sapa_portal_children(
            "district", regency_id if regency_id in regencies_sudo.ids else None
        )
        district_id = to_id(form.get("district_id"))
        villages_sudo = Area._sapa_portal_children(
            "village", district_id if district_id in districts_sudo.ids else None
        )
        values = {
            "form": form,
            "errors": errors,
            "error_summary": error_summary(errors),
            "provinces": request.env["res.country.state"].search([("country_id.code", "=", "ID")]),
            "regencies": regencies_sudo,
            "districts": districts_sudo,
            "villages": villages_sudo,
            "violence_types": request.env["sapa.violence.type"].sudo().search([]),
            "age_bands": request.env["sapa.age.band"].sudo().search([]),
            "honeypot_field": HONEYPOT_FIELD,
            "attachment_help": request.env._(
                "Up to %(count)s files of %(size)s MB each: photos (JPEG, PNG), PDF documents, "
                "videos (MP4) or sound recordings (M4A, MP3, OGG).",
                count=evidence.MAX_FILES,
                size=evidence.MAX_FILE_SIZE // (1024 * 1024),
            ),
            "accept": evidence.ACCEPT_ATTRIBUTE,
            "date_max": fields.Date.to_string(
                request.env.company._sapa_today() + timedelta(days=1)
            ),
            # Browsers cannot refill a file input: say so when files were sent.
            "files_dropped": bool(errors)
            and any(f.filename for f in request.httprequest.files.getlist("attachment")),
        }
        # The empty form is meant to be found; a form sent back is the visitor's.
        return render_public(
            "sapa_portal.complaint_form_page",
            values,
            status=status,
            index=request.httprequest.method == "GET",
        )
