"""Public SAPA pages: the complaint form, the receipt, the status page.

Security choices (see also README.rst):
* CSRF stays on for every POST (Odoo's token, tied to the visitor's session).
* The complaint is created by this controller with ``sudo()`` from an explicit
  allow-list of values; the public user has no access right on any SAPA model.
* Honeypot: a field humans do not see. When it is filled the submission is
  *refused* with a neutral message (and counts toward the rate limit) rather than
  silently dropped: a browser's autofill can fill a hidden field, and a real
  report about violence must never vanish while the reporter believes it was sent.
* Rate limit: ``sapa.portal.rate.limit`` counts accepted-looking submissions and
  failed status lookups per client network, in the database (works across
  workers).
* Tracking code: shown once on the receipt page (Post/Redirect/Get through the
  session, popped on display). The status link carries the code in the URL
  *fragment* (``/sapa/status?ref=…#kode=…``), which browsers never send to the
  server, so it is not in any access log; the page posts it with the reference.
* Receipt (tanda terima) download: a POST of reference + code, like the status
  page (same refusal, same failed-lookup rate limit); the PDF is rendered as
  superuser for that one complaint only.
"""

import logging
from datetime import date, timedelta

from werkzeug.urls import url_encode

from odoo import Command, fields, http

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.phone import to_e164  # pylint: disable=import-error
from odoo.http import content_disposition, request

from ..utils import evidence

_logger = logging.getLogger(__name__)

REPORTER_RELATIONS = ("victim", "family", "neighbour", "teacher", "other")
VICTIM_SEXES = ("female", "male")
DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 10000
NAME_MAX = 100
HONEYPOT_FIELD = "homepage"
RECEIPT_SESSION_KEY = "sapa_portal_receipt"
DEFAULT_QUICK_EXIT_URL = "https://www.google.com/search?q=cuaca+hari+ini"
PUBLIC_STATUSES = ("received", "in_progress", "referred", "finished", "closed")


def quick_exit_url():
    """Where "Quick exit" goes: ``sapa_portal.quick_exit_url`` if it is an http(s)
    address or a path of this site, else a neutral search page."""
    url = (
        request.env["ir.config_parameter"].sudo().get_param("sapa_portal.quick_exit_url") or ""
    ).strip()
    if url.startswith(("https://", "http://")) or (
        url.startswith("/") and not url.startswith("//")
    ):
        return url
    return DEFAULT_QUICK_EXIT_URL


def client_address():
    return request.httprequest.remote_addr or ""


def to_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class SapaComplaintForm(http.Controller):
    # ------------------------------------------------------------------
    # Complaint form
    # ------------------------------------------------------------------
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
        form = self._read_form(post)
        if post.get("sapa_refresh_areas"):
            # Without JavaScript, the visitor asks for the lists of the chosen area.
            return self._render_form(form, {})
        errors, vals, files = self._validate(form)
        if errors:
            return self._render_form(form, errors)

        rate_limit_sudo = request.env["sapa.portal.rate.limit"].sudo()
        if post.get(HONEYPOT_FIELD):
            rate_limit_sudo._hit("submit", client_address())
            _logger.info("SAPA form: honeypot filled, submission refused")
            return self._render_form(
                form,
                {
                    "_form": request.env._(
                        "The form could not be sent. Please try again, or call SAPA 129."
                    )
                },
            )
        if not rate_limit_sudo._hit("submit", client_address()):
            _logger.info("SAPA form: rate limit reached, submission refused")
            return self._render_form(
                form,
                {
                    "_form": request.env._(
                        "Too many reports were sent from your connection in the last minutes. "
                        "Please try again later, or call SAPA 129 or WhatsApp 08111-129-129 now."
                    )
                },
            )

        complaint_sudo = self._create_complaint(vals, files)
        request.session[RECEIPT_SESSION_KEY] = {
            "reference": complaint_sudo.name,
            "code": complaint_sudo._generate_tracking_code(),
        }
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
        values = self._layout_values()
        values.update(
            reference=receipt.get("reference"),
            code=receipt.get("code"),
            status_link=(
                "/sapa/status?%s#kode=%s"
                % (url_encode({"ref": receipt["reference"]}), receipt["code"])
                if receipt
                else False
            ),
        )
        response = request.render("sapa_portal.complaint_receipt_page", values)
        response.headers["Cache-Control"] = "no-store"
        return response

    @http.route(
        "/sapa/wilayah", type="http", auth="public", methods=["GET"], readonly=True, sitemap=False
    )
    def complaint_areas(self, level=None, parent=None, **kwargs):
        """Areas of one level under a parent, for the form's lists (JSON)."""
        areas_sudo = self._areas(level, to_int(parent))
        return request.make_json_response([{"id": a.id, "name": a.name} for a in areas_sudo])

    # ------------------------------------------------------------------
    # Status page
    # ------------------------------------------------------------------
    @http.route(
        "/sapa/status", type="http", auth="public", website=True, methods=["GET"], sitemap=True
    )
    def complaint_status_form(self, ref=None, **kwargs):
        return self._render_status({"reference": (ref or "").strip()[:64]})

    @http.route(
        "/sapa/status", type="http", auth="public", website=True, methods=["POST"], sitemap=False
    )
    def complaint_status(self, reference=None, code=None, **kwargs):
        reference = (reference or "").strip()[:64]
        code = (code or "").strip()[:64]
        values = {"reference": reference}
        rate_limit_sudo = request.env["sapa.portal.rate.limit"].sudo()
        if rate_limit_sudo._is_blocked("status", client_address()):
            values["blocked"] = True
            return self._render_status(values)
        complaint_sudo = request.env["sapa.complaint"]._find_by_tracking_code(reference, code)
        if not complaint_sudo:
            rate_limit_sudo._hit("status", client_address())
            values["not_found"] = True
            return self._render_status(values)
        values.update(
            complaint_reference=complaint_sudo.name,
            date_received=complaint_sudo._date_received_local(),
            public_status=complaint_sudo._public_status(),
            # Typed by the visitor: lets the result page offer the receipt download.
            code=code,
        )
        return self._render_status(values)

    @http.route(
        "/sapa/tanda-terima", type="http", auth="public", website=True, methods=["POST"],
        sitemap=False,
    )
    def complaint_receipt_pdf(self, reference=None, code=None, **kwargs):
        """The receipt of the complaint ``reference`` as PDF, for whoever holds its
        tracking code: the issued (numbered, signed) receipt if there is one, else
        an electronic receipt. It shows no identity and no story."""
        reference = (reference or "").strip()[:64]
        code = (code or "").strip()[:64]
        rate_limit_sudo = request.env["sapa.portal.rate.limit"].sudo()
        if rate_limit_sudo._is_blocked("status", client_address()):
            return self._render_status({"reference": reference, "blocked": True})
        complaint_sudo = request.env["sapa.complaint"]._find_by_tracking_code(reference, code)
        if not complaint_sudo:
            rate_limit_sudo._hit("status", client_address())
            return self._render_status({"reference": reference, "not_found": True})
        content = self._receipt_pdf(complaint_sudo)
        file_name = "Tanda Terima %s.pdf" % complaint_sudo.name.replace("/", "-")
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(file_name)),
                ("Cache-Control", "no-store"),
            ],
        )

    def _receipt_pdf(self, complaint_sudo):
        complaint_sudo.ensure_one()
        letter_sudo = request.env["sapa.letter"]._get_issued(complaint_sudo, "receipt")
        attachment_sudo = letter_sudo.attachment_id.sudo()
        if attachment_sudo.mimetype == "application/pdf" and attachment_sudo.raw:
            return attachment_sudo.raw
        report_sudo = (
            request.env["ir.actions.report"]
            .sudo()
            .with_context(sapa_electronic_receipt=True, report_pdf_no_attachment=True)
        )
        # Under Odoo's test mode this is the report's HTML (as Odoo's own /report/pdf).
        content, _content_type = report_sudo._render_qweb_pdf(
            "sapa_case.action_report_sapa_complaint_receipt", [complaint_sudo.id]
        )
        return content

    # ------------------------------------------------------------------
    # Reading and checking the form
    # ------------------------------------------------------------------
    def _read_form(self, post):
        """What the visitor typed, as strings, to validate and to show back."""
        form = {
            name: (post.get(name) or "").strip()
            for name in (
                "reporter_relation",
                "reporter_name",
                "reporter_phone",
                "description",
                "incident_date",
                "state_id",
                "regency_id",
                "district_id",
                "village_id",
                "victim_age_band_id",
                "victim_sex",
                "in_danger",
            )
        }
        form["description"] = (post.get("description") or "").strip()
        form["violence_type_ids"] = request.httprequest.form.getlist("violence_type_ids")
        for flag in ("is_anonymous", "consent_contact", "consent_data"):
            form[flag] = bool(post.get(flag))
        return form

    def _validate(self, form):
        """Check every field; return (errors by field, complaint values, files)."""
        errors = {}
        vals = {"channel": "online"}

        if form["reporter_relation"] in REPORTER_RELATIONS:
            vals["reporter_relation"] = form["reporter_relation"]
        else:
            errors["reporter_relation"] = request.env._("Tell us who is reporting.")

        vals["is_anonymous"] = form["is_anonymous"]
        if form["is_anonymous"]:
            vals["reporter_name"] = False
        elif not form["reporter_name"]:
            errors["reporter_name"] = request.env._(
                "Give your name, or choose to report anonymously."
            )
        elif len(form["reporter_name"]) > NAME_MAX:
            errors["reporter_name"] = request.env._(
                "The name is too long (at most %s characters).", NAME_MAX
            )
        else:
            vals["reporter_name"] = form["reporter_name"]

        phone = to_e164(form["reporter_phone"][:32])
        if not form["reporter_phone"]:
            errors["reporter_phone"] = request.env._(
                "Give a WhatsApp number so that SAPA can reach you."
            )
        elif not phone:
            errors["reporter_phone"] = request.env._(
                "This is not a valid phone number. Example: 0812-3456-7890."
            )
        else:
            vals["reporter_phone"] = phone

        description = form["description"]
        if len(description) < DESCRIPTION_MIN:
            errors["description"] = request.env._(
                "Tell us briefly what happened (at least %s characters).", DESCRIPTION_MIN
            )
        elif len(description) > DESCRIPTION_MAX:
            errors["description"] = request.env._(
                "The story is too long (at most %s characters). You can attach a document.",
                DESCRIPTION_MAX,
            )
        else:
            vals["description"] = description

        if form["incident_date"]:
            try:
                incident_date = date.fromisoformat(form["incident_date"])
            except ValueError:
                errors["incident_date"] = request.env._("Give the date as day, month and year.")
            else:
                # Indonesia is ahead of UTC: allow "today" there.
                if incident_date > request.env.company._sapa_today() + timedelta(days=1):
                    errors["incident_date"] = request.env._("The date cannot be in the future.")
                elif incident_date.year < 1900:
                    errors["incident_date"] = request.env._("Give the date as day, month and year.")
                else:
                    vals["incident_date"] = incident_date

        self._validate_areas(form, vals, errors)
        self._validate_victim(form, vals, errors)

        vals["in_danger"] = form["in_danger"] == "yes"
        vals["consent_contact"] = form["consent_contact"]
        if form["consent_data"]:
            vals["consent_data"] = True
        else:
            errors["consent_data"] = request.env._(
                "SAPA can only handle your report if you agree to the use of its data."
            )

        files = self._validate_files(errors)
        return errors, vals, files

    def _validate_areas(self, form, vals, errors):
        """Province, then kabupaten/kota, kecamatan and desa/kelurahan, each one
        inside the one above. Master data the public may see, read with sudo
        through domains (never a bare browse of a posted id)."""
        province = self._provinces().filtered(lambda s: s.id == to_int(form["state_id"]))
        if not province:
            errors["state_id"] = request.env._("Choose the province.")
            return
        vals["state_id"] = province.id

        regency_sudo = self._area("regency", form["regency_id"], state_id=province.id)
        if form["regency_id"] and not regency_sudo:
            errors["regency_id"] = request.env._("Choose a kabupaten/kota of this province.")
            return
        if not regency_sudo:
            if self._areas("regency", province.id, limit=1):
                errors["regency_id"] = request.env._("Choose the kabupaten/kota.")
            elif form["district_id"] or form["village_id"]:
                errors["regency_id"] = request.env._("Choose the kabupaten/kota first.")
            return
        vals["regency_id"] = regency_sudo.id

        district_sudo = self._area("district", form["district_id"], parent_id=regency_sudo.id)
        if form["district_id"] and not district_sudo:
            errors["district_id"] = request.env._("Choose a kecamatan of this kabupaten/kota.")
            return
        if not district_sudo:
            if form["village_id"]:
                errors["district_id"] = request.env._("Choose the kecamatan first.")
            return
        vals["district_id"] = district_sudo.id

        village_sudo = self._area("village", form["village_id"], parent_id=district_sudo.id)
        if form["village_id"] and not village_sudo:
            errors["village_id"] = request.env._("Choose a desa/kelurahan of this kecamatan.")
            return
        if village_sudo:
            vals["village_id"] = village_sudo.id

    def _validate_victim(self, form, vals, errors):
        type_ids = [to_int(value) for value in form["violence_type_ids"] if value]
        if type_ids:
            types_sudo = request.env["sapa.violence.type"].sudo().search(
                [("id", "in", [i for i in type_ids if i])]
            )
            if None in type_ids or len(types_sudo) != len(set(type_ids)):
                errors["violence_type_ids"] = request.env._(
                    "Choose the types of violence from the list."
                )
            else:
                vals["violence_type_ids"] = [Command.set(types_sudo.ids)]

        if form["victim_age_band_id"]:
            band_sudo = request.env["sapa.age.band"].sudo().search(
                [("id", "=", to_int(form["victim_age_band_id"]) or 0)]
            )
            if band_sudo:
                vals["victim_age_band_id"] = band_sudo.id
            else:
                errors["victim_age_band_id"] = request.env._("Choose the age group from the list.")

        if form["victim_sex"] in VICTIM_SEXES:
            vals["victim_sex"] = form["victim_sex"]
        elif form["victim_sex"]:
            errors["victim_sex"] = request.env._("Choose the sex from the list.")

    def _validate_files(self, errors):
        """Evidence: at most MAX_FILES files of MAX_FILE_SIZE each, of an accepted
        kind recognised by its content. Returns [(name, kind, content)]."""
        uploads = [f for f in request.httprequest.files.getlist("attachment") if f.filename]
        if len(uploads) > evidence.MAX_FILES:
            errors["attachment"] = request.env._("Attach at most %s files.", evidence.MAX_FILES)
            return []
        files, problems = [], []
        for upload in uploads:
            content = upload.read(evidence.MAX_FILE_SIZE + 1)
            if len(content) > evidence.MAX_FILE_SIZE:
                problems.append(
                    request.env._(
                        "%(file)s is larger than %(size)s MB.",
                        file=upload.filename,
                        size=evidence.MAX_FILE_SIZE // (1024 * 1024),
                    )
                )
                continue
            if not content:
                problems.append(request.env._("%s is empty.", upload.filename))
                continue
            kind = evidence.check(upload.filename, content[:32])
            if not kind:
                problems.append(
                    request.env._(
                        "%s is not a photo (JPEG, PNG), a PDF document, a video (MP4) or a "
                        "sound recording (M4A, MP3, OGG), or its name does not match its "
                        "content.",
                        upload.filename,
                    )
                )
                continue
            files.append((evidence.clean_filename(upload.filename, kind), kind, content))
        if problems:
            errors["attachment"] = " ".join(problems)
        return files

    # ------------------------------------------------------------------
    # Creating the complaint
    # ------------------------------------------------------------------
    def _create_complaint(self, vals, files):
        """Create the complaint from the checked values only, then its evidence."""
        user = request.env.user
        vals = dict(vals, company_id=request.website.company_id.id)
        if not user._is_public():
            vals["partner_id"] = user.partner_id.id
        complaint_sudo = (
            request.env["sapa.complaint"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(vals)
        )
        if files:
            attachments_sudo = request.env["ir.attachment"].sudo().create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "mimetype": evidence.KINDS[kind][0],
                        "res_model": "sapa.complaint",
                        "res_id": complaint_sudo.id,
                        "public": False,
                    }
                    for name, kind, content in files
                ]
            )
            complaint_sudo.attachment_ids = [Command.set(attachments_sudo.ids)]
        complaint_sudo._notify_sapa_admins()
        return complaint_sudo

    # ------------------------------------------------------------------
    # Rendering
    # ------------------------------------------------------------------
    def _layout_values(self):
        return {"quick_exit_url": quick_exit_url()}

    def _default_state(self):
        state = request.website.company_id.state_id
        return state if state.country_id.code == "ID" else request.env["res.country.state"]

    def _provinces(self):
        return request.env["res.country.state"].search([("country_id.code", "=", "ID")])

    def _areas(self, level, parent_id, limit=None):
        if level not in ("regency", "district", "village") or not parent_id:
            return request.env["sapa.area"].sudo().browse()
        parent_field = "state_id" if level == "regency" else "parent_id"
        return request.env["sapa.area"].sudo().search(
            [("level", "=", level), (parent_field, "=", parent_id)], limit=limit
        )

    def _area(self, level, value, **parents):
        area_id = to_int(value)
        if not area_id:
            return request.env["sapa.area"].sudo().browse()
        domain = [("id", "=", area_id), ("level", "=", level)]
        domain += [(field, "=", parent) for field, parent in parents.items()]
        return request.env["sapa.area"].sudo().search(domain, limit=1)

    def _render_form(self, form, errors):
        regencies_sudo = self._areas("regency", to_int(form.get("state_id")))
        regency_id = to_int(form.get("regency_id"))
        district_id = to_int(form.get("district_id"))
        districts_sudo = self._areas(
            "district", regency_id if regency_id in regencies_sudo.ids else None
        )
        villages_sudo = self._areas(
            "village", district_id if district_id in districts_sudo.ids else None
        )
        values = self._layout_values()
        values.update(
            form=form,
            errors=errors,
            provinces=self._provinces(),
            regencies=regencies_sudo,
            districts=districts_sudo,
            villages=villages_sudo,
            violence_types=request.env["sapa.violence.type"].sudo().search([]),
            age_bands=request.env["sapa.age.band"].sudo().search([]),
            honeypot_field=HONEYPOT_FIELD,
            attachment_help=request.env._(
                "Up to %(count)s files of %(size)s MB each: photos (JPEG, PNG), PDF documents, "
                "videos (MP4) or sound recordings (M4A, MP3, OGG).",
                count=evidence.MAX_FILES,
                size=evidence.MAX_FILE_SIZE // (1024 * 1024),
            ),
            accept=evidence.ACCEPT_ATTRIBUTE,
            date_max=fields.Date.to_string(request.env.company._sapa_today() + timedelta(days=1)),
            # Browsers cannot refill a file input: say so when files were sent.
            files_dropped=bool(errors)
            and any(f.filename for f in request.httprequest.files.getlist("attachment")),
        )
        response = request.render("sapa_portal.complaint_form_page", values)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _render_status(self, values):
        values = dict(self._layout_values(), **values)
        response = request.render("sapa_portal.complaint_status_page", values)
        response.headers["Cache-Control"] = "no-store"
        return response
