import time
from datetime import date, timedelta

from odoo import Command, api, fields, models

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.parsing import (  # pylint: disable=import-error
    is_readable_text,
    to_id,
    to_ids,
)
from odoo.addons.sapa_case.utils.phone import to_e164  # pylint: disable=import-error
from odoo.exceptions import UserError
from odoo.tools.sql import create_index

from ..utils import evidence

# What the public form posts, by kind. Every name the form's template posts is
# here (tests/test_hostile_input.py checks it against the rendered form).
# One-line and multi-line text: (name, longest value kept to show it back).
FORM_TEXT = (
    ("reporter_relation", 64),
    ("reporter_name", 200),
    ("reporter_phone", 64),
    ("incident_date", 64),
    ("state_id", 64),
    ("regency_id", 64),
    ("district_id", 64),
    ("village_id", 64),
    ("victim_age_band_id", 64),
    ("victim_sex", 64),
    ("in_danger", 64),
)
FORM_MULTILINE = (("description", 20000),)
FORM_LISTS = ("violence_type_ids",)
FORM_FLAGS = ("is_anonymous", "consent_contact", "consent_data")
FLAG_VALUES = ("1", "on")
DANGER_ANSWERS = ("", "yes", "no")
FORM_FILES = ("attachment",)

DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 10000
NAME_MAX = 100
PHONE_MAX = 32
MAX_VIOLENCE_TYPES = 50

# The areas below the province, each inside the one above: (posted field,
# level, field of the area that points to the level above).
AREA_LEVELS = (
    ("regency_id", "regency", "state_id"),
    ("district_id", "district", "parent_id"),
    ("village_id", "village", "parent_id"),
)

INTAKE_CRON = "sapa_portal.ir_cron_sapa_portal_intake"
# Seconds between two wake-ups of the cron workers sent by one Odoo process.
NOTIFY_INTERVAL = 1
_last_intake_notify = [0.0]

HOLD_REASONS = [
    ("flood", "Suspected flood (over the submission limit)"),
    ("honeypot", "Hidden trap field filled"),
]


class SapaComplaint(models.Model):
    """Portal side of the complaint: the public form's validation and intake,
    "My complaints" for portal users, and the Admins' notification, done after
    the reporter has the receipt.

    A submission stores the complaint (and its evidence) in the request's one
    transaction and triggers the intake cron; the cron notifies the Admins
    (inbox and activity) within a minute. Nothing a reporter sends is refused
    once it is valid: a submission over the rate limit, or with the honeypot
    filled, is stored and *held* for the Admin's review (``portal_hold_reason``).

    No portal.mixin: a complaint has no portal ``access_token``. Its only public
    key is the tracking code (kept as a hash), and Odoo's mail routes refuse SAPA
    records to token holders (see ``_get_thread_with_access`` in sapa_case)."""

    _inherit = "sapa.complaint"

    # Written by staff, never shown to the reporter: portal users (who may read
    # their own complaints through the ORM) do not get them.
    reject_reason = fields.Text(groups="base.group_user")
    case_id = fields.Many2one(groups="base.group_user")
    access_url = fields.Char(
        compute="_compute_access_url",
        help="The reporter's page of the complaint in My account.",
        sapa_class="workflow",
    )

    portal_hold_reason = fields.Selection(
        HOLD_REASONS,
        string="Held for review",
        index="btree_not_null",
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="Received through the public form but held for the Admin's review: the "
        "reporter got the receipt, nobody was notified of it one by one. Release it "
        "to the queue, or reject it.",
        sapa_class="workflow",
    )
    portal_hold_detail = fields.Char(
        string="Why held", copy=False, readonly=True, groups="base.group_user",
        sapa_class="workflow",
    )
    portal_intake_pending = fields.Boolean(
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="Received online; the intake cron has not notified the Admins yet.",
        sapa_class="workflow",
    )

    def init(self):
        # The intake cron reads the few pending complaints, never the whole table.
        create_index(
            self.env.cr,
            "sapa_complaint_portal_intake_pending_idx",
            self._table,
            ["id"],
            where="portal_intake_pending",
        )
        return super().init()

    def _sapa_status_url(self):
        # The public address letters point to (the company's setting), else web.base.url.
        company = self.company_id[:1] or self.env.company
        return f"{company.sudo()._sapa_letter_base_url()}/sapa/status"

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/sapa-complaints/{complaint.id}"

    # ------------------------------------------------------------------
    # The public form: reading and checking what was posted
    # ------------------------------------------------------------------
    @api.model
    def _sapa_portal_read_form(self, params, uploads=()):
        """What the visitor posted, bounded, as the form shows it back and as
        ``_sapa_portal_validate`` checks it.

        ``params``: the posted values (a werkzeug MultiDict or a dict of
        strings); ``uploads``: ``[(file name, first bytes)]``, each content read
        up to one byte over the size limit. Text is cut to a length that is
        still worth showing back; what no keyboard types (control characters,
        bytes that were not UTF-8) is taken out of what is shown, and the field
        is marked ``_unreadable`` so that validation asks for it again."""
        form = {"_unreadable": set(), "_unknown_choice": set()}
        for names, multiline in ((FORM_TEXT, False), (FORM_MULTILINE, True)):
            for name, keep in names:
                value = params.get(name)
                text = value.strip()[:keep] if isinstance(value, str) else ""
                if not is_readable_text(text, multiline):
                    form["_unreadable"].add(name)
                    text = "".join(
                        char for char in text
                        if char.isprintable() or (multiline and char in "\t\n\r")
                    )
                form[name] = text
        getlist = getattr(params, "getlist", None)
        for name in FORM_LISTS:
            values = getlist(name) if getlist else params.get(name) or []
            values = values if isinstance(values, list) else [values]
            form[name] = [value[:64] for value in values if isinstance(value, str) and value]
        for name in FORM_FLAGS:
            # What the form's boxes send ("1"; "on" from a box without value).
            value = params.get(name)
            form[name] = value in FLAG_VALUES
            if value not in (None, "", *FLAG_VALUES):
                form["_unknown_choice"].add(name)
        form["attachment"] = [(name or "", content) for name, content in uploads]
        return form

    @api.model
    def _sapa_portal_validate(self, form):
        """Check every answer of the public form (as ``_sapa_portal_read_form``
        gives it). Return ``(values, errors)``: the values to create the
        complaint with (the checked answers only, channel ``online``, evidence
        as attachment commands), and a message per field that needs the
        visitor's attention (then nothing may be created)."""
        _ = self.env._
        values = {"channel": "online"}
        errors = {}

        relations = self._fields["reporter_relation"].get_values(self.env)
        if form["reporter_relation"] in relations:
            values["reporter_relation"] = form["reporter_relation"]
        else:
            errors["reporter_relation"] = _("Tell us who is reporting.")

        values["is_anonymous"] = form["is_anonymous"]
        name = form["reporter_name"]
        if form["is_anonymous"]:
            values["reporter_name"] = False
        elif not name:
            errors["reporter_name"] = _("Give your name, or choose to report anonymously.")
        elif len(name) > NAME_MAX:
            errors["reporter_name"] = _(
                "The name is too long (at most %s characters).", NAME_MAX
            )
        else:
            values["reporter_name"] = name

        phone = form["reporter_phone"]
        e164 = len(phone) <= PHONE_MAX and to_e164(phone)
        if not phone:
            errors["reporter_phone"] = _("Give a WhatsApp number so that SAPA can reach you.")
        elif not e164:
            errors["reporter_phone"] = _(
                "This is not a valid phone number. Example: 0812-3456-7890."
            )
        else:
            values["reporter_phone"] = e164

        description = form["description"]
        if len(description) < DESCRIPTION_MIN:
            errors["description"] = _(
                "Tell us briefly what happened (at least %s characters).", DESCRIPTION_MIN
            )
        elif len(description) > DESCRIPTION_MAX:
            errors["description"] = _(
                "The story is too long (at most %s characters). You can attach a document.",
                DESCRIPTION_MAX,
            )
        else:
            values["description"] = description

        if form["incident_date"]:
            incident_date = self._sapa_portal_parse_date(form["incident_date"])
            company = self.env.company
            # Only the Dinas' time zone of the (wide) company row is needed here.
            company.fetch(["sapa_tz"])
            # Indonesia is ahead of UTC: allow "today" there.
            if not incident_date:
                errors["incident_date"] = _("Give the date as day, month and year.")
            elif incident_date > company._sapa_today() + timedelta(days=1):
                errors["incident_date"] = _("The date cannot be in the future.")
            else:
                values["incident_date"] = incident_date

        self._sapa_portal_validate_areas(form, values, errors)
        self._sapa_portal_validate_victim(form, values, errors)

        if form["in_danger"] in DANGER_ANSWERS:
            values["in_danger"] = form["in_danger"] == "yes"
        else:
            errors["in_danger"] = _("This answer is not one of the choices. Please choose again.")
        values["consent_contact"] = form["consent_contact"]
        if form["consent_data"]:
            values["consent_data"] = True
        else:
            errors["consent_data"] = _(
                "SAPA can only handle your report if you agree to the use of its data."
            )

        self._sapa_portal_validate_files(form["attachment"], values, errors)

        # Last: what could not be read replaces any other message of its field.
        for field in form.get("_unknown_choice", ()):
            errors[field] = _("This answer is not one of the choices. Please choose again.")
        for field in form["_unreadable"]:
            errors[field] = _(
                "Some characters of this answer could not be read. Please type it again."
            )
        return values, errors

    @api.model
    def _sapa_portal_parse_date(self, text):
        """A date typed as the form's date input sends it (YYYY-MM-DD), from 1900."""
        if len(text) != 10:
            return None
        try:
            value = date.fromisoformat(text)
        except ValueError:
            return None
        return value if value.year >= 1900 else None

    @api.model
    def _sapa_portal_validate_areas(self, form, values, errors):
        """Province of Indonesia, then kabupaten/kota, kecamatan and desa/kelurahan,
        each inside the one above: the first level that does not fit gets the
        message. Master data the public may see, read with sudo through domains
        on bounded ids (never a bare browse of a posted id)."""
        _ = self.env._
        messages = {
            "regency": (
                _("Choose a kabupaten/kota of this province."),
                _("Choose the kabupaten/kota first."),
            ),
            "district": (
                _("Choose a kecamatan of this kabupaten/kota."),
                _("Choose the kecamatan first."),
            ),
            "village": (_("Choose a desa/kelurahan of this kecamatan."), None),
        }
        province_id = to_id(form["state_id"])
        posted = [to_id(form[field]) for field, _level, _parent in AREA_LEVELS]
        Area = self.env["sapa.area"].sudo()
        # One query on the way of a valid report: the posted areas that lie in
        # the posted province, if it is one of Indonesia.
        areas_sudo = Area
        if province_id and any(posted):
            areas_sudo = Area.search_fetch(
                [
                    ("id", "in", [area_id for area_id in posted if area_id]),
                    ("state_id", "=", province_id),
                    ("state_id.country_id.code", "=", "ID"),
                ],
                ["level", "parent_id", "state_id"],
            )
        found = {area.id: area for area in areas_sudo}
        # A kabupaten/kota found there proves the province; else ask.
        in_province = any(area.level == "regency" for area in areas_sudo)
        if not in_province and province_id:
            in_province = bool(
                self.env["res.country.state"].sudo().search_count(
                    [("id", "=", province_id), ("country_id.code", "=", "ID")], limit=1
                )
            )
        if not in_province:
            errors["state_id"] = _("Choose the province.")
            return
        values["state_id"] = province_id

        parent_id = province_id
        for index, (field, level, parent_field) in enumerate(AREA_LEVELS):
            wrong, first = messages[level]
            area_sudo = found.get(posted[index])
            if form[field]:
                fits = area_sudo and area_sudo.level == level
                if not fits or area_sudo[parent_field].id != parent_id:
                    errors[field] = wrong
                    return
                values[field] = parent_id = area_sudo.id
                continue
            if index == 0 and Area._sapa_portal_children(level, parent_id, limit=1):
                errors[field] = _("Choose the kabupaten/kota.")
            elif any(form[lower] for lower, _l, _p in AREA_LEVELS[index + 1:]):
                errors[field] = first
            return

    @api.model
    def _sapa_portal_validate_victim(self, form, values, errors):
        _ = self.env._
        if form["violence_type_ids"]:
            type_ids = to_ids(form["violence_type_ids"], limit=MAX_VIOLENCE_TYPES)
            types_sudo = type_ids and self.env["sapa.violence.type"].sudo().search_fetch(
                [("id", "in", type_ids)], ["is_sexual", "active"]
            )
            if not type_ids or len(types_sudo) != len(type_ids):
                errors["violence_type_ids"] = _("Choose the types of violence from the list.")
            else:
                values["violence_type_ids"] = [Command.set(types_sudo.ids)]

        if form["victim_age_band_id"]:
            band_id = to_id(form["victim_age_band_id"])
            band_sudo = band_id and self.env["sapa.age.band"].sudo().search_fetch(
                [("id", "=", band_id)], ["is_child"], limit=1
            )
            if band_sudo:
                values["victim_age_band_id"] = band_sudo.id
            else:
                errors["victim_age_band_id"] = _("Choose the age group from the list.")

        sexes = self._fields["victim_sex"].get_values(self.env)
        if form["victim_sex"] in sexes:
            values["victim_sex"] = form["victim_sex"]
        elif form["victim_sex"]:
            errors["victim_sex"] = _("Choose the sex from the list.")

    @api.model
    def _sapa_portal_validate_files(self, uploads, values, errors):
        """Evidence: at most MAX_FILES files of MAX_FILE_SIZE each, of an accepted
        kind recognised by its content. Accepted files become attachment
        commands of ``values``."""
        _ = self.env._
        uploads = [(name, content) for name, content in uploads if name]
        if len(uploads) > evidence.MAX_FILES:
            errors["attachment"] = _("Attach at most %s files.", evidence.MAX_FILES)
            return
        commands, problems = [], []
        for filename, content in uploads:
            shown = evidence.display_name(filename)
            if len(content) > evidence.MAX_FILE_SIZE:
                problems.append(
                    _(
                        "%(file)s is larger than %(size)s MB.",
                        file=shown,
                        size=evidence.MAX_FILE_SIZE // (1024 * 1024),
                    )
                )
                continue
            if not content:
                problems.append(_("%s is empty.", shown))
                continue
            kind = evidence.check(filename, content[:32])
            if not kind:
                problems.append(
                    _(
                        "%s is not a photo (JPEG, PNG), a PDF document, a video (MP4) or a "
                        "sound recording (M4A, MP3, OGG), or its name does not match its "
                        "content.",
                        shown,
                    )
                )
                continue
            commands.append(
                Command.create(
                    {
                        "name": evidence.clean_filename(filename, kind),
                        "raw": content,
                        "mimetype": evidence.KINDS[kind][0],
                        "res_model": self._name,
                        "public": False,
                    }
                )
            )
        if problems:
            errors["attachment"] = " ".join(problems)
        elif commands:
            values["attachment_ids"] = commands

    # ------------------------------------------------------------------
    # The public form: storing the complaint
    # ------------------------------------------------------------------
    @api.model
    def _sapa_portal_submit(self, values, client_address, company, honeypot=False):
        """Store a checked online complaint (``values`` from
        ``_sapa_portal_validate``) for ``company`` (the website's) in the current
        transaction, with its evidence, and return ``(complaint_sudo, tracking
        code)``. A logged-in portal user is its reporter account.

        Never refused: over the rate limit of the client's network, or with the
        honeypot filled, the complaint is stored all the same and held for the
        Admin's review. Notifying the Admins is left to the intake cron,
        triggered here, so that the reporter gets the receipt at once."""
        rate_limit_sudo = self.env["sapa.portal.rate.limit"].sudo()
        limit, window = rate_limit_sudo._get_limit("submit")
        hits = rate_limit_sudo._hit("submit", client_address)
        values = dict(values, company_id=company.id, portal_intake_pending=True)
        if not self.env.user._is_public():
            values["partner_id"] = self.env.user.partner_id.id
        if honeypot:
            values["portal_hold_reason"] = "honeypot"
            values["portal_hold_detail"] = self.env._(
                "The hidden trap field of the form was filled (a robot, or a browser's "
                "autofill)."
            )
        elif limit and hits > limit:
            values["portal_hold_reason"] = "flood"
            values["portal_hold_detail"] = self.env._(
                "Report %(count)s from the same network within %(minutes)s minutes "
                "(limit: %(limit)s).",
                count=hits,
                minutes=max(window // 60, 1),
                limit=limit,
            )
        # The tracking code from sapa_case's generator, drawn on a draft record so
        # that its hash is part of the INSERT (no UPDATE of the row just made).
        draft_sudo = self.sudo().new({})
        code = draft_sudo._generate_tracking_code()
        values["tracking_hash"] = draft_sudo.tracking_hash
        # Without mail.thread's work during the request (creation message,
        # tracking, followers): the intake cron logs the arrival.
        complaint_sudo = self.sudo().with_context(tracking_disable=True).create(values)
        if complaint_sudo.attachment_ids:
            complaint_sudo.attachment_ids.write({"res_id": complaint_sudo.id})
        self._sapa_portal_trigger_intake()
        return complaint_sudo, code

    @api.model
    def _sapa_portal_trigger_intake(self):
        """Have the intake cron run now (``ir.cron._trigger``).

        ``_trigger()`` stores a trigger row and, after the commit, wakes the cron
        workers with a NOTIFY sent over a new connection to the ``postgres``
        database (Odoo keeps none open): a few milliseconds and a new server
        process per call. Each Odoo process sends it at most once per
        ``NOTIFY_INTERVAL``; in between, the trigger is stored for one second
        later without waking anyone, because the cron run woken by the previous
        NOTIFY (under a second ago) also announces this complaint: the intake
        cron runs again in a fresh transaction as long as it finds new ones.
        The cron's own interval is the safety net."""
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(INTAKE_CRON)
        cron_sudo = self.env["ir.cron"].sudo().browse(cron_id)
        cron_sudo.fetch(["active"])  # what _trigger reads, not the whole job
        now = time.monotonic()
        if now - _last_intake_notify[0] >= NOTIFY_INTERVAL:
            _last_intake_notify[0] = now
            cron_sudo._trigger()
        else:
            cron_sudo._trigger(fields.Datetime.now() + timedelta(seconds=NOTIFY_INTERVAL))

    # ------------------------------------------------------------------
    # Intake, after the response: the Admins' inbox and activities
    # ------------------------------------------------------------------
    @api.model
    def _sapa_portal_process_intake(self, batch_size=50):
        """Cron (triggered by each submission): log the arrival of each new online
        complaint and tell the Admins, in their Odoo inbox and with an activity
        for the front desk. Held complaints are not announced one by one: one
        message per run says how many were held."""
        pending = self.sudo().search(
            [("portal_intake_pending", "=", True)], order="id", limit=batch_size
        )
        remaining = self.sudo().search_count([("portal_intake_pending", "=", True)]) - len(
            pending
        )
        held = pending.filtered("portal_hold_reason")
        for complaint in pending:
            complaint._sapa_portal_log_arrival()
        for complaint in pending - held:
            complaint._sapa_portal_announce()
        if held:
            held._sapa_portal_announce_held()
        pending.write({"portal_intake_pending": False})
        # After a run that found work, one more in a new transaction: it sees the
        # complaints committed meanwhile, whose submissions may not have woken
        # the cron workers (see _sapa_portal_trigger_intake).
        self.env["ir.cron"]._notify_progress(
            done=len(pending), remaining=remaining or (1 if pending else 0)
        )
        return pending

    def _sapa_portal_log_arrival(self):
        self.ensure_one()
        if self.portal_hold_reason:
            reason = dict(self._fields["portal_hold_reason"]._description_selection(self.env))
            body = self.env._(
                "Received through the public form and held for review: %(reason)s. %(detail)s",
                reason=reason[self.portal_hold_reason],
                detail=self.portal_hold_detail or "",
            )
        else:
            body = self.env._("Received through the public form.")
        self.message_post(body=body, message_type="notification", subtype_xmlid="mail.mt_note")

    def _sapa_portal_admins(self):
        """Active internal users of the SAPA Admin group (and the roles above it)
        of the complaint's company."""
        self.ensure_one()
        return self.env.ref("sapa_case.group_sapa_admin").sudo().users.filtered(
            lambda user: user.active and not user.share and self.company_id in user.company_ids
        )

    def _sapa_portal_front_desk(self, admins):
        """Who gets the activity: the Admins proper (front desk), else everyone
        with the Admin role."""
        higher = self.env.ref("sapa_case.group_sapa_subcoordinator").sudo().users
        return (admins - higher) or admins

    def _sapa_portal_notify(self, partners, subject, body):
        """A message in the inbox of ``partners`` (internal users), whatever
        their e-mail preference: SAPA cannot rely on a mail server."""
        self.ensure_one()
        self.with_context(sapa_portal_notify_inbox=True).message_notify(
            partner_ids=partners.ids,
            author_id=self.env.ref("base.partner_root").id,
            subject=subject,
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _sapa_portal_announce(self):
        """Inbox message to every Admin, and a "new online complaint" activity for
        the front desk (due today when urgent). The message names the reference
        only: the story and the reporter stay behind the Admins' access rights."""
        self.ensure_one()
        admins = self._sapa_portal_admins()
        if not admins:
            return
        if self.is_urgent:
            subject = self.env._("URGENT online complaint %s", self.name)
        else:
            subject = self.env._("New online complaint %s", self.name)
        self._sapa_portal_notify(
            admins.partner_id,
            subject,
            self.env._(
                "Complaint %s arrived through the public form and waits in the Admin queue.",
                self.name,
            ),
        )
        today = self.company_id._sapa_today()
        for user in self._sapa_portal_front_desk(admins):
            self.activity_schedule(
                "sapa_portal.mail_activity_type_online_complaint",
                date_deadline=today if self.is_urgent else today + timedelta(days=1),
                summary=subject,
                user_id=user.id,
            )

    def _sapa_portal_announce_held(self):
        """One inbox message for the complaints of this run that were held."""
        first = self[:1]
        admins = first._sapa_portal_admins()
        if not admins:
            return
        urgent = len(self.filtered("is_urgent"))
        body = self.env._(
            "%(count)s online report(s) were held for review (suspected flood or robot), "
            "%(urgent)s of them marked urgent: SAPA > Held online reports. Release the "
            "real ones to the queue, reject the others.",
            count=len(self),
            urgent=urgent,
        )
        first._sapa_portal_notify(
            admins.partner_id,
            self.env._("%s online report(s) held for review", len(self)),
            body,
        )

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if self.env.context.get("sapa_portal_notify_inbox"):
            for data in recipients:
                if data.get("type") == "user" and data.get("notif") == "email":
                    data["notif"] = "inbox"
        return recipients

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_sapa_portal_release(self):
        """Admin: a held complaint is a real one: put it in the queue, announced
        as any new online complaint."""
        if not self.env.user.has_group("sapa_case.group_sapa_admin"):
            raise UserError(self.env._("Only the SAPA Admin releases held complaints."))
        held = self.filtered(lambda complaint: complaint.portal_hold_reason)
        for complaint in held:
            complaint._sapa_as_workflow().write(
                {"portal_hold_reason": False, "portal_hold_detail": False}
            )
            complaint.message_post(
                body=self.env._("Released to the Admin queue."), subtype_xmlid="mail.mt_note"
            )
            complaint.sudo()._sapa_portal_announce()
        return True
