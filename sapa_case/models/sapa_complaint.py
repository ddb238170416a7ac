from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils.phone import to_e164
from ..utils.secret import (
    format_human_code,
    hash_secret,
    human_code_matches,
    is_candidate,
    new_human_code,
)

CHANNELS = [
    ("online", "Online form"),
    ("hotline", "Hotline call"),
    ("whatsapp", "WhatsApp"),
    ("walk_in", "Walk-in"),
    ("lapor", "LAPOR!"),
    ("institution", "Another institution"),
]

REPORTER_RELATIONS = [
    ("victim", "The victim"),
    ("family", "Family"),
    ("neighbour", "Neighbour"),
    ("teacher", "Teacher"),
    ("other", "Other"),
]

SEXES = [("female", "Female"), ("male", "Male")]

# The longest code looked up (a code is 16 symbols, 19 with its dashes; room for
# spaces typed between the groups, and for codes issued before, 16 characters).
TRACKING_CODE_MAX_LENGTH = 64



# What the reporter's status page says for each SOP step of the case: plain
# words, never internal details. Every step has one (sapa_case's
# test_sop_table fails otherwise). The complaint itself adds "received"
# (not yet accepted) and "closed" (rejected).
PUBLIC_STATUSES = ("received", "in_progress", "referred", "finished", "closed")
PUBLIC_STATUS_BY_STEP = {
    "received": "in_progress",
    "identification": "in_progress",
    "verification": "in_progress",
    "approval": "in_progress",
    "outreach": "in_progress",
    "decision": "in_progress",
    "referral": "referred",
    "final_report": "in_progress",
    "monitoring": "finished",
    "closed": "finished",
}

class SapaComplaint(models.Model):
    """A report received by SAPA, from any channel. It becomes a case, is linked
    to an existing case (duplicate report), or is rejected with a reason."""

    _name = "sapa.complaint"
    _description = "SAPA Complaint"
    _inherit = ["sapa.mail.thread", "mail.activity.mixin"]
    _order = "is_urgent desc, date_received desc, id desc"
    _rec_name = "name"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True,
        sapa_class="public",
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("accepted", "Accepted as a case"),
            ("duplicate", "Linked to an existing case"),
            ("rejected", "Rejected"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
        sapa_class="workflow",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
        sapa_class="staff",
    )
    date_received = fields.Datetime(
        string="Received on", required=True, default=fields.Datetime.now, index=True,
        sapa_class="public",
    )
    channel = fields.Selection(
        CHANNELS, required=True, default="hotline", tracking=True, sapa_class="staff"
    )
    lapor_tracking_id = fields.Char(string="LAPOR! tracking ID", sapa_class="staff")
    institution_name = fields.Char(string="Referring institution", sapa_class="staff")

    # Reporter. May stay anonymous, but a contact number is always asked.
    is_anonymous = fields.Boolean(string="Anonymous reporter", sapa_class="staff")
    reporter_name = fields.Char(sapa_class="staff")
    reporter_phone = fields.Char(string="WhatsApp number", sapa_class="staff")
    reporter_phone_e164 = fields.Char(
        string="WhatsApp number (E.164)", compute="_compute_reporter_phone_e164", store=True,
        precompute=True, sapa_class="workflow",
    )
    reporter_relation = fields.Selection(
        REPORTER_RELATIONS, string="Relation to the victim", sapa_class="staff"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Reporter account",
        index="btree_not_null",
        help="Portal account that submitted the complaint, if any.",
        sapa_class="staff",
    )

    # What happened, when and where.
    description = fields.Text(string="What happened", required=True, sapa_class="staff")
    incident_date = fields.Date(sapa_class="staff")
    incident_place = fields.Char(string="Place (description)", sapa_class="staff")
    state_id = fields.Many2one(
        "res.country.state", string="Province", domain="[('country_id.code', '=', 'ID')]",
        sapa_class="staff",
    )
    regency_id = fields.Many2one(
        "sapa.area",
        string="Kabupaten / Kota",
        domain="[('level', '=', 'regency'), ('state_id', '=?', state_id)]",
        sapa_class="staff",
    )
    district_id = fields.Many2one(
        "sapa.area",
        string="Kecamatan",
        domain="[('level', '=', 'district'), ('parent_id', '=?', regency_id)]",
        sapa_class="staff",
    )
    village_id = fields.Many2one(
        "sapa.area",
        string="Desa / Kelurahan",
        domain="[('level', '=', 'village'), ('parent_id', '=?', district_id)]",
        sapa_class="staff",
    )
    violence_type_ids = fields.Many2many(
        "sapa.violence.type", string="Suspected violence", sapa_class="staff"
    )
    victim_age_band_id = fields.Many2one(
        "sapa.age.band", string="Victim's age group", sapa_class="staff"
    )
    victim_sex = fields.Selection(SEXES, string="Victim's sex", sapa_class="staff")
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence", sapa_class="staff")

    consent_contact = fields.Boolean(string="Consents to be contacted", sapa_class="staff")
    consent_data = fields.Boolean(string="Consents to the use of the data", sapa_class="staff")
    in_danger = fields.Boolean(string="In danger now", tracking=True, sapa_class="staff")
    # Both computed before the INSERT of a new complaint, not by an UPDATE after.
    is_urgent = fields.Boolean(
        compute="_compute_is_urgent", store=True, readonly=False, tracking=True, index=True,
        precompute=True, sapa_class="staff",
    )

    # Secret tracking code: only its hash is kept, so nobody (staff included)
    # can read it back; the reporter receives it once.
    tracking_hash = fields.Char(copy=False, groups=".", sapa_class="secret")

    case_id = fields.Many2one(
        "sapa.case", index="btree_not_null", tracking=True, copy=False, sapa_class="workflow"
    )
    reject_reason = fields.Text(tracking=True, copy=False, sapa_class="workflow")

    _sql_constraints = [
        ("name_unique", "UNIQUE(company_id, name)", "A complaint reference never repeats."),
    ]

    @api.depends("reporter_phone")
    def _compute_reporter_phone_e164(self):
        for complaint in self:
            complaint.reporter_phone_e164 = to_e164(complaint.reporter_phone)

    @api.depends("in_danger", "victim_age_band_id", "violence_type_ids")
    def _compute_is_urgent(self):
        for complaint in self:
            complaint.is_urgent = (
                complaint.in_danger
                or complaint.victim_age_band_id.is_child
                or any(complaint.violence_type_ids.mapped("is_sexual"))
            )

    @api.constrains("reporter_phone")
    def _check_reporter_phone(self):
        for complaint in self:
            if complaint.reporter_phone and not complaint.reporter_phone_e164:
                raise ValidationError(
                    _("%s is not a valid phone number.", complaint.reporter_phone)
                )

    @api.constrains("channel", "lapor_tracking_id")
    def _check_lapor_tracking_id(self):
        for complaint in self:
            if complaint.channel == "lapor" and not complaint.lapor_tracking_id:
                raise ValidationError(_("A LAPOR! complaint needs its LAPOR! tracking ID."))

    @api.model_create_multi
    def create(self, vals_list):
        # The caller's own values first: the reference is SAPA's.
        for vals in vals_list:
            self._sapa_check_writable(vals)
        self.env["ir.sequence"]._sapa_assign_names("sapa.complaint", vals_list)
        complaints = super(SapaComplaint, self._sapa_as_workflow()).create(vals_list)
        return complaints.with_env(self.env)

    # ------------------------------------------------------------------
    # Tracking code (for the reporter's status page)
    # ------------------------------------------------------------------
    def _generate_tracking_code(self):
        """Give the complaint a new secret tracking code and return it (once), as
        shown to the reporter: ``7KQ4-9MXT-C2RF-H8WD`` (Crockford base32, 80
        bits, read aloud over the phone). Only the hash of its canonical form
        (no dashes, upper case) is kept."""
        self.ensure_one()
        code = new_human_code()
        self.sudo().tracking_hash = hash_secret(code)
        return format_human_code(code)

    @api.model
    def _find_by_tracking_code(self, reference, code):
        """Return the complaint whose reference *and* secret code match, else an
        empty recordset. Unknown reference and wrong code look the same. The code
        may be typed in any case, with spaces or dashes; a code issued before
        human codes (16 URL-safe characters) matches as it was issued."""
        if not reference or not is_candidate(code, TRACKING_CODE_MAX_LENGTH):
            return self.browse()
        complaint_sudo = self.sudo().search([("name", "=", reference.strip())], limit=1)
        if human_code_matches(code, complaint_sudo.tracking_hash):
            return complaint_sudo
        return self.browse()

    def _date_received_local(self):
        """The day the complaint was received, at the Dinas: the date the status
        page, "My reports" and the receipt all show."""
        self.ensure_one()
        return self.company_id._sapa_localize(self.date_received).date()

    def _public_status(self):
        """Progress in plain words for the reporter: never internal details."""
        self.ensure_one()
        if self.state == "rejected":
            return "closed"
        if self.state == "new":
            return "received"
        return PUBLIC_STATUS_BY_STEP[self.case_id.sudo().step or "received"]

    # ------------------------------------------------------------------
    # Intake actions (Admin)
    # ------------------------------------------------------------------
    def _check_intake_rights(self):
        if not self.env.user.has_group("sapa_case.group_sapa_admin"):
            raise UserError(_("Only the SAPA Admin handles incoming complaints."))
        for complaint in self:
            if complaint.state != "new":
                raise UserError(
                    _("Complaint %s has already been handled.", complaint.name)
                )

    def action_accept(self):
        """Open a new case from each complaint."""
        self._check_intake_rights()
        cases = self.env["sapa.case"]._sapa_as_workflow().create(
            [complaint._prepare_case_values() for complaint in self]
        ).with_env(self.env)
        for complaint, case in zip(self, cases, strict=True):
            complaint._sapa_as_workflow().write({"state": "accepted", "case_id": case.id})
        if len(cases) == 1:
            return cases._get_form_action()
        return True

    def _prepare_case_values(self):
        self.ensure_one()
        return {
            "complaint_ids": [fields.Command.link(self.id)],
            "company_id": self.company_id.id,
            "is_urgent": self.is_urgent,
            "violence_type_ids": [fields.Command.set(self.violence_type_ids.ids)],
            "summary": self.description,
            "incident_date": self.incident_date,
            "state_id": self.state_id.id,
            "regency_id": self.regency_id.id,
            "district_id": self.district_id.id,
            "village_id": self.village_id.id,
            "contact_phone": self.reporter_phone,
            "consent_contact": self.consent_contact,
            "consent_data": self.consent_data,
        }

    def _link_to_case(self, case):
        """Link duplicate reports to an existing case (the link wizard's confirm)."""
        self._check_intake_rights()
        case.ensure_one()
        self._sapa_as_workflow().write({"state": "duplicate", "case_id": case.id})
        for complaint in self:
            case.message_post(
                body=_("Duplicate report %s linked to this case.", complaint.name)
            )
        return True

    def _reject(self, reason):
        """Reject the complaints, giving the reason (the reject wizard's confirm)."""
        self._check_intake_rights()
        if not reason or not reason.strip():
            raise UserError(_("Give the reason for rejecting the complaint."))
        self._sapa_as_workflow().write({"state": "rejected", "reject_reason": reason.strip()})
        return True

    def action_open_reject_wizard(self):
        self._check_intake_rights()
        return {
            "type": "ir.actions.act_window",
            "name": _("Reject complaint"),
            "res_model": "sapa.complaint.reject",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_ids": self.ids},
        }

    def action_open_link_wizard(self):
        self._check_intake_rights()
        return {
            "type": "ir.actions.act_window",
            "name": _("Link to an existing case"),
            "res_model": "sapa.complaint.link",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_ids": self.ids},
        }
