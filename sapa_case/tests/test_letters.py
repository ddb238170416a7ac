import re
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..utils.date_id import format_date_id, to_roman
from .letter_common import (
    KADIN_NIP,
    REPORTER_NAME,
    STORY,
    VICTIM_NAME,
    LetterCommon,
    pdf_text,
)

NUMBER_RE = r"400\.2\.7/\d{4,}/DP3A/[IVXLC]+/\d{4}"


@tagged("post_install", "-at_install")
class TestLetters(LetterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_letter_data()
        cls.walk_case_to_approval(cls.case)

    def _approve(self, **context):
        self.case.with_user(self.kadin).with_context(**context).action_approve()
        return self.letters_of(self.case, "assignment")

    # Surat tugas --------------------------------------------------------------
    def test_printing_before_approval_gives_a_draft_without_number(self):
        html = self.render_html(
            "sapa_case.action_report_sapa_case_assignment", self.case, self.kabid
        )
        self.assert_in_letter(html, "DRAFT / KONSEP")
        self.assert_in_letter(html, "Surat Tugas")
        self.assertIsNone(re.search(NUMBER_RE, html), "a draft has no number")
        self.assertFalse(self.letters_of(self.case), "printing a draft issues nothing")

    def test_approval_issues_the_numbered_surat_tugas_signed_by_kepala_dinas(self):
        letter = self._approve()
        self.assertEqual(len(letter), 1)
        today = letter.company_id._sapa_today()
        self.assertRegex(letter.name, rf"^{NUMBER_RE}$")
        self.assertTrue(letter.name.endswith(f"/DP3A/{to_roman(today.month)}/{today.year}"))
        self.assertEqual(letter.date, today)
        self.assertEqual(letter.case_id, self.case)
        self.assertEqual(letter.signatory_id, self.kadin)
        self.assertEqual(letter.signatory_name, "Siti Rahmawati Kadin")
        self.assertEqual(letter.signatory_nip, KADIN_NIP)
        self.assertEqual(letter.attachment_id.res_model, "sapa.letter")
        self.assertEqual(letter.attachment_id.res_id, letter.id)
        self.assertIn(letter.name.encode(), letter.attachment_id.raw)
        self.assertTrue(any(letter.name in body for body in self.case.message_ids.mapped("body")))

        # What was signed stays signed: a later change of the official does not
        # change the letter, and printing again keeps the number, without draft mark.
        self.kadin.sapa_position = "Penjabat Kepala Dinas"
        self.assertEqual(
            letter.signatory_position,
            "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        )
        html = self.render_html(
            "sapa_case.action_report_sapa_case_assignment", self.case, self.konselor
        )
        self.assert_in_letter(html, letter.name)
        self.assert_in_letter(html, "Kota Bogor, " + format_date_id(today))
        self.assert_in_letter(html, KADIN_NIP)
        self.assert_in_letter(html, "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak")
        self.assert_not_in_letter(html, "DRAFT / KONSEP")
        self.assert_in_letter(html, f"/sapa/verifikasi/{letter.verification_code}")
        self.assert_in_letter(html, 'src="data:image/png;base64,')  # the QR code, inline

    def test_surat_tugas_names_team_roles_tasks_place_period_not_the_victim(self):
        self._approve()
        # Indonesian dates whatever the user's language ("Desember", not "December")
        self.assertEqual(self.kadin.lang, "en_US")
        html = self.render_html(
            "sapa_case.action_report_sapa_case_assignment", self.case, self.kadin
        )
        for text in (
            "Dewi Subkoor", "Sub Koordinator", "Koordinasi penanganan kasus",
            "Yohana Konselor", "Konselor / Konsultan", "Asesmen psikologis korban",
            "1 Desember 2026 sampai dengan 14 Desember 2026", self.case.name,
            # letterhead from the company
            "Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Bogor",
            "Jl. Pemuda No. 25", "(0251) 8311234", "dp3a@kotabogor.example.go.id",
        ):
            self.assert_in_letter(html, text)
        self.assert_not_in_letter(html, VICTIM_NAME, STORY)

    def test_letter_numbers_are_unique_and_a_letter_is_issued_once(self):
        letter = self._approve()
        with self.assertRaisesRegex(UserError, "already issued"):
            self.env["sapa.letter"].with_user(self.kadin)._issue(
                self.case, "assignment", self.kadin
            )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["sapa.letter"].create({
                "name": letter.name, "letter_type_id": letter.letter_type_id.id,
                "date": letter.date, "company_id": letter.company_id.id,
                "res_model": "sapa.complaint", "res_id": self.complaint.id,
            })

    def test_verification_code_is_long_random_and_unique(self):
        letter = self._approve()
        receipt = self.env["sapa.letter"].with_user(self.admin)._issue(
            self.complaint, "receipt", self.admin
        )
        for code in (letter.verification_code, receipt.verification_code):
            self.assertRegex(code, r"^[A-Za-z0-9_-]{32}$")
        self.assertNotEqual(letter.verification_code, receipt.verification_code)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            receipt.sudo().verification_code = letter.verification_code
            receipt.flush_recordset()

    def test_issued_letter_is_a_real_pdf_and_prints_again_from_the_stored_pdf(self):
        letter = self._approve(force_report_rendering=True)
        pdf = letter.attachment_id.raw
        self.assertEqual(pdf[:5], b"%PDF-")
        self.assertEqual(letter.attachment_id.mimetype, "application/pdf")
        reprint, report_type = self.env["ir.actions.report"].with_user(self.konselor).with_context(
            force_report_rendering=True
        )._render_qweb_pdf("sapa_case.action_report_sapa_case_assignment", self.case.ids)
        self.assertEqual(report_type, "pdf")
        self.assertEqual(reprint, pdf, "an issued letter prints from its stored PDF")
        text = pdf_text(pdf)
        if text is not None:  # the %PDF check above never skips
            self.assertIn(letter.name, text)
            self.assertIn("SURAT TUGAS", text)
            self.assertIn("Siti Rahmawati Kadin", text)
            self.assertIn(KADIN_NIP, text)
            self.assertNotIn("KONSEP", text)

    # Access --------------------------------------------------------------------
    def test_counselor_outside_the_team_cannot_print_or_read_the_case_letters(self):
        letter = self._approve(force_report_rendering=True)
        report = self.env["ir.actions.report"].with_user(self.other_konselor)
        with self.assertRaises(AccessError):
            report._render_qweb_html("sapa_case.action_report_sapa_case_assignment", self.case.ids)
        with self.assertRaises(AccessError):  # the stored-PDF path checks too
            report.with_context(force_report_rendering=True)._render_qweb_pdf(
                "sapa_case.action_report_sapa_case_assignment", self.case.ids
            )
        Letter = self.env["sapa.letter"].with_user(self.other_konselor)
        self.assertFalse(Letter.search([("id", "=", letter.id)]))
        with self.assertRaises(AccessError):
            Letter.browse(letter.id).read(["name"])
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.other_konselor).browse(
                letter.attachment_id.id
            ).read(["raw"])
        # ... while the team's Konselor may
        html = self.render_html(
            "sapa_case.action_report_sapa_case_assignment", self.case, self.konselor
        )
        self.assert_in_letter(html, letter.name)
        team_letters = self.env["sapa.letter"].with_user(self.konselor).search(
            [("case_id", "=", self.case.id)]
        )
        self.assertEqual(team_letters, letter)

    # Outreach report and final report ------------------------------------------
    def _walk_to_decision(self):
        self._approve()
        self.walk_to(self.case, "decision", values={"outreach": {
            "outreach_activity_ids": [Command.create({
                "activity_type": "home_visit",
                "date": date(2026, 12, 2),
                "place": "Rumah korban",
                "findings": "Korban tampak takut; ibu korban kooperatif.",
            })],
            "outreach_report": "Penjangkauan dilakukan bersama ibu korban.",
            "recommendation": "Rujuk ke UPTD PPA untuk pendampingan psikologis.",
        }})
        return self.letters_of(self.case, "outreach_report")

    def test_submitting_the_outreach_report_issues_it_with_findings_and_recommendations(self):
        letter = self._walk_to_decision()
        self.assertEqual(len(letter), 1)
        # Submitted by the Konselor, signed by the team's coordinator (SOP).
        self.assertEqual(letter.signatory_id, self.subkoor)
        html = self.render_html("sapa_case.action_report_sapa_case_outreach", self.case, self.kadin)
        assignment = self.letters_of(self.case, "assignment")
        for text in (
            letter.name, assignment.name, "Kunjungan rumah", "2 Desember 2026", "Rumah korban",
            "Korban tampak takut", "Penjangkauan dilakukan bersama ibu korban",
            "Rujuk ke UPTD PPA", "Yohana Konselor",
        ):
            self.assert_in_letter(html, text)

    def test_final_report_is_signed_once_by_the_sub_koordinator(self):
        self._walk_to_decision()
        self.case.with_user(self.kadin).action_decide_no_referral()
        with self.assertRaisesRegex(UserError, "Write the final report"):
            self.case.with_user(self.subkoor).action_print_final_report()
        self.case.with_user(self.subkoor).final_report = "Korban aman dan kembali bersekolah."
        with self.assertRaises(UserError):
            self.case.with_user(self.konselor).action_print_final_report()
        action = self.case.with_user(self.subkoor).action_print_final_report()
        self.assertEqual(action["report_name"], "sapa_case.report_sapa_case_final")
        letter = self.letters_of(self.case, "final_report")
        self.assertEqual(letter.signatory_id, self.subkoor)
        self.case.with_user(self.subkoor).action_print_final_report()
        self.assertEqual(self.letters_of(self.case, "final_report"), letter, "signed once")
        html = self.render_html("sapa_case.action_report_sapa_case_final", self.case, self.subkoor)
        for text in (
            letter.name, "Korban aman dan kembali bersekolah.", "Tidak memerlukan rujukan",
            VICTIM_NAME, "Dewi Subkoor",
        ):
            self.assert_in_letter(html, text)

    def test_admin_cannot_print_or_read_the_confidential_reports(self):
        self._walk_to_decision()
        self.case.with_user(self.kadin).action_decide_no_referral()
        self.case.with_user(self.subkoor).final_report = "Laporan akhir."
        self.case.with_user(self.subkoor).action_print_final_report()
        report = self.env["ir.actions.report"].with_user(self.admin)
        for xmlid in ("sapa_case.action_report_sapa_case_outreach",
                      "sapa_case.action_report_sapa_case_final"):
            with self.assertRaises(AccessError, msg=xmlid):
                report._render_qweb_html(xmlid, self.case.ids)
        visible = self.env["sapa.letter"].with_user(self.admin).search(
            [("case_id", "=", self.case.id)]
        )
        # The Admin files the signed final report (test_final_report_filing.py),
        # never reads the outreach report.
        self.assertEqual(visible.mapped("letter_type_id.code"), ["final_report"])
        self.assertEqual(len(self.letters_of(self.case)), 3)
        # A Konselor of the team reads the outreach report but not the final report.
        codes = self.env["sapa.letter"].with_user(self.konselor).search(
            [("case_id", "=", self.case.id)]
        ).mapped("letter_type_id.code")
        self.assertEqual(sorted(codes), ["assignment", "outreach_report"])

    # Receipt -------------------------------------------------------------------
    def test_receipt_shows_reference_date_channel_contact_but_no_identity_or_story(self):
        self.assertIn(VICTIM_NAME, self.case.victim_ids.mapped("name"))
        self.complaint.with_user(self.admin).action_print_receipt()
        letter = self.letters_of(self.complaint, "receipt")
        self.assertEqual(letter.signatory_id, self.admin)
        self.complaint.with_user(self.admin).action_print_receipt()
        self.assertEqual(self.letters_of(self.complaint, "receipt"), letter, "issued once")
        html = self.render_html(
            "sapa_case.action_report_sapa_complaint_receipt", self.complaint, self.admin
        )
        for text in (
            "Tanda Terima Pengaduan", letter.name, self.complaint.name,
            "29 November 2026 pukul 14.05 WIB", "WhatsApp", "(0251) 8311234",
            "dp3a@kotabogor.example.go.id", "08111-129-129",
        ):
            self.assert_in_letter(html, text)
        for secret in (VICTIM_NAME, STORY, "XYZZY", REPORTER_NAME, "081234567890"):
            self.assert_not_in_letter(html, secret)

    def test_receipt_pdf_renders_with_its_number(self):
        letter = self.env["sapa.letter"].with_user(self.admin).with_context(
            force_report_rendering=True
        )._issue(self.complaint, "receipt", self.admin)
        pdf = letter.attachment_id.raw
        self.assertEqual(pdf[:5], b"%PDF-")
        text = pdf_text(pdf)
        if text is not None:  # the %PDF check above never skips
            self.assertIn(letter.name, text)
            self.assertIn(self.complaint.name, text)
            self.assertNotIn(VICTIM_NAME, text)
            self.assertIsNone(re.search("XYZZY", text))

    def test_counselor_cannot_print_a_receipt(self):
        with self.assertRaises(AccessError):
            self.render_html(
                "sapa_case.action_report_sapa_complaint_receipt", self.complaint, self.konselor
            )
        with self.assertRaises(AccessError):
            self.env["sapa.letter"].with_user(self.konselor)._issue(
                self.complaint, "receipt", self.konselor
            )
        self.assertFalse(self.letters_of(self.complaint))
