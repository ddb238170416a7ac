"""Letters as a Dinas writes them, read back from the PDF: the kop with the
government line and the Dinas' own logo, signature blocks with jabatan,
pangkat/golongan and NIP, each letter signed by the role the SOP names, and
the verification address frozen when the letter is signed."""

import base64
import re

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .letter_common import LetterCommon, pdf_text

# A 1x1 PNG: the Dinas' own emblem in these tests.
EMBLEM_PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc000000301010018dd8db4"
    "0000000049454e44ae426082"
))
VERIFY_BASE = "https://sapa.kotabogor.example.go.id"

SIGNATORIES = {
    "head_agency": ("Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
                    "Pembina Utama Muda (IV/c)", "197001011995032001"),
    "head_division": ("Kepala Bidang Perlindungan Perempuan dan Anak",
                      "Pembina (IV/a)", "197506101999031004"),
    "subcoordinator": ("Sub Koordinator Perlindungan Hak Perempuan",
                       "Penata Tingkat I (III/d)", "198203152006042003"),
}


def flat(text):
    """pdftotext's text with its layout spaces and line breaks as single spaces."""
    return re.sub(r"\s+", " ", text or "")


@tagged("post_install", "-at_install")
class TestLettersDinas(LetterCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_letter_data()
        cls.company.write({
            "sapa_government_name": "PEMERINTAH KOTA BOGOR",
            "sapa_verification_base_url": VERIFY_BASE + "/",
        })
        for role, (position, rank, nip) in SIGNATORIES.items():
            cls.users[role].write({"sapa_position": position, "sapa_rank": rank, "sapa_nip": nip})
        cls.walk_case_to_approval(cls.case)

    def _pdf_text(self, letter):
        pdf = letter.attachment_id.raw
        self.assertEqual(pdf[:5], b"%PDF-", "signed with force_report_rendering: a real PDF")
        text = pdf_text(pdf)
        if text is None:
            self.skipTest("pdftotext (poppler-utils) is not installed")
        return flat(text)

    def _assert_signed_by(self, text, role):
        user = self.users[role]
        position, rank, nip = SIGNATORIES[role]
        for value in (user.name, position, rank, f"NIP. {nip}"):
            self.assertIn(value, text, f"signature block of {role}")

    def _to_decision(self):
        self.case.with_user(self.kadin).with_context(force_report_rendering=True).action_approve()
        self.case.with_user(self.konselor).write({
            "outreach_activity_ids": [Command.create({
                "activity_type": "home_visit", "place": "Rumah korban",
                "findings": "Korban bersedia didampingi.",
            })],
            "outreach_report": "Penjangkauan dilakukan sesuai surat tugas.",
            "recommendation": "Pendampingan psikologis lanjutan.",
        })
        self.case.with_user(self.konselor).with_context(
            force_report_rendering=True
        ).action_submit_outreach_report()

    def test_surat_tugas_kop_and_kepala_dinas_signature_from_the_pdf(self):
        self.case.with_user(self.kadin).with_context(force_report_rendering=True).action_approve()
        letter = self.letters_of(self.case, "assignment")
        text = self._pdf_text(letter)
        self.assertIn("PEMERINTAH KOTA BOGOR", text)
        self.assertIn("DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK KOTA BOGOR", text)
        self._assert_signed_by(text, "head_agency")
        self.assertIn(letter.name, text)
        self.assertNotIn("KONSEP", text)

    def test_verification_address_is_the_company_setting_frozen_at_signing(self):
        self.case.with_user(self.kadin).with_context(force_report_rendering=True).action_approve()
        letter = self.letters_of(self.case, "assignment")
        expected = f"{VERIFY_BASE}/sapa/verifikasi/{letter.verification_code}"
        self.assertEqual(letter.verification_url, expected)
        self.assertIn(expected, self._pdf_text(letter).replace(" ", ""))
        # A later change of the setting or of the server's address changes no
        # signed letter.
        self.company.sapa_verification_base_url = "https://other.example.org"
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "http://localhost:9999")
        letter.invalidate_recordset()
        self.assertEqual(letter.verification_url, expected)
        # Without the setting, letters signed from now on use web.base.url.
        self.company.sapa_verification_base_url = False
        self.complaint.with_user(self.admin).action_print_receipt()
        receipt = self.letters_of(self.complaint, "receipt")
        self.assertTrue(receipt.verification_url.startswith("http://localhost:9999/sapa/verifikasi/"))

    def test_outreach_report_goes_to_kepala_dinas_signed_by_the_team_coordinator(self):
        self._to_decision()
        letter = self.letters_of(self.case, "outreach_report")
        self.assertEqual(letter.signatory_id, self.subkoor, "the team's coordinator signs")
        text = self._pdf_text(letter)
        kadin_position = SIGNATORIES["head_agency"][0]
        self.assertIn(f"Kepada Yth. : {kadin_position}", text)
        self.assertIn("Saran dan Tindak Lanjut", text)
        self.assertIn("Koordinator Tim Penjangkauan", text)
        self.assertNotIn("Pelapor,", text)
        self._assert_signed_by(text, "subcoordinator")

    def test_final_report_signed_by_the_case_manager_known_to_kepala_bidang(self):
        self._to_decision()
        self.case.with_user(self.kadin).action_decide_no_referral()
        self.case.with_user(self.subkoor).write({
            "final_report": "Korban aman dan kembali bersekolah.",
            "monitoring_interval_days": 14,
            "monitoring_checkin_target": 2,
        })
        # Only the case manager makes and signs it, not another official.
        with self.assertRaisesRegex(UserError, "signed by its case manager"):
            self.case.with_user(self.kabid).action_print_final_report()
        self.case.with_user(self.subkoor).with_context(
            force_report_rendering=True
        ).action_print_final_report()
        letter = self.letters_of(self.case, "final_report")
        self.assertEqual(
            (letter.signatory_id, letter.acknowledger_id), (self.subkoor, self.kabid)
        )
        text = self._pdf_text(letter)
        self.assertIn("Mengetahui,", text)
        self._assert_signed_by(text, "subcoordinator")
        self._assert_signed_by(text, "head_division")
        self.assertIn("diserahkan kepada Admin", text)
        self.assertNotIn("KONSEP", text)

    def test_kop_shows_the_dinas_logo_never_the_odoo_placeholder(self):
        self.assertTrue(self.company.uses_default_logo)
        html = self.render_html("sapa_case.action_report_sapa_case_assignment", self.case,
                                self.kadin)
        self.assertNotIn('alt="Logo"', html, "no 'Your logo' placeholder")
        self.company.logo = EMBLEM_PNG
        self.assertFalse(self.company.uses_default_logo)
        html = self.render_html("sapa_case.action_report_sapa_case_assignment", self.case,
                                self.kadin)
        self.assertIn('alt="Logo"', html)
        self.assertIn(EMBLEM_PNG.decode(), html)
