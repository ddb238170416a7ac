"""Shared set-up of the letter tests: the Dinas as company, one user per role,
and a complaint turned into a case that is walked through the real workflow."""

import shutil
import subprocess
from datetime import date

from odoo import fields

from .common import SapaTestMixin, create_role_user

KADIN_NIP = "197001011995032001"
VICTIM_NAME = "Melati Sukmawati"
STORY = "Cerita rahasia pelapor tentang kejadian di rumah XYZZY"
REPORTER_NAME = "Budi Santoso Pelapor"


class LetterCommon(SapaTestMixin):
    """Mixin for TransactionCase / HttpCase classes."""

    @classmethod
    def setup_letter_data(cls):
        # English messages (asserted below), Jakarta time
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tz="Asia/Jakarta"))
        cls.company = cls.env.company
        cls.company.write({
            "name": "Dinas Pemberdayaan Perempuan dan Perlindungan Anak Kota Bogor",
            "street": "Jl. Pemuda No. 25",
            "city": "Kota Bogor",
            "zip": "16161",
            "phone": "(0251) 8311234",
            "email": "dp3a@kotabogor.example.go.id",
            "website": "https://dp3a.kotabogor.example.go.id",
        })
        # English users: messages asserted below are the English sources, and
        # letters must be Indonesian whatever the user's language.
        cls._setup_sapa(login_prefix="letter", lang="en_US", names={
            "admin": "Rina Admin",
            "subcoordinator": "Dewi Subkoor",
            "counselor": "Yohana Konselor",
            "head_division": "Bambang Kabid",
            "head_agency": "Siti Rahmawati Kadin",
        })
        cls.other_konselor = create_role_user(
            cls.env, "counselor", "letter_other_konselor", name="Outsider Konselor", lang="en_US"
        )
        cls.kadin.write({
            "sapa_position": "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            "sapa_nip": KADIN_NIP,
        })
        cls.case = cls.create_case(
            channel="whatsapp",
            reporter_name=REPORTER_NAME,
            reporter_phone="081234567890",
            reporter_relation="neighbour",
            description=STORY,
            date_received=fields.Datetime.to_datetime("2026-11-29 07:05:00"),
            incident_date=False,
            violence_type_ids=[],
        )
        cls.complaint = cls.case.complaint_ids

    @classmethod
    def walk_case_to_approval(cls, case):
        """Received -> identification -> verification -> approval, each step by its
        role, as the SOP wants it."""
        return cls.walk_to(case, "approval", values={
            "identification": {
                "identification": "Korban anak, kekerasan fisik oleh anggota keluarga.",
                "risk_level": "high",
                "victim_ids": [
                    fields.Command.create({"name": VICTIM_NAME, "sex": "female", "age": 12})
                ],
            },
            "verification": {
                "team_member_ids": [
                    fields.Command.create({
                        "user_id": cls.subkoor.id, "role": "subcoordinator",
                        "task": "Koordinasi penanganan kasus",
                    }),
                    fields.Command.create({
                        "user_id": cls.konselor.id, "role": "counselor",
                        "task": "Asesmen psikologis korban",
                    }),
                ],
                "assignment_period_start": date(2026, 12, 1),
                "assignment_period_end": date(2026, 12, 14),
            },
        })

    def render_html(self, report_xmlid, records, user):
        html, _report_type = self.env["ir.actions.report"].with_user(user)._render_qweb_html(
            report_xmlid, records.ids
        )
        return html.decode()

    def letters_of(self, record, code=None):
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        if code:
            domain.append(("letter_type_id.code", "=", code))
        return self.env["sapa.letter"].search(domain)

    def assert_in_letter(self, html, *texts):
        """Letters embed images as base64: report the missing text, not the page."""
        missing = [text for text in texts if text not in html]
        self.assertFalse(missing, f"missing from the letter: {missing}")

    def assert_not_in_letter(self, html, *texts):
        present = [text for text in texts if text in html]
        self.assertFalse(present, f"must not be in the letter: {present}")


def pdf_text(pdf):
    """The text of a PDF (poppler's pdftotext), or None where it is not installed."""
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        return None
    result = subprocess.run(  # noqa: S603 - fixed executable, our own PDF on stdin
        [pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()
