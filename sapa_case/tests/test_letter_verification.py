from odoo.tests import HttpCase, tagged

from ..utils.date_id import format_date_id
from .letter_common import STORY, VICTIM_NAME, LetterCommon
from .public_page_checks import PublicHeadersMixin


@tagged("post_install", "-at_install")
class TestLetterVerification(LetterCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_letter_data()
        cls.walk_case_to_approval(cls.case)
        cls.case.with_user(cls.kadin).action_approve()
        cls.letter = cls.env["sapa.letter"].search(
            [("case_id", "=", cls.case.id), ("letter_type_id.code", "=", "assignment")]
        )

    def _get(self, path):
        # never authenticated: the page is public
        return self.url_open(path, allow_redirects=False)

    def _assert_no_case_data(self, html):
        for secret in (
            self.case.name, self.complaint.name, VICTIM_NAME, STORY, "Dewi Subkoor",
            "Yohana Konselor", "Koordinasi penanganan kasus", "Kota Bogor",
        ):
            self.assertNotIn(secret, html)

    def test_genuine_letter_shows_only_number_date_type_and_signatory(self):
        response = self._get(f"/sapa/verifikasi/{self.letter.verification_code}")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn('id="sapa_letter_valid"', html)
        self.assertNotIn('id="sapa_letter_invalid"', html)
        for text in (
            self.letter.name, "Surat Tugas Tim Penjangkauan", "Siti Rahmawati Kadin",
            "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        ):
            self.assertIn(text, html)
        self.assertIn(format_date_id(self.letter.date), html)
        self.assertNotIn(self.letter.signatory_nip, html)
        self._assert_no_case_data(html)
        self.assertEqual(response.headers.get("X-Robots-Tag"), "noindex, nofollow")

    def test_unknown_tampered_and_malformed_codes_are_not_valid(self):
        code = self.letter.verification_code
        tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
        for path in (
            f"/sapa/verifikasi/{tampered}",
            f"/sapa/verifikasi/{'x' * 32}",
            f"/sapa/verifikasi/{code[:-1]}",                  # truncated
            f"/sapa/verifikasi/{code}0",                      # extended
            "/sapa/verifikasi/%27%20OR%201=1--",               # SQL-ish
            "/sapa/verifikasi/%3Cscript%3Ealert(1)%3C",
            f"/sapa/verifikasi/{self.letter.id}",             # an id is not a code
            "/sapa/verifikasi",
        ):
            response = self._get(path)
            self.assertEqual(response.status_code, 404, path)
            self.assertIn('id="sapa_letter_invalid"', response.text, path)
            self.assertNotIn('id="sapa_letter_valid"', response.text, path)
            self.assertNotIn("<script>alert(1)", response.text, path)
            self.assertNotIn(self.letter.name, response.text, path)
            self._assert_no_case_data(response.text)

    def test_qr_code_of_the_letter_points_to_the_verification_page(self):
        self.assertEqual(
            self.letter.verification_url,
            f"{self.letter.get_base_url()}/sapa/verifikasi/{self.letter.verification_code}",
        )
        html = self.letter.attachment_id.raw.decode()  # test mode stores the HTML
        self.assertIn(self.letter.verification_url, html)
        response = self._get(self.letter.verification_url.removeprefix(self.letter.get_base_url()))
        self.assertEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestLetterVerificationHeaders(PublicHeadersMixin, LetterCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_letter_data()
        cls.letter = cls.env["sapa.letter"].sudo().create({
            "letter_type_id": cls.env["sapa.letter.type"]._get_by_code("receipt").id,
            "name": "TEST/0001",
            "date": "2026-11-30",
            "company_id": cls.env.company.id,
            "res_model": "sapa.complaint",
            "res_id": cls.complaint.id,
        })

    def test_verification_pages_cannot_be_framed_cached_or_indexed(self):
        for path in (f"/sapa/verifikasi/{self.letter.verification_code}", "/sapa/verifikasi",
                     "/sapa/verifikasi/unknown"):
            response = self.url_open(path, allow_redirects=False)
            self.assertPublicHeaders(response, what=path)

    def test_hostile_codes_get_the_not_valid_page(self):
        for code in ("%00", "a%00" * 8, "9" * 40, "x" * 5000, "%FF%FE", "-1"):
            path = f"/sapa/verifikasi/{code}"
            response = self.url_open(path, allow_redirects=False)
            self.assertEqual(response.status_code, 404, path[:60])
            self.assertIn('id="sapa_letter_invalid"', response.text)
