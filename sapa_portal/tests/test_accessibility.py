# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

from pathlib import Path

from odoo.tests import tagged

from .common import SapaBrowserCase
from .test_browser import FILL_FORM_JS

# axe-core, vendored (see axe/README.md): never fetched from elsewhere.
AXE_JS = (Path(__file__).parent / "axe" / "axe.min.js").read_text(encoding="utf-8")

# axe's findings that fail the test: serious or critical, and the heading order
# (moderate for axe, but a screen reader user jumps by headings).
AXE_RUN_JS = """
(async () => {
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations
        .filter((v) => ["serious", "critical"].includes(v.impact) || v.id === "heading-order")
        .map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary),
        }));
})()
"""


@tagged("post_install", "-at_install")
class TestAccessibility(SapaBrowserCase):
    """axe-core in the browser on the form, the form with errors, the receipt,
    the status pages and a letter's verification page: no serious or critical
    violation, headings in order. Then the keyboard path of an error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        complaint = cls.env["sapa.complaint"].create(
            {"channel": "online", "description": "Story.", "state_id": cls.province.id}
        )
        cls.letter = cls.env["sapa.letter"].sudo().create(
            {
                "name": "400.2/0001/Surat Tugas/DPPPA/XII/2026-PANJANG-SEKALI",
                "letter_type_id": cls.env.ref("sapa_case.sapa_letter_type_assignment").id,
                "date": "2026-12-01",
                "company_id": cls.env.company.id,
                "res_model": "sapa.complaint",
                "res_id": complaint.id,
                "signatory_name": "Dra. Hj. Kepala Dinas Pemberdayaan Perempuan, M.Si.",
                "signatory_position": "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            }
        )

    def assert_accessible(self, page):
        if not page.eval("typeof axe !== 'undefined'"):
            page.eval(AXE_JS)
        self.assertEqual(page.eval(AXE_RUN_JS), [], page.eval("location.href"))

    def test_public_pages_have_no_serious_violation(self):
        with self.sapa_browser() as page:
            for lang in ("", "/en"):
                page.open(f"{lang}/")
                self.assert_accessible(page)
                page.open(f"{lang}/sapa/pengaduan")
                self.assert_accessible(page)
                # Emergency numbers shown large (the danger answer).
                page.eval("document.querySelector('label[for=sapa_in_danger_yes]').click()")
                self.assert_accessible(page)
            page.open("/sapa/pengaduan")
            page.eval("document.querySelector('.o_sapa_submit').click()")
            page.wait("!!document.querySelector('.o_sapa_error_summary')")
            self.assert_accessible(page)
            page.open("/sapa/pengaduan")
            self.assertTrue(page.eval(FILL_FORM_JS))
            page.eval("document.querySelector('.o_sapa_submit').click()")
            page.wait("!!document.querySelector('.o_sapa_receipt .o_sapa_code')")
            self.assert_accessible(page)
            page.eval("document.querySelector('.o_sapa_status_link').click()")
            page.wait("!!document.querySelector('.o_sapa_public_status')")
            self.assert_accessible(page)
            page.open("/sapa/status")
            self.assert_accessible(page)
            page.open(f"/sapa/verifikasi/{self.letter.verification_code}")
            self.assertTrue(page.eval("!!document.querySelector('#sapa_letter_valid')"))
            self.assert_accessible(page)
            page.open("/sapa/verifikasi/TIDAKADA")
            self.assert_accessible(page)
        self.assert_no_external_request()

    def test_axe_finds_what_it_must(self):
        # What makes the test above able to fail: light grey on white, a heading
        # skipping levels.
        with self.sapa_browser() as page:
            page.open("/sapa/status")
            page.eval(
                "document.querySelector('main').insertAdjacentHTML('beforeend',"
                " '<h5>Skipped</h5><p style=\"color:#ccc\">Hard to read</p>')"
            )
            page.eval(AXE_JS)
            found = {violation["id"] for violation in page.eval(AXE_RUN_JS)}
        self.assertEqual(found, {"color-contrast", "heading-order"})

    def test_errors_are_listed_as_links_to_their_fields_and_get_the_focus(self):
        with self.sapa_browser() as page:
            page.open("/en/sapa/pengaduan")
            page.eval(
                "document.querySelector('#sapa_reporter_phone').value = '12345';"
                "document.querySelector('.o_sapa_submit').click()"
            )
            page.wait("!!document.querySelector('.o_sapa_error_summary')")
            page.wait("document.activeElement.id === 'sapa_error_summary'")
            links = page.eval(
                "[...document.querySelectorAll('.o_sapa_error_summary a')]"
                ".map((a) => [a.getAttribute('href'), a.textContent.trim()])"
            )
            targets = [href for href, _text in links]
            # In the order of the page, each to its field.
            self.assertEqual(targets[:4], ["#sapa_reporter_relation_victim", "#sapa_reporter_name",
                                           "#sapa_reporter_phone", "#sapa_description"])
            self.assertIn(["#sapa_reporter_phone", "This is not a valid phone number. "
                           "Example: 0812-3456-7890."], links)
            self.assertIn("#sapa_consent_data", targets)
            for href in targets:
                self.assertTrue(page.eval(f"!!document.querySelector('{href}')"), href)
            # The phone field says it is wrong and which message describes it.
            self.assertEqual(
                page.eval("document.querySelector('#sapa_reporter_phone')"
                          ".getAttribute('aria-invalid')"), "true")
            described = page.eval(
                "document.querySelector('#sapa_reporter_phone').getAttribute('aria-describedby')"
            ).split()
            self.assertIn("sapa_reporter_phone_error", described)
            self.assertEqual(
                page.eval("document.getElementById('sapa_reporter_phone_error').textContent.trim()"),
                "This is not a valid phone number. Example: 0812-3456-7890.",
            )
            # Following the link puts the keyboard in the field.
            page.eval("document.querySelector(\"a[href='#sapa_reporter_phone']\").click()")
            page.wait("document.activeElement.id === 'sapa_reporter_phone'")
            # A field without a problem is not marked.
            self.assertIsNone(
                page.eval("document.querySelector('#sapa_incident_date')"
                          ".getAttribute('aria-invalid')")
            )

    def test_the_verification_page_fits_a_320px_screen(self):
        self.browser_size = "320x640"
        with self.sapa_browser() as page:
            for code in (self.letter.verification_code, "TIDAKADA"):
                page.open(f"/sapa/verifikasi/{code}")
                self.assertLessEqual(
                    page.eval("document.documentElement.scrollWidth"), 320, code
                )
        self.assert_no_external_request()
