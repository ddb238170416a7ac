from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils.date_id import format_date_id


class SapaCase(models.Model):
    """The official letters of a case: the surat tugas (issued when Kepala Dinas
    approves), the outreach report (issued when the team submits it) and the
    final report (issued by the Sub Koordinator). Kept apart from the workflow in
    sapa_case.py, which calls the two hooks below."""

    _inherit = "sapa.case"

    letter_ids = fields.One2many("sapa.letter", "case_id", string="Letters", sapa_class="workflow")
    letter_count = fields.Integer(compute="_compute_letter_count", sapa_class="workflow")

    @api.depends("letter_ids")
    def _compute_letter_count(self):
        for case in self:
            case.letter_count = len(case.letter_ids)

    # Hooks called by the workflow ------------------------------------------
    def _issue_assignment_letter(self):
        """Surat tugas, signed by the approving Kepala Dinas (end of action_approve)."""
        for case in self:
            case._issue_letter("assignment")

    def _issue_outreach_report_letter(self):
        """Outreach report (saran dan tindak lanjut) from the outreach team to
        Kepala Dinas, signed by the team's coordinator."""
        for case in self:
            case._issue_letter("outreach_report", signatory=case._outreach_coordinator())

    def _outreach_coordinator(self):
        """The coordinator of the outreach team (its Sub Koordinator), who signs
        the team's report; else the case manager, else the current user."""
        self.ensure_one()
        coordinators = self.sudo().team_member_ids.filtered(
            lambda member: member.role == "subcoordinator"
        ).user_id
        return (coordinators[:1] or self.user_id or self.env.user).with_env(self.env)

    def _final_report_acknowledger(self):
        """The Kepala Bidang who acknowledges ("Mengetahui") the final report: the
        company's, else the one who verified the case."""
        self.ensure_one()
        return self.company_id.sapa_head_division_user_id or self.sudo().verified_by_id

    def _issue_letter(self, type_code, signatory=None, acknowledger=None):
        self.ensure_one()
        letter = self.env["sapa.letter"]._issue(
            self, type_code, signatory or self.env.user, acknowledger_user=acknowledger
        )
        self.message_post(
            body=_("%(letter)s issued with number %(number)s.",
                   letter=letter.letter_type_id.name, number=letter.name),
            subtype_xmlid="mail.mt_note",
        )
        return letter

    def _missing_for_transition(self, old, new, vals):
        missing = super()._missing_for_transition(old, new, vals)
        # The Admin files the final report the Sub Koordinator signed: what is
        # archived is the signed letter, never a draft.
        if (old, new) == ("final_report", "monitoring") and not self.env[
            "sapa.letter"
        ]._get_issued(self, "final_report"):
            missing.append(
                _("the final report signed by the Sub Koordinator (Sign and print final report)")
            )
        return missing

    # Actions -----------------------------------------------------------------
    def action_print_final_report(self):
        """Sign the final report on its first print (numbered, PDF stored, signed by
        the Sub Koordinator who prints it); later prints give the stored letter.
        The Admin, who files it, prints the signed letter (and only that)."""
        if not self.env.user.has_group("sapa_case.group_sapa_subcoordinator"):
            return self._print_filed_final_report()
        self._check_step("final_report", "monitoring", "closed")
        for case in self:
            if self.env["sapa.letter"]._get_issued(case, "final_report"):
                continue
            if not (case.final_report or "").strip():
                raise UserError(_("Write the final report of case %s first.", case.name))
            # Made and signed by the case manager (SOP), acknowledged by Kepala Bidang.
            if case.user_id and case.user_id != self.env.user:
                raise UserError(
                    _("The final report of case %(case)s is signed by its case manager, "
                      "%(manager)s.", case=case.name, manager=case.user_id.name)
                )
            case._issue_letter("final_report", acknowledger=case._final_report_acknowledger())
        # data={}, not the report engine's None, which XML-RPC cannot send (the
        # web client reads an empty data as none).
        report = self.env.ref("sapa_case.action_report_sapa_case_final")
        return report.report_action(self, data={})

    def _print_filed_final_report(self):
        """The signed final report, for the Admin who files it: from its stored PDF
        only (see ir.actions.report.retrieve_attachment), never rendered again from
        the case's confidential data."""
        self._check_role("sapa_case.group_sapa_admin", _("print the final report"))
        for case in self:
            if not self.env["sapa.letter"]._get_issued(case, "final_report"):
                raise UserError(
                    _("The final report of case %s is not signed yet: the Sub Koordinator "
                      "signs it first.", case.name)
                )
        report = self.env.ref("sapa_case.action_report_sapa_case_final")
        return report.report_action(self, data={})

    def action_view_letters(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Letters"),
            "res_model": "sapa.letter",
            "view_mode": "list,form",
            "domain": [("case_id", "=", self.id)],
            "context": {"create": False},
        }

    # Letter helpers ----------------------------------------------------------
    def _letter_place(self):
        """Where the outreach takes place, as the surat tugas writes it."""
        self.ensure_one()
        parts = [
            self.village_id.name and f"Desa/Kelurahan {self.village_id.name}",
            self.district_id.name and f"Kecamatan {self.district_id.name}",
            self.regency_id.name,
        ]
        return ", ".join(part for part in parts if part) or self.company_id.city or "-"

    def _letter_period(self):
        """The assignment period, as the surat tugas writes it."""
        self.ensure_one()
        start, end = self.assignment_period_start, self.assignment_period_end
        if start and end:
            return f"{format_date_id(start)} sampai dengan {format_date_id(end)}"
        if start:
            return f"mulai {format_date_id(start)}"
        return "sejak surat tugas ini ditandatangani sampai penanganan kasus selesai"
