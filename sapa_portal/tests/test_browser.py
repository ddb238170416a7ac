# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

from odoo.tests import tagged

from .common import SapaBrowserCase

# Where each emergency number is, and whether something covers it or it lies
# outside the first screen: a list of problems, empty when all is well.
FIRST_SCREEN_PROBLEMS_JS = """
(() => {
    const problems = [];
    const exit = document.querySelector(".o_sapa_quick_exit");
    const exitBox = exit && exit.getBoundingClientRect();
    if (!exit) {
        problems.push("no quick exit");
    }
    const overlaps = (a, b) =>
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const href of ["tel:129", "https://wa.me/628111129129", "tel:112", "tel:110"]) {
        const link = document.querySelector(`.o_sapa_emergency_bar a[href='${href}']`);
        if (!link) {
            problems.push(`${href}: missing`);
            continue;
        }
        const box = link.getBoundingClientRect();
        if (box.width < 1 || box.height < 1 || box.top < 0 || box.bottom > window.innerHeight
            || box.left < 0 || box.right > window.innerWidth) {
            problems.push(`${href}: not on the first screen (${JSON.stringify(box)})`);
            continue;
        }
        if (exitBox && overlaps(box, exitBox)) {
            problems.push(`${href}: under the quick exit button`);
        }
        // What a tap in the middle of the number would touch.
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (!hit || !link.contains(hit)) {
            problems.push(`${href}: covered by ${hit && hit.outerHTML.slice(0, 80)}`);
        }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) {
        problems.push(`page wider than the screen: ${document.documentElement.scrollWidth}px`);
    }
    return problems;
})()
"""

FILL_FORM_JS = """
(async () => {
    const form = document.querySelector(".o_sapa_complaint_form");
    const set = (selector, value) => {
        const field = form.querySelector(selector);
        field.value = value;
        field.dispatchEvent(new Event("change", { bubbles: true }));
    };
    const optionsOf = async (name, label) => {
        for (let i = 0; i < 100; i++) {
            const option = [...form.querySelector(`select[name='${name}']`).options]
                .find((o) => o.text === label);
            if (option) {
                return option.value;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`${label} never appeared in ${name}`);
    };
    document.querySelector("label[for='sapa_in_danger_yes']").click();
    document.querySelector("label[for='sapa_reporter_relation_family']").click();
    set("input[name='reporter_name']", "Ibu Ratna");
    set("input[name='reporter_phone']", "0812 3456 7890");
    set("textarea[name='description']", "Anak saya dipukul oleh ayah tirinya tadi malam.");
    // The province of the Dinas is chosen already: its kabupaten/kota are listed.
    set("select[name='regency_id']", await optionsOf("regency_id", "Kota Uji"));
    set("select[name='district_id']", await optionsOf("district_id", "Kecamatan Uji"));
    set("select[name='village_id']", await optionsOf("village_id", "Desa Uji"));
    form.querySelector("input[name='violence_type_ids']").checked = true;
    form.querySelector("input[name='consent_data']").checked = true;
    return true;
})()
"""

EMERGENCY_LIST_SHOWN_JS = (
    "getComputedStyle(document.querySelector('.o_sapa_danger .o_sapa_emergency')).display"
    " !== 'none'"
)


@tagged("post_install", "-at_install")
class TestPublicPagesInTheBrowser(SapaBrowserCase):
    """SAPA's pages as a phone shows them: the numbers to call on the first
    screen, nothing asked from another host, the form sent with a few taps."""

    def check_page(self, page):
        self.assertEqual(page.eval(FIRST_SCREEN_PROBLEMS_JS), [], page.eval("location.href"))
        # SAPA's page, not the website's placeholder one.
        self.assertTrue(page.eval("!!document.querySelector('.o_sapa_header')"))
        self.assertFalse(page.eval("!!document.querySelector('#wrapwrap, .o_footer_copyright')"))

    def test_reporter_sends_the_form_and_every_page_stays_on_this_server(self):
        before = self.complaints()
        with self.sapa_browser() as page:
            page.open("/")
            self.check_page(page)
            page.eval("document.querySelector('.o_sapa_home_status').click()")
            page.wait("!!document.querySelector('.o_sapa_status_form')")
            self.check_page(page)
            page.open("/sapa/pengaduan")
            self.check_page(page)
            # The form's own list of numbers waits for the danger question.
            self.assertFalse(page.eval(EMERGENCY_LIST_SHOWN_JS))
            self.assertTrue(page.eval(FILL_FORM_JS))
            self.assertTrue(page.eval(EMERGENCY_LIST_SHOWN_JS))
            page.eval("document.querySelector('.o_sapa_submit').click()")
            page.wait("!!document.querySelector('.o_sapa_receipt .o_sapa_code')")
            self.check_page(page)
            code = page.eval("document.querySelector('.o_sapa_code').textContent.trim()")
            self.assertRegex(code, r"^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$")
            # The status link (code after '#') shows the status by itself.
            page.eval("document.querySelector('.o_sapa_status_link').click()")
            page.wait("!!document.querySelector('.o_sapa_public_status')")
            self.check_page(page)
            self.assertNotIn("kode=", page.eval("location.href"))
            # A letter's verification page (sapa_case's, outside the website).
            page.open("/sapa/verifikasi/TIDAKADA")
            self.assertEqual(page.eval("document.documentElement.scrollWidth"), 390)
        self.assert_no_external_request()
        complaint = self.complaints() - before
        self.assertRecordValues(
            complaint,
            [
                {
                    "channel": "online",
                    "reporter_relation": "family",
                    "reporter_name": "Ibu Ratna",
                    "reporter_phone_e164": "+6281234567890",
                    "state_id": self.province.id,
                    "regency_id": self.regency.id,
                    "district_id": self.district.id,
                    "village_id": self.village.id,
                    "in_danger": True,
                    "is_urgent": True,
                    "consent_data": True,
                }
            ],
        )
        self.assertEqual(len(complaint.violence_type_ids), 1)

    def test_form_with_errors_keeps_the_numbers_and_stays_on_this_server(self):
        with self.sapa_browser() as page:
            page.open("/sapa/pengaduan")
            page.eval("document.querySelector('.o_sapa_submit').click()")
            page.wait("!!document.querySelector('.o_sapa_form_error')")
            self.check_page(page)
            page.open("/sapa/status")
            page.eval(
                "document.querySelector('#sapa_status_reference').value = 'ADU/1999/00001';"
                "document.querySelector('#sapa_status_code').value = 'AAAA-BBBB-CCCC-DDDD';"
                "document.querySelector('.o_sapa_status_submit').click()"
            )
            page.wait("!!document.querySelector('.o_sapa_status_not_found')")
            self.check_page(page)
        self.assert_no_external_request()

    def test_the_recorder_sees_requests_to_other_hosts(self):
        # What makes the tests above able to fail: a page asking another host.
        with self.sapa_browser() as page:
            page.open("/sapa/pengaduan")
            page.eval("fetch('https://fonts.googleapis.com/css?family=Roboto').catch(() => 0)")
            page.wait("performance.getEntriesByType('resource').length > 2")
        self.assertIn("https://fonts.googleapis.com/css?family=Roboto", self.external_requests)
        with self.assertRaises(AssertionError):
            self.assert_no_external_request()

    def quick_exit(self, leave_js):
        with self.sapa_browser() as page:
            page.open("/sapa/pengaduan")
            page.wait("!!document.querySelector('.o_sapa_complaint_form')")
            page.eval("sessionStorage.setItem('sapa_test_history', String(history.length))")
            page.eval(leave_js)
            page.wait(
                "location.search.includes('sapa_left=1') && document.readyState === 'complete'"
            )
            # (The website may add the visitor's language: /en/web/login.)
            self.assertTrue(page.eval("location.pathname.endsWith('/web/login')"))
            self.assertFalse(page.eval("!!document.querySelector('.o_sapa_page')"))
            # replace(): the SAPA page left no entry in the tab's history.
            self.assertEqual(
                page.eval("String(history.length)"),
                page.eval("sessionStorage.getItem('sapa_test_history')"),
            )

    def test_quick_exit_button_leaves_the_site_without_history(self):
        self.quick_exit("document.querySelector('.o_sapa_quick_exit').click()")

    def test_escape_twice_leaves_the_site_without_history(self):
        self.quick_exit(
            "for (const i of [1, 2]) {"
            "  document.dispatchEvent("
            "    new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));"
            "}"
        )
