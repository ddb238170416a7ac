"""The final report as the SOP files it: signed by the Sub Koordinator before
the Admin archives it; the Admin sees and prints that signed letter, and no
other confidential letter of the case; past its step it never prints as a draft."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .letter_common import VICTIM_NAME, LetterCommon, pdf_text

FINAL_TEXT = "Korban aman dan kembali bersekolah; keluarga mendampingi."


@tagged("post_install", "-at_install")
class TestFinalReportFiling(LetterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_letter_data()
        cls.walk_case_to_approval(cls.case)
        cls.walk_to(cls.case, "final_report", via="final_report")
        # What the step needs, without the walker's signature.
        cls.case.with_user(cls.subkoor).write({
            "final_report": FINAL_TEXT,
            "monitoring_interval_days": 14,
            "monitoring_checkin_target": 2,
        })

    def _sign(self):
        self.case.with_user(self.subkoor).with_context(
            force_report_rendering=True
        ).action_print_final_report()
        return self.letters_of(self.case, "final_report")

    def test_archiving_needs_the_signed_final_report(self):
        with self.assertRaisesRegex(UserError, "final report signed by the Sub Koordinator"):
            self.case.with_user(self.admin).action_archive_final_report()
        self.assert_stage(self.case, "final_report")
        letter = self._sign()
        self.assertEqual(letter.signatory_id, self.subkoor)
        self.case.with_user(self.admin).action_archive_final_report()
        self.assert_stage(self.case, "monitoring")

    def test_admin_sees_and_prints_the_signed_final_report_only(self):
        letter = self._sign()
        self.case.with_user(self.admin).action_archive_final_report()
        admin_letters = self.env["sapa.letter"].with_user(self.admin).search(
            [("case_id", "=", self.case.id)]
        )
        self.assertEqual(admin_letters, letter, "not the surat tugas nor the outreach report")

        action = self.case.with_user(self.admin).action_print_final_report()
        self.assertEqual(action["report_name"], "sapa_case.report_sapa_case_final")
        self.assertEqual(self.letters_of(self.case, "final_report"), letter, "not signed again")
        pdf, report_type = self.env["ir.actions.report"].with_user(self.admin).with_context(
            force_report_rendering=True
        )._render_qweb_pdf("sapa_case.action_report_sapa_case_final", self.case.ids)
        self.assertEqual(report_type, "pdf")
        self.assertEqual(pdf, letter.attachment_id.raw, "the stored, signed PDF")
        stored = self.env["ir.attachment"].with_user(self.admin).browse(letter.attachment_id.id)
        self.assertEqual(stored.raw[:5], b"%PDF-")
        text = pdf_text(pdf)
        if text is not None:
            self.assertIn(letter.name, text)
            self.assertNotIn("KONSEP", text)

        report = self.env["ir.actions.report"].with_user(self.admin)
        for xmlid in ("sapa_case.action_report_sapa_case_outreach",
                      "sapa_case.action_report_sapa_case_assignment"):
            with self.assertRaises(AccessError, msg=xmlid):
                report.with_context(force_report_rendering=True)._render_qweb_pdf(
                    xmlid, self.case.ids
                )
        # Rendered anew from the case (not the stored letter): refused.
        with self.assertRaises(AccessError):
            report._render_qweb_html("sapa_case.action_report_sapa_case_final", self.case.ids)
        outreach = self.letters_of(self.case, "outreach_report")
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.admin).browse(
                outreach.attachment_id.id
            ).read(["raw"])

    def test_admin_cannot_print_an_unsigned_final_report(self):
        with self.assertRaisesRegex(UserError, "not signed yet"):
            self.case.with_user(self.admin).action_print_final_report()

    def test_final_report_past_its_step_prints_signed_never_as_draft(self):
        self._sign()
        self.case.with_user(self.admin).action_archive_final_report()
        # A case archived before the signature was required: no letter.
        self.letters_of(self.case, "final_report").sudo().attachment_id.unlink()
        self.letters_of(self.case, "final_report").sudo().unlink()
        with self.assertRaisesRegex(UserError, "no signed final report"):
            self.render_html("sapa_case.action_report_sapa_case_final", self.case, self.subkoor)
        # The Sub Koordinator signs it now: numbered, not a draft.
        self.case.with_user(self.subkoor).action_print_final_report()
        letter = self.letters_of(self.case, "final_report")
        html = self.render_html("sapa_case.action_report_sapa_case_final", self.case, self.subkoor)
        self.assert_in_letter(html, letter.name, FINAL_TEXT, VICTIM_NAME)
        self.assert_not_in_letter(html, "KONSEP")
