from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.sapa_case.utils.date_id import format_date_id  # pylint: disable=import-error
from odoo.addons.sapa_case.utils.parsing import to_int  # pylint: disable=import-error
from odoo.addons.sapa_case.utils.secret import (  # pylint: disable=import-error
    hash_secret,
    is_candidate,
    new_secret,
    secret_matches,
)
from odoo.exceptions import UserError, ValidationError

STATES = [
    ("draft", "Draft"),
    ("to_sign", "Waiting for signature"),
    ("sent", "Sent"),
    ("received", "Received"),
    ("done", "Service given"),
    ("declined", "Declined"),
    ("closed", "Closed"),
]

# What the letter says: frozen once the referral is submitted for signature.
LETTER_FIELDS = {
    "case_id", "provider_id", "service_type_ids", "reason", "attachment_ids", "legal_basis",
}
# Why the case documents may leave the Dinas with the referral: the reporter's
# consent, or a law that obliges the handling services to share them.
LEGAL_BASES = [
    ("consent", "Consent of the reporter to the use of the data"),
    ("tpks", "UU 12/2022 on Sexual Violence Crimes (TPKS): the victim's right to handling"),
    ("child_protection", "UU 35/2014 on Child Protection: special protection of the child"),
]
# The same, in the words of the letter (an Indonesian document in any language).
LEGAL_BASES_ID = {
    "consent": "Persetujuan pelapor atas penggunaan data",
    "tpks": "Undang-Undang Nomor 12 Tahun 2022 tentang Tindak Pidana Kekerasan Seksual",
    "child_protection": "Undang-Undang Nomor 35 Tahun 2014 tentang Perlindungan Anak",
}
# The provider's answer: written while the referral is with the provider.
ANSWER_FIELDS = {"service_report", "decline_reason"}
ANSWER_STATES = ("sent", "received")

SIGN_ACTIVITY = "sapa_referral.mail_activity_type_sapa_referral_sign"
REMINDER_ACTIVITY = "sapa_referral.mail_activity_type_sapa_referral_reminder"
# A referral is prepared while the case is at one of these steps.
CASE_STEPS = ("referral", "monitoring")

# Settings (ir.config_parameter) and their defaults.
PARAM_CONFIRMATION_DAYS = "sapa_referral.confirmation_days"
PARAM_LINK_VALIDITY_DAYS = "sapa_referral.link_validity_days"
DEFAULT_CONFIRMATION_DAYS = 7
DEFAULT_LINK_VALIDITY_DAYS = 30

# The provider's free-text answers are cut to this length.
ANSWER_MAX_LENGTH = 4000
# Random bytes of a link token (43 characters); anything much longer is not ours.
TOKEN_BYTES = 32
TOKEN_MAX_LENGTH = 128


class SapaReferral(models.Model):
    """Referral of a case to a service provider: a letter signed by Kepala Dinas,
    sent with the chosen case documents, and answered by the provider through a
    secure link."""

    _name = "sapa.referral"
    _description = "SAPA Referral"
    # Reading a referral's confidential fields is logged as a read of its case.
    _inherit = ["sapa.mail.thread", "mail.activity.mixin", "sapa.access.log.mixin"]
    _order = "id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True,
        sapa_class="workflow",
    )
    case_id = fields.Many2one(
        "sapa.case",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('step', 'in', ('referral', 'monitoring'))]",
        sapa_class="staff",
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, sapa_class="staff"
    )
    user_id = fields.Many2one(related="case_id.user_id", string="Case manager", sapa_class="staff")
    case_is_urgent = fields.Boolean(
        related="case_id.is_urgent", string="Urgent case", sapa_class="workflow"
    )
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, copy=False, tracking=True,
        index=True,
        sapa_class="workflow",
    )
    provider_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('is_sapa_provider', '=', True)]",
        sapa_class="staff",
    )
    provider_service_type_ids = fields.Many2many(
        related="provider_id.sapa_service_type_ids", string="Services of the provider",
        sapa_class="workflow",
    )
    service_type_ids = fields.Many2many(
        "sapa.service.type",
        "sapa_referral_service_type_rel",
        "referral_id",
        "service_type_id",
        string="Services requested",
        tracking=True,
        domain="[('id', 'in', provider_service_type_ids)]",
        sapa_class="staff",
    )
    reason = fields.Text(
        help="Written in the referral letter: the provider reads it. "
        "Internal remarks belong in the internal note.",
        sapa_class="confidential",
    )
    note = fields.Text(
        string="Internal note", help="Never shown to the provider.", sapa_class="confidential"
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "sapa_referral_ir_attachment_rel",
        "referral_id",
        "attachment_id",
        string="Case documents",
        domain="[('res_model', '=', 'sapa.case'), ('res_id', '=', case_id)]",
        help="Documents of the case sent to the provider with the letter.",
        sapa_class="confidential",
    )
    legal_basis = fields.Selection(
        LEGAL_BASES,
        string="Basis for sharing documents",
        compute="_compute_legal_basis",
        store=True,
        readonly=False,
        help="Case documents are shared only with the reporter's consent, or on a legal "
        "basis recorded here; it is printed on the letter.",
        sapa_class="staff",
    )

    # The letter (fixed by the signature): a SAPA letter of type 'referral',
    # whose number, date and stored PDF are copied here when it is issued.
    letter_id = fields.Many2one(
        "sapa.letter", readonly=True, copy=False, index="btree_not_null",
        sapa_class="workflow",
    )
    letter_number = fields.Char(
        readonly=True, copy=False, tracking=True, index="btree_not_null", sapa_class="workflow"
    )
    letter_date = fields.Date(readonly=True, copy=False, sapa_class="workflow")
    signed_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True, sapa_class="workflow"
    )
    signed_date = fields.Datetime(readonly=True, copy=False, sapa_class="workflow")
    letter_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed letter", readonly=True, copy=False,
        sapa_class="workflow",
    )

    # With the provider
    date_sent = fields.Datetime(
        string="Sent on", readonly=True, copy=False, index=True, sapa_class="workflow"
    )
    date_received = fields.Datetime(
        string="Receipt confirmed on", readonly=True, copy=False, sapa_class="workflow"
    )
    date_done = fields.Datetime(
        string="Service reported on", readonly=True, copy=False, sapa_class="workflow"
    )
    date_declined = fields.Datetime(
        string="Declined on", readonly=True, copy=False, sapa_class="workflow"
    )
    service_report = fields.Text(
        string="Service given", copy=False, tracking=True, sapa_class="confidential"
    )
    decline_reason = fields.Text(copy=False, tracking=True, sapa_class="confidential")
    # Only the SHA-256 of the provider's link token is kept: nobody, staff
    # included, can rebuild the link from the database.
    access_token_hash = fields.Char(
        string="Link token (SHA-256)",
        copy=False,
        groups=".",
        index="btree_not_null",
        sapa_class="secret",
    )
    access_token_expiry = fields.Datetime(
        string="Link valid until", readonly=True, copy=False, sapa_class="workflow"
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Sent, and the provider has not confirmed receipt within the allowed days.",
        sapa_class="workflow",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.model
    def _get_int_param(self, key, default):
        """A number of days from a system parameter: 0 to 10 years, else ``default``."""
        value = self.env["ir.config_parameter"].sudo().get_param(key, default)
        return to_int(value, default, minimum=0, maximum=3650)

    @api.model
    def _overdue_limit(self):
        days = self._get_int_param(PARAM_CONFIRMATION_DAYS, DEFAULT_CONFIRMATION_DAYS)
        return fields.Datetime.now() - timedelta(days=days)

    @api.depends("state", "date_sent")
    def _compute_is_overdue(self):
        limit = self._overdue_limit()
        for referral in self:
            referral.is_overdue = bool(
                referral.state == "sent" and referral.date_sent and referral.date_sent < limit
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on overdue referrals."))
        domain = [("state", "=", "sent"), ("date_sent", "<", self._overdue_limit())]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.depends("case_id")
    def _compute_legal_basis(self):
        for referral in self:
            if not referral.legal_basis and referral.case_id.consent_data:
                referral.legal_basis = "consent"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("attachment_ids", "case_id")
    def _check_attachments_of_case(self):
        for referral in self:
            foreign = referral.attachment_ids.sudo().filtered(
                lambda att, case=referral.case_id: (att.res_model, att.res_id)
                != ("sapa.case", case.id)
            )
            if foreign:
                # Counted, not named: the user may not read those files.
                raise ValidationError(
                    _(
                        "Referral %(referral)s may send only documents of case %(case)s: "
                        "%(count)s of the chosen documents belong elsewhere.",
                        referral=referral.name,
                        case=referral.case_id.name,
                        count=len(foreign),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        company_ids = []
        for vals in vals_list:
            # The caller's own values first: the reference is SAPA's (the state and
            # the letter fields are 'workflow' fields, see sapa_case's base.py).
            self._sapa_check_writable(vals)
            case = self.env["sapa.case"].browse(vals.get("case_id"))
            if case and case.step not in CASE_STEPS:
                raise UserError(
                    _(
                        "Case %(case)s is at '%(stage)s': referrals are prepared once "
                        "Kepala Dinas has decided to refer the case.",
                        case=case.name,
                        stage=case.stage_id.name,
                    )
                )
            company_ids.append(case.company_id.id)
        # A referral is numbered in its case's company.
        self.env["ir.sequence"]._sapa_assign_names("sapa.referral", vals_list, company_ids)
        referrals = super(SapaReferral, self._sapa_as_workflow()).create(vals_list)
        return referrals.with_env(self.env)

    def write(self, vals):
        if not self.env.su:
            if LETTER_FIELDS.intersection(vals) and any(r.state != "draft" for r in self):
                raise UserError(
                    _(
                        "The referral letter has been submitted for signature: its content "
                        "can no longer change. Kepala Dinas can send it back to draft "
                        "before signing."
                    )
                )
            if ANSWER_FIELDS.intersection(vals) and any(
                r.state not in ANSWER_STATES for r in self
            ):
                raise UserError(
                    _("The provider's answer is recorded while the referral is with them.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(referral.state != "draft" for referral in self):
            raise UserError(_("Only draft referrals can be deleted."))

    # ------------------------------------------------------------------
    # Checks shared by the actions. Every action re-checks role and state:
    # any public method is callable over RPC.
    # ------------------------------------------------------------------
    def _check_role(self, group_xmlid, what):
        if not self.env.user.has_group(group_xmlid):
            group = self.env.ref(group_xmlid)
            raise UserError(_("Only %(role)s may %(what)s.", role=group.name, what=what))

    def _check_state(self, *states):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for referral in self:
            if referral.state not in states:
                raise UserError(
                    _(
                        "Referral %(referral)s is '%(state)s': this action does not apply.",
                        referral=referral.name,
                        state=labels[referral.state],
                    )
                )

    def _missing_for_letter(self):
        """What the referral lacks before its letter can be signed and sent."""
        self.ensure_one()
        missing = []
        if self.case_id.step not in CASE_STEPS:
            missing.append(_("a case decided for referral by Kepala Dinas"))
        if not self.provider_id.email:
            missing.append(_("an e-mail address of the provider %s", self.provider_id.name))
        if not self.service_type_ids:
            missing.append(_("the services requested"))
        not_offered = self.service_type_ids - self.provider_id.sapa_service_type_ids
        if not_offered:
            missing.append(
                _(
                    "services the provider gives (%(provider)s does not give: %(services)s)",
                    provider=self.provider_id.name,
                    services=", ".join(not_offered.mapped("name")),
                )
            )
        if not (self.reason or "").strip():
            missing.append(_("the reason for the referral"))
        missing.extend(self._missing_for_sharing())
        return missing

    def _legal_basis_id(self):
        """The basis for sharing, in the words of the (Indonesian) letter."""
        self.ensure_one()
        return LEGAL_BASES_ID.get(self.legal_basis, "")

    def _missing_for_sharing(self):
        """Case documents leave the Dinas only with the reporter's consent or a
        recorded legal basis (UU TPKS, UU Perlindungan Anak)."""
        self.ensure_one()
        if not self.attachment_ids:
            return []
        if not self.legal_basis:
            return [_("the basis for sharing the case documents (consent or a law)")]
        if self.legal_basis == "consent" and not self.case_id.sudo().consent_data:
            return [_("the reporter's consent to share the case documents, or another legal "
                      "basis")]
        return []

    def _check_letter_complete(self):
        for referral in self:
            missing = referral._missing_for_letter()
            if missing:
                raise UserError(
                    _(
                        "Referral %(referral)s is not complete. Missing:\n%(missing)s",
                        referral=referral.name,
                        missing="\n".join(f"- {item}" for item in missing),
                    )
                )

    # ------------------------------------------------------------------
    # Actions of the staff
    # ------------------------------------------------------------------
    def action_submit_for_signature(self):
        """Sub Koordinator: ask Kepala Dinas to sign the letter (activity)."""
        self._check_role("sapa_case.group_sapa_subcoordinator", _("submit a referral"))
        self._check_state("draft")
        self._check_letter_complete()
        for referral in self:
            referral.sudo().write({"state": "to_sign"})
            referral._schedule_signature_activity()
        return True

    def action_send_back_to_draft(self):
        """Kepala Dinas: return the letter to the Sub Koordinator unsigned."""
        self._check_role("sapa_case.group_sapa_head_agency", _("send a referral back"))
        self._check_state("to_sign")
        for referral in self:
            referral.sudo().write({"state": "draft"})
            referral.activity_unlink([SIGN_ACTIVITY])
            referral.message_post(
                body=_("Sent back to draft without signature."), subtype_xmlid="mail.mt_note"
            )
        return True

    def action_sign(self):
        """Kepala Dinas: sign the letter; it is numbered, stored as PDF and sent."""
        self._check_role("sapa_case.group_sapa_head_agency", _("sign a referral letter"))
        self._check_state("to_sign")
        self._check_letter_complete()
        for referral in self:
            referral.sudo().write(
                {"signed_by_id": self.env.uid, "signed_date": fields.Datetime.now()}
            )
            referral._issue_referral_letter()
            referral.activity_feedback(
                [SIGN_ACTIVITY], feedback=_("Signed: letter %s.", referral.letter_number)
            )
            referral._send_to_provider()
        return True

    # Signing through its activity ("Mark Done", see sapa_case's mail_activity.py)
    def _sapa_waiting_approval(self, activity):
        self.ensure_one()
        # Not once signed: action_sign closes the activity itself after signing.
        return (
            self.state == "to_sign" and not self.signed_by_id
        ) and activity.activity_type_id == self.env.ref(
            SIGN_ACTIVITY, raise_if_not_found=False
        )

    def _sapa_approve_from_activity(self, activity, feedback):
        return self.action_sign()

    def action_resend(self):
        """Sub Koordinator: send the letter again with a new link (the old one
        stops working), e.g. when the link expired or the e-mail was lost."""
        self._check_role("sapa_case.group_sapa_subcoordinator", _("resend a referral"))
        self._check_state(*ANSWER_STATES)
        for referral in self:
            referral._send_to_provider()
        return True

    def action_mark_received(self):
        """Sub Koordinator: the provider confirmed receipt another way (phone, letter)."""
        self._check_role("sapa_case.group_sapa_subcoordinator", _("record a receipt"))
        self._check_state("sent")
        for referral in self:
            referral._set_received()
        return True

    def action_mark_done(self):
        self._check_role("sapa_case.group_sapa_subcoordinator", _("record the service given"))
        self._check_state("received")
        for referral in self:
            referral._set_done()
        return True

    def action_mark_declined(self):
        self._check_role("sapa_case.group_sapa_subcoordinator", _("record a refusal"))
        self._check_state(*ANSWER_STATES)
        for referral in self:
            if not (referral.decline_reason or "").strip():
                raise UserError(_("Write why the provider declined the referral."))
            referral._set_declined()
        return True

    def action_close(self):
        self._check_role("sapa_case.group_sapa_subcoordinator", _("close a referral"))
        self._check_state("done", "declined")
        self.sudo().write({"state": "closed"})
        return True

    def action_view_case(self):
        self.ensure_one()
        return self.case_id._get_form_action()

    # ------------------------------------------------------------------
    # Signature and letter
    # ------------------------------------------------------------------
    def _schedule_signature_activity(self):
        self.ensure_one()
        case = self.case_id
        today = case.company_id._sapa_today()
        deadline = today if case.is_urgent else today + timedelta(days=1)
        for official in case._get_officials("head_agency"):
            self.activity_schedule(
                SIGN_ACTIVITY,
                date_deadline=deadline,
                summary=_("Sign the referral letter %s", self.name),
                user_id=official.id,
            )

    def _issue_referral_letter(self):
        """Issue the Surat Rujukan as a SAPA letter (sapa.letter in sapa_case):
        numbered in the register of outgoing letters, rendered with the Dinas
        letterhead, QR code and signature block, stored as PDF. Its number, date
        and PDF are copied on the referral for the provider's e-mail and page.
        Returns the letter."""
        self.ensure_one()
        letter = self.env["sapa.letter"]._issue(
            self, "referral", self.signed_by_id or self.env.user
        )
        self.sudo().write({
            "letter_id": letter.id,
            "letter_number": letter.name,
            "letter_date": letter.date,
            "letter_attachment_id": letter.sudo().attachment_id.id,
        })
        return letter

    # ------------------------------------------------------------------
    # Sending, and the provider's secure link
    # ------------------------------------------------------------------
    def _generate_provider_token(self):
        """Give the referral a new link token, valid for the configured days, and
        return it. Only its hash is stored: the token exists only in the e-mail."""
        self.ensure_one()
        token = new_secret(TOKEN_BYTES)
        days = self._get_int_param(PARAM_LINK_VALIDITY_DAYS, DEFAULT_LINK_VALIDITY_DAYS)
        self.sudo().write(
            {
                "access_token_hash": hash_secret(token),
                "access_token_expiry": fields.Datetime.now() + timedelta(days=days),
            }
        )
        return token

    def _get_provider_url(self, token):
        self.ensure_one()
        return f"{self.get_base_url()}/sapa/rujukan/{token}"

    @api.model
    def _get_by_provider_token(self, token):
        """Resolve a link token. Returns (referral_sudo, status) where status is
        'valid', 'expired', 'closed' or 'invalid' (then the referral is empty).

        The token is looked up by its SHA-256, and the hashes are compared in
        constant time: the time taken tells nothing about other tokens."""
        empty_sudo = self.sudo().browse()
        if not is_candidate(token, TOKEN_MAX_LENGTH):
            return empty_sudo, "invalid"
        token_hash = hash_secret(token)
        referral_sudo = self.sudo().search([("access_token_hash", "=", token_hash)], limit=1)
        if not secret_matches(token, referral_sudo.access_token_hash):
            return empty_sudo, "invalid"
        if referral_sudo.state == "closed":
            return referral_sudo, "closed"
        expiry = referral_sudo.access_token_expiry
        if not expiry or expiry < fields.Datetime.now():
            return referral_sudo, "expired"
        return referral_sudo, "valid"

    def _send_to_provider(self):
        """E-mail the signed letter and the chosen documents to the provider with
        a new secure link; the referral is then 'sent'."""
        self.ensure_one()
        if not self.letter_attachment_id:
            raise UserError(_("Referral %s has no signed letter to send.", self.name))
        if not self.provider_id.email:
            raise UserError(
                _("The provider %s has no e-mail address.", self.provider_id.name)
            )
        # Consent may have been withdrawn since the letter was signed.
        missing = self._missing_for_sharing()
        if missing:
            raise UserError(
                _("Referral %(referral)s cannot send its documents. Missing: %(missing)s",
                  referral=self.name, missing="; ".join(missing))
            )
        token = self._generate_provider_token()
        attachments = self.letter_attachment_id | self.attachment_ids
        template = self.env.ref("sapa_referral.mail_template_sapa_referral_letter")
        template.with_context(sapa_referral_url=self._get_provider_url(token)).send_mail(
            self.id,
            email_values={
                "attachment_ids": [fields.Command.set(attachments.ids)],
                # The link is a secret: the e-mail is not kept on the referral (whose
                # messages the staff read), is signed by the Dinas rather than the
                # sender, and is deleted once sent. Only its hash stays.
                "model": False,
                "res_id": False,
                "author_id": self.company_id.partner_id.id,
                "auto_delete": True,
            },
        )
        if self.state == "to_sign":
            self.sudo().write({"state": "sent", "date_sent": fields.Datetime.now()})
        self.message_post(
            body=_(
                "Letter %(number)s sent to %(provider)s (%(email)s) with %(count)s "
                "document(s). The provider's link is valid until %(expiry)s.",
                number=self.letter_number,
                provider=self.provider_id.name,
                email=self.provider_id.email,
                count=len(self.attachment_ids),
                expiry=fields.Date.to_string(self.access_token_expiry.date()),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _provider_page_values(self):
        """What the provider's page may show: what the letter shows, and the
        provider's own answers. Nothing else of the referral or the case."""
        self.ensure_one()
        labels = dict(self._fields["state"]._description_selection(self.env))
        return {
            "number": self.letter_number,
            "date": format_date_id(self.letter_date),
            "agency": self.company_id.name,
            "provider": self.provider_id.name,
            "services": self.service_type_ids.mapped("name"),
            "reason": self.reason or "",
            "state": self.state,
            "state_label": labels[self.state],
            "service_report": self.service_report or "",
            "decline_reason": self.decline_reason or "",
        }

    # Answers through the link: called by the controller on the sudo record
    # resolved from a valid token.
    def _provider_answer(self, answer, text=None):
        self.ensure_one()
        text = (text or "").strip()[:ANSWER_MAX_LENGTH]
        if answer == "confirm":
            if self.state != "sent":
                raise UserError(_("The receipt of this referral has already been confirmed."))
            self._set_received(by_provider=True)
        elif answer == "done":
            if self.state != "received":
                raise UserError(_("Confirm the receipt of the referral first."))
            if not text:
                raise UserError(_("Describe the service given."))
            self.sudo().write({"service_report": text})
            self._set_done(by_provider=True)
        elif answer == "decline":
            if self.state not in ANSWER_STATES:
                raise UserError(_("This referral can no longer be declined."))
            if not text:
                raise UserError(_("Give the reason for declining the referral."))
            self.sudo().write({"decline_reason": text})
            self._set_declined(by_provider=True)
        else:
            raise UserError(_("Unknown answer."))

    def _post_provider_answer(self, body):
        """Log an answer of the provider, notifying the followers, without ever
        making the provider a follower of the referral."""
        self.sudo().with_context(mail_create_nosubscribe=True).message_post(
            body=body,
            author_id=self.provider_id.id,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )

    def _set_received(self, by_provider=False):
        self.ensure_one()
        if by_provider:
            self._track_set_author(self.provider_id)
        self.sudo().write({"state": "received", "date_received": fields.Datetime.now()})
        self.sudo().activity_feedback(
            [REMINDER_ACTIVITY], feedback=_("The provider confirmed receipt.")
        )
        if by_provider:
            self._post_provider_answer(
                _("%s confirmed receipt of the referral through the secure link.",
                  self.provider_id.name)
            )

    def _set_done(self, by_provider=False):
        self.ensure_one()
        if by_provider:
            self._track_set_author(self.provider_id)
        self.sudo().write({"state": "done", "date_done": fields.Datetime.now()})
        if by_provider:
            self._post_provider_answer(
                _("%(provider)s reported the service given: %(report)s",
                  provider=self.provider_id.name, report=self.service_report)
            )

    def _set_declined(self, by_provider=False):
        self.ensure_one()
        if by_provider:
            self._track_set_author(self.provider_id)
        self.sudo().write({"state": "declined", "date_declined": fields.Datetime.now()})
        self.sudo().activity_feedback(
            [REMINDER_ACTIVITY], feedback=_("The provider declined the referral.")
        )
        if by_provider:
            self._post_provider_answer(
                _("%(provider)s declined the referral: %(reason)s",
                  provider=self.provider_id.name, reason=self.decline_reason)
            )

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    @api.model
    def _cron_remind_overdue(self):
        """Remind the case manager of each referral the provider has not confirmed
        in time, once: no new reminder while one is still open."""
        reminder_type = self.env.ref(REMINDER_ACTIVITY)
        overdue = self.search(
            [
                ("is_overdue", "=", True),
                ("activity_ids", "not any", [("activity_type_id", "=", reminder_type.id)]),
            ]
        )
        for referral in overdue:
            user = referral.case_id.user_id
            if not user:
                continue
            referral.activity_schedule(
                activity_type_id=reminder_type.id,
                date_deadline=referral.company_id._sapa_today(),
                summary=_(
                    "No confirmation from %(provider)s for referral %(referral)s",
                    provider=referral.provider_id.name,
                    referral=referral.name,
                ),
                user_id=user.id,
            )
        return overdue
