import base64
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.date_id import format_date_id, format_datetime_id

VERIFICATION_ROUTE = "/sapa/verifikasi"

# Letters are Indonesian documents whatever the user's language: the values of
# selection fields they print, in the words of an official letter.
LETTER_LABELS_ID = {
    "channel": {
        "online": "Formulir daring",
        "hotline": "Telepon (hotline)",
        "whatsapp": "WhatsApp",
        "walk_in": "Datang langsung",
        "lapor": "LAPOR!",
        "institution": "Rujukan lembaga lain",
    },
    "role": {
        "subcoordinator": "Sub Koordinator",
        "counselor": "Konselor / Konsultan",
        "head_division": "Kepala Bidang",
    },
    "activity_type": {
        "home_visit": "Kunjungan rumah",
        "mediation": "Mediasi",
        "advocacy": "Advokasi",
        "accompaniment": "Pendampingan",
        "assessment": "Asesmen",
    },
    "decision": {
        "refer": "Dirujuk ke lembaga layanan lain",
        "no_referral": "Tidak memerlukan rujukan",
    },
    "sex": {"female": "Perempuan", "male": "Laki-laki"},
}


# Signed letters the Admin files, and so sees and prints (from the stored PDF)
# although it may not print them from the case: the final report.
ADMIN_FILED_LETTERS = ("final_report",)


def _new_verification_code():
    # 24 random bytes: 192 bits, 32 URL-safe characters. Guessing is impractical.
    return secrets.token_urlsafe(24)


class SapaLetter(models.Model):
    """One official letter issued by SAPA: numbered once, signed, stored as PDF,
    verifiable by anyone through the QR code printed on it.

    API for the workflows of every SAPA module::

        letter = self.env["sapa.letter"]._issue(record, type_code, signatory_user)

    * ``record``: the document the letter belongs to (one record of the model of
      the letter type's report: ``sapa.complaint``, ``sapa.case``,
      ``sapa.referral``...).
    * ``type_code``: ``code`` of a ``sapa.letter.type`` (``receipt``,
      ``assignment``, ``outreach_report``, ``final_report``; ``sapa_referral``
      adds its own).
    * ``signatory_user``: the ``res.users`` who signs; name, position
      (``sapa_position``) and NIP (``sapa_nip``) are copied on the letter, so a
      later change of the user does not change a signed letter.
    * optional ``date`` (default: today).

    It checks that the current user may print that letter for that record
    (report groups and record rules: call it as the user, not as superuser),
    refuses a second letter of the same type for the same record, draws the
    number from the type's sequence, renders the type's report as the current
    user and stores the result as an attachment of the letter. It returns the
    letter (in the caller's environment). Call it from the workflow action that
    signs the document, after that action's own role and state checks.

    A report becomes a SAPA letter by calling ``sapa_case.letter_layout`` inside
    ``web.html_container`` with ``doc``, ``letter_type_code`` and ``letter_title``
    set: the layout prints the letterhead, the number (or a DRAFT / KONSEP
    watermark while no letter is issued), the signature block and the QR code.
    Its ``report.<module>.<template>`` model should inherit ``sapa.letter.report``.
    """

    _name = "sapa.letter"
    _description = "SAPA Letter"
    _order = "date desc, id desc"

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, index=True, sapa_class="public"
    )
    letter_type_id = fields.Many2one(
        "sapa.letter.type", string="Letter type", required=True, readonly=True,
        ondelete="restrict", index=True,
        sapa_class="public",
    )
    date = fields.Date(required=True, readonly=True, sapa_class="public")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, sapa_class="workflow"
    )
    res_model = fields.Char(
        string="Document model", required=True, readonly=True, index=True, sapa_class="workflow"
    )
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, readonly=True, index=True,
        sapa_class="workflow",
    )
    document_name = fields.Char(string="Document", readonly=True, sapa_class="workflow")
    case_id = fields.Many2one(
        "sapa.case", readonly=True, index="btree_not_null", ondelete="restrict",
        sapa_class="workflow",
    )
    signatory_id = fields.Many2one(
        "res.users", string="Signed by", readonly=True, sapa_class="workflow"
    )
    signatory_name = fields.Char(string="Signatory name", readonly=True, sapa_class="public")
    signatory_position = fields.Char(
        string="Signatory position", readonly=True, sapa_class="public"
    )
    signatory_nip = fields.Char(string="Signatory NIP", readonly=True, sapa_class="workflow")
    signatory_rank = fields.Char(
        string="Signatory pangkat / golongan", readonly=True, sapa_class="workflow"
    )
    # "Mengetahui": the official who acknowledges the letter under the signatory's
    # (the Kepala Bidang on the final report), frozen like the signatory.
    acknowledger_id = fields.Many2one(
        "res.users", string="Acknowledged by", readonly=True, sapa_class="workflow"
    )
    acknowledger_name = fields.Char(readonly=True, sapa_class="workflow")
    acknowledger_position = fields.Char(readonly=True, sapa_class="workflow")
    acknowledger_rank = fields.Char(readonly=True, sapa_class="workflow")
    acknowledger_nip = fields.Char(readonly=True, sapa_class="workflow")
    # The address the QR code opens, as it was when the letter was signed: a
    # later change of the server's or the company's address keeps it.
    verification_base_url = fields.Char(readonly=True, sapa_class="workflow")
    attachment_id = fields.Many2one(
        "ir.attachment", string="Stored letter", readonly=True, sapa_class="workflow"
    )
    verification_code = fields.Char(
        required=True, readonly=True, copy=False, default=lambda self: _new_verification_code(),
        sapa_class="public",
    )
    verification_url = fields.Char(compute="_compute_verification_url", sapa_class="public")

    _sql_constraints = [
        ("verification_code_unique", "UNIQUE(verification_code)",
         "A verification code identifies one letter."),
        ("name_unique", "UNIQUE(company_id, name)", "A letter number never repeats."),
        ("document_unique", "UNIQUE(letter_type_id, res_model, res_id)",
         "A document has at most one letter of each type."),
    ]

    @api.depends("verification_code", "verification_base_url")
    def _compute_verification_url(self):
        for letter in self:
            base_url = letter.verification_base_url or letter.get_base_url().rstrip("/")
            letter.verification_url = letter.verification_code and (
                f"{base_url}{VERIFICATION_ROUTE}/{letter.verification_code}"
            )

    @api.depends("name", "letter_type_id")
    def _compute_display_name(self):
        for letter in self:
            letter.display_name = f"{letter.letter_type_id.name} {letter.name}"

    # ------------------------------------------------------------------
    # Issuing
    # ------------------------------------------------------------------
    @api.model
    def _issue(self, record, type_code, signatory_user, date=None, acknowledger_user=None):
        """Number, render and store the letter ``type_code`` of ``record``, signed
        by ``signatory_user`` (and acknowledged, "Mengetahui", by
        ``acknowledger_user`` if given); return it. See the class docstring."""
        record.ensure_one()
        signatory_user.ensure_one()
        letter_type_sudo = self.env["sapa.letter.type"]._get_by_code(type_code)
        report_sudo = letter_type_sudo.report_id.sudo()
        if report_sudo.model != record._name:
            raise UserError(
                _("A %(type)s is printed from %(model)s, not from %(document)s.",
                  type=letter_type_sudo.name, model=report_sudo.model, document=record._name)
            )
        self._check_print_access(report_sudo, record)
        existing_sudo = self._get_issued(record, letter_type_sudo)
        if existing_sudo:
            raise UserError(
                _("%(type)s of %(document)s was already issued with number %(number)s.",
                  type=letter_type_sudo.name, document=record.display_name,
                  number=existing_sudo.name)
            )
        company = self._document_company(record)
        date = date or company._sapa_today()
        signatory_sudo = signatory_user.sudo()
        acknowledger_sudo = (acknowledger_user or self.env["res.users"]).sudo()
        letter_sudo = self.sudo().create({
            "letter_type_id": letter_type_sudo.id,
            "name": letter_type_sudo._next_number(date),
            "date": date,
            "company_id": company.id,
            "res_model": record._name,
            "res_id": record.id,
            "document_name": record.display_name,
            "case_id": self._document_case(record).id,
            "signatory_id": signatory_sudo.id,
            "signatory_name": signatory_sudo.name,
            "signatory_position": signatory_sudo.sapa_position,
            "signatory_nip": signatory_sudo.sapa_nip,
            "signatory_rank": signatory_sudo.sapa_rank,
            "acknowledger_id": acknowledger_sudo.id,
            "acknowledger_name": acknowledger_sudo.name,
            "acknowledger_position": acknowledger_sudo.sapa_position,
            "acknowledger_rank": acknowledger_sudo.sapa_rank,
            "acknowledger_nip": acknowledger_sudo.sapa_nip,
            "verification_base_url": company.sudo()._sapa_letter_base_url(),
        })
        # Rendered as the current user (record rules apply), once the number exists.
        content, content_type = self.env["ir.actions.report"].with_context(
            report_pdf_no_attachment=True
        )._render_qweb_pdf(report_sudo.id, [record.id])
        # Under Odoo's test mode the report engine returns HTML instead of PDF
        # (unless the context has force_report_rendering): store what it gave.
        is_pdf = content_type == "pdf"
        file_name = f"{letter_type_sudo.name} {letter_sudo.name.replace('/', '-')}"
        attachment_sudo = self.env["ir.attachment"].sudo().create({
            "name": f"{file_name}.{'pdf' if is_pdf else 'html'}",
            "raw": content,
            "mimetype": "application/pdf" if is_pdf else "text/html",
            "res_model": self._name,
            "res_id": letter_sudo.id,
        })
        letter_sudo.attachment_id = attachment_sudo
        return self.browse(letter_sudo.id)

    @api.model
    def _check_print_access(self, report, records):
        """Raise AccessError unless the current user may print ``report`` for
        ``records``: one of the report's groups, and read access to the records."""
        if self.env.su:
            return
        report_sudo = report.sudo()
        if report_sudo.groups_id and not report_sudo.groups_id & self.env.user.groups_id:
            raise AccessError(_("You are not allowed to print %s.", report_sudo.name))
        records.with_env(self.env).check_access("read")

    @api.model
    def _check_stored_print_access(self, report, records, letter_sudo):
        """Like _check_print_access, for printing the stored PDF of ``letter_sudo``:
        the Admin also prints the signed letters it files (the final report),
        which it may not render from the case."""
        if (
            letter_sudo.letter_type_id.code in ADMIN_FILED_LETTERS
            and self.env.user.has_group("sapa_case.group_sapa_admin")
        ):
            records.with_env(self.env).check_access("read")
            return
        self._check_print_access(report, records)

    @api.model
    def _get_issued(self, record, letter_type):
        """The letter of ``letter_type`` (record or code) issued for ``record``, as
        superuser (empty if none): only for callers that checked access."""
        if isinstance(letter_type, str):
            letter_type = self.env["sapa.letter.type"]._get_by_code(letter_type)
        if not record.id:
            return self.sudo().browse()
        return self.sudo().search([
            ("letter_type_id", "=", letter_type.id),
            ("res_model", "=", record._name),
            ("res_id", "=", record.id),
        ], limit=1)

    @api.model
    def _document_company(self, record):
        company = record.company_id if "company_id" in record._fields else False
        return company or self.env.company

    @api.model
    def _document_case(self, record):
        if record._name == "sapa.case":
            return record
        field = record._fields.get("case_id")
        if field is not None and field.comodel_name == "sapa.case":
            return record.case_id
        return self.env["sapa.case"]

    # ------------------------------------------------------------------
    # Rendering helpers (used by sapa_case.letter_layout and the templates)
    # ------------------------------------------------------------------
    @api.model
    def _prepare_letter_values(self, doc, letter_type_code, draft_signatory=None,
                               draft_acknowledger=None):
        """What the letter layout prints around a letter's body: the issued letter's
        frozen number, date, signatory (and acknowledger), or the draft values."""
        letter_type_sudo = self.env["sapa.letter.type"]._get_by_code(letter_type_code)
        letter_sudo = self._get_issued(doc, letter_type_sudo)
        company = self._document_company(doc)
        if letter_sudo:
            signatory = letter_sudo._frozen_person("signatory")
            acknowledger = letter_sudo._frozen_person("acknowledger")
        else:
            signatory = self._person_values(draft_signatory)
            acknowledger = self._person_values(draft_acknowledger)
        place = company.city or ""
        date_text = format_date_id(letter_sudo.date) or "........................"
        return {
            "letter": letter_sudo,
            "letter_type": letter_type_sudo,
            "is_draft": not letter_sudo,
            "number": letter_sudo.name,
            "company": company,
            "place_date": f"{place}, {date_text}" if place else date_text,
            "signatory": signatory,
            "acknowledger": acknowledger if acknowledger["name"] else False,
            "verification_url": letter_sudo.verification_url,
            "qr_src": letter_sudo._qr_data_uri() if letter_sudo else False,
        }

    def _frozen_person(self, prefix):
        """Name, position, rank and NIP of the signatory or acknowledger, as frozen
        on the letter."""
        self.ensure_one()
        return {key: self[f"{prefix}_{key}"] for key in ("name", "position", "rank", "nip")}

    @api.model
    def _person_values(self, user):
        """Name, position, rank and NIP of a user, for a draft's signature block."""
        user_sudo = (user or self.env["res.users"]).sudo()
        return {
            "name": user_sudo.name,
            "position": user_sudo.sapa_position,
            "rank": user_sudo.sapa_rank,
            "nip": user_sudo.sapa_nip,
        }

    def _qr_data_uri(self):
        """The QR code of the verification page, inline (no request back to the
        server while wkhtmltopdf renders)."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self.verification_url, width=240, height=240, barLevel="M"
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()

    @api.model
    def _format_datetime_id(self, value, company=None):
        """A stored (UTC) datetime in the Dinas' time zone, written the Indonesian
        way: '29 November 2026 pukul 14.05 WIB' (the same for every reader)."""
        if not value:
            return ""
        company = company or self.env.company
        return format_datetime_id(company._sapa_localize(value), company.sapa_tz)

    @api.model
    def _label_id(self, record, field_name):
        """The Indonesian wording of a selection value for a letter."""
        value = record[field_name]
        label = LETTER_LABELS_ID.get(field_name, {}).get(value)
        if label:
            return label
        selection = dict(record._fields[field_name]._description_selection(self.env))
        return selection.get(value, value or "")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(_("Letter %s has no stored document.", self.name))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "self",
        }

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
