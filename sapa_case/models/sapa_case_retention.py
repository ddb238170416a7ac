from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

# What replaces a personal value that must stay filled (a required field).
ANONYMISED = "[dianonimkan]"

# Cases anonymised per run of the cron; the rest in the next runs (the cron is
# told there is more to do, and Odoo runs it again soon).
RETENTION_BATCH = 50

# The personal data of a case, by model: {field: replacement} (False clears).
# Kept: classification, risk, area down to the desa, dates, ages and age bands,
# sex, SIMFONI codes, the staff who worked on the case, the references.
PERSONAL_FIELDS = {
    "sapa.case": {
        "summary": False,
        "contact_phone": False,
        "safe_phone": False,
        "contact_safety_reason": False,
        "identification": False,
        "victim_condition": False,
        "planned_steps": False,
        "outreach_report": False,
        "recommendation": False,
        "decision_note": False,
        "final_report": False,
        "send_back_reason": False,
    },
    "sapa.case.victim": {"name": ANONYMISED, "address": False},
    "sapa.case.perpetrator": {"name": ANONYMISED},
    "sapa.case.contact.attempt": {"note": False},
    "sapa.case.outreach.activity": {"place": False, "findings": False},
    "sapa.case.monitoring.checkin": {"note": False},
    "sapa.complaint": {
        "reporter_name": False,
        "reporter_phone": False,
        "partner_id": False,
        "description": ANONYMISED,
        "incident_place": False,
        "reject_reason": False,
        "tracking_hash": False,
    },
}


class SapaCase(models.Model):
    """Retention of personal data (UU 27/2022 PDP): a closed case keeps its
    personal data for the company's retention period after its closure, then the
    daily cron anonymises it, unless a legal hold stops it. Anonymising keeps
    what statistics need (classification, area down to the desa, dates, SIMFONI
    codes) and removes the rest: names, phone numbers, free text, evidence and
    other files, the chatter (messages and tracking values) and the stored PDFs
    of the letters (the letter register keeps number, date and signatory)."""

    _inherit = "sapa.case"  # pylint: disable=consider-merging-classes-inherited

    legal_hold = fields.Boolean(
        tracking=True,
        copy=False,
        help="The case is needed by a court or an investigation: its personal data is "
        "not anonymised while this is set, whatever the retention period.",
        sapa_class="staff",
    )
    anonymised_date = fields.Datetime(
        string="Anonymised on", readonly=True, copy=False, index="btree_not_null",
        sapa_class="workflow",
    )

    def write(self, vals):
        if "legal_hold" in vals and not self.env.su:
            # The hold keeps personal data past the law's period: an official's call.
            self._check_role("sapa_case.group_sapa_head_agency", _("set or lift a legal hold"))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Which cases
    # ------------------------------------------------------------------
    @api.model
    def _retention_domain(self, company):
        """Closed cases of ``company`` whose retention period ended by today (the
        company's date): closed on or before today minus the period."""
        today = company._sapa_today()
        last_closing_day = today - relativedelta(years=company.sapa_retention_years)
        tz = company._sapa_timezone()
        # The first instant after that day at the Dinas, as stored (naive UTC).
        limit = tz.localize(datetime.combine(last_closing_day + timedelta(days=1), time.min))
        limit = limit.astimezone(pytz.utc).replace(tzinfo=None)
        return [
            ("company_id", "=", company.id),
            ("step", "=", "closed"),
            ("date_step", "<", limit),
            ("legal_hold", "=", False),
            ("anonymised_date", "=", False),
        ]

    @api.model
    def _cron_anonymise_expired(self):
        """Anonymise the closed cases past their company's retention period."""
        cases = self.sudo().with_context(active_test=False)
        expired = self.browse()
        remaining = 0
        # A handful of companies (one per kabupaten/kota at most).
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            domain = cases._retention_domain(company)
            found = cases.search(domain, order="date_step, id", limit=RETENTION_BATCH)
            expired |= found
            remaining += cases.search_count(domain) - len(found)
        expired._sapa_anonymise()
        self.env["ir.cron"]._notify_progress(done=len(expired), remaining=remaining)
        return expired

    # ------------------------------------------------------------------
    # Anonymising
    # ------------------------------------------------------------------
    def _sapa_personal_records(self):
        """The records holding personal data of this case (as superuser, archived
        ones included): the case, its lines, its complaints. Addons add theirs
        (sapa_referral: the referrals)."""
        self.ensure_one()
        case = self.sudo().with_context(active_test=False)
        return [
            case,
            case.victim_ids,
            case.perpetrator_ids,
            case.contact_attempt_ids,
            case.outreach_activity_ids,
            case.checkin_ids,
            case.complaint_ids,
        ]

    def _sapa_personal_fields(self, model_name):
        """{field: replacement} of the personal data of ``model_name``."""
        return PERSONAL_FIELDS.get(model_name, {})

    def _sapa_anonymise(self):
        """Remove the personal data of these cases and log it; return True."""
        for case in self.sudo().with_context(
            active_test=False, tracking_disable=True, mail_notrack=True
        ):
            case._sapa_anonymise_one()
        return True

    def _sapa_anonymise_one(self):
        self.ensure_one()
        counts = {"records": 0, "messages": 0, "attachments": 0, "letters": 0}
        groups = [records for records in self._sapa_personal_records() if records]
        env = self.env
        # Values first (no tracking: the context says so), then everything that
        # could still hold the old ones: messages, tracking values, files.
        for records in groups:
            values = self._sapa_personal_fields(records._name)
            values = {name: value for name, value in values.items() if name in records._fields}
            if values:
                records.write(values)
                counts["records"] += len(records)
        documents = [(records._name, records.ids) for records in groups]
        letters = env["sapa.letter"].sudo().search(
            ["|", ("case_id", "=", self.id)]
            + self._documents_domain(documents, "res_model", "res_id")
        )
        counts["letters"] = len(letters.filtered("attachment_id"))
        documents.append((letters._name, letters.ids))
        letters.write({"attachment_id": False})

        messages = env["mail.message"].sudo().search(
            self._documents_domain(documents, "model", "res_id")
        )
        attachments = env["ir.attachment"].sudo().search(
            self._documents_domain(documents, "res_model", "res_id")
        )
        attachments |= messages.attachment_ids
        attachments |= self.complaint_ids.attachment_ids
        counts["messages"] = len(messages)
        counts["attachments"] = len(attachments)
        messages.unlink()  # their tracking values and e-mails go with them
        attachments.unlink()
        env["mail.activity"].sudo().search(
            self._documents_domain(documents, "res_model", "res_id")
        ).unlink()
        # The reporter's portal account no longer follows the complaints.
        env["mail.followers"].sudo().search([
            ("res_model", "=", "sapa.complaint"), ("res_id", "in", self.complaint_ids.ids),
        ]).unlink()

        now = fields.Datetime.now()
        self._sapa_as_workflow().write({"anonymised_date": now})
        company = self.company_id
        env["sapa.anonymisation.log"].sudo().create({
            "case_id": self.id,
            "case_reference": self.name,
            "company_id": company.id,
            "date": now,
            "user_id": env.uid,
            "closed_date": company._sapa_localize(self.date_step).date(),
            "retention_years": company.sapa_retention_years,
            "summary": _(
                "%(records)s records cleared, %(messages)s chatter messages, "
                "%(attachments)s files and the stored PDF of %(letters)s letters removed.",
                **counts,
            ),
        })
        self.message_post(
            body=_("Personal data of this case anonymised: its retention period ended."),
            subtype_xmlid="mail.mt_note",
        )

    @staticmethod
    def _documents_domain(documents, model_field, id_field):
        """A domain matching the records of ``documents`` ([(model, ids)]) by a
        model name and an id column (attachments, messages, activities)."""
        leaves = [
            ["&", (model_field, "=", model), (id_field, "in", ids)]
            for model, ids in documents if ids
        ]
        if not leaves:
            return [("id", "=", 0)]
        domain = ["|"] * (len(leaves) - 1)
        for leaf in leaves:
            domain += leaf
        return domain
