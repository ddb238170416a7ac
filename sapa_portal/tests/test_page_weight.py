# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

from urllib.parse import urlsplit

from odoo.tests import tagged

from .common import SapaPortalCase
from .page_weight import weigh

# A first visit over a slow mobile connection: at most this much, gzip.
BUDGET = 250 * 1024


@tagged("post_install", "-at_install")
class TestPageWeight(SapaPortalCase):
    """The form, receipt and status pages and everything they reference weigh
    at most 250 KB gzip on a first visit, all from this server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        complaint = cls.env["sapa.complaint"].create(
            {"channel": "online", "description": "Story.", "state_id": cls.province.id}
        )
        cls.reference = complaint.name
        cls.code = complaint._generate_tracking_code()

    def get(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content

    def assert_within_budget(self, response):
        self.assertEqual(response.status_code, 200)
        sizes, external = weigh(self.get, response.url, response.content)
        self.assertEqual(external, [], "references to other hosts")
        total = sum(sizes.values())
        self.assertLessEqual(
            total, BUDGET, "%s: %s bytes gzip: %s" % (response.url, total, sizes)
        )
        # One small script, not the website's frontend bundle.
        scripts = [url for url in sizes if urlsplit(url).path.endswith(".js")]
        self.assertEqual(len(scripts), 1, scripts)
        self.assertLessEqual(sizes[scripts[0]], 5 * 1024)
        return sizes

    def test_form_receipt_and_status_pages_are_within_the_budget(self):
        for lang in ("", "/en"):
            with self.subTest(lang=lang):
                sizes = self.assert_within_budget(self.url_open(f"{lang}/sapa/pengaduan"))
                self.assertTrue(any("sapa_portal.assets_public" in url for url in sizes))
                self.assert_within_budget(self.url_open(f"{lang}/sapa/status"))
        # The receipt, the answer to the form.
        receipt = self.submit(self.valid_data())
        self.assertIn("o_sapa_code", receipt.text)
        self.assert_within_budget(receipt)
        # The status shown (a POST's answer), and a form sent back with problems.
        status = self.url_open(
            "/en/sapa/status",
            data={
                "csrf_token": self.csrf_token("/en/sapa/status"),
                "reference": self.reference,
                "code": self.code,
            },
        )
        self.assertIn("o_sapa_public_status", status.text)
        self.assert_within_budget(status)
        errors = self.submit(self.valid_data(description=""))
        self.assertTrue(self.field_errors(errors))
        self.assert_within_budget(errors)

    def test_the_weight_counts_what_stylesheets_reference(self):
        # What makes the test able to fail: a page of the website's own layout
        # (its fonts, its bundles) is far over the budget.
        page = self.url_open("/en/contactus")
        sizes, _external = weigh(self.get, page.url, page.content)
        self.assertGreater(sum(sizes.values()), BUDGET)
