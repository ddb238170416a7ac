"""Data and helpers shared by the sapa_portal tests (no test here)."""

# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

import json
import re
from contextlib import contextmanager
from urllib.parse import urlsplit

from lxml import html

from odoo.tests import HttpCase
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, ChromeBrowser

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


class SapaPortalCase(HttpCase):
    """Areas of their own (demo data may be absent), a generous rate limit by
    default (every request of a test comes from 127.0.0.1), and form helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province = cls.env.ref("base.state_id_jb")
        cls.other_province = cls.env.ref("base.state_id_ba")
        Area = cls.env["sapa.area"]
        cls.regency = Area.create(
            {"name": "Kota Uji", "code": "T99.01", "level": "regency", "state_id": cls.province.id}
        )
        cls.district = Area.create(
            {
                "name": "Kecamatan Uji",
                "code": "T99.01.01",
                "level": "district",
                "state_id": cls.province.id,
                "parent_id": cls.regency.id,
            }
        )
        cls.village = Area.create(
            {
                "name": "Desa Uji",
                "code": "T99.01.01.0001",
                "level": "village",
                "state_id": cls.province.id,
                "parent_id": cls.district.id,
            }
        )
        cls.other_regency = Area.create(
            {
                "name": "Kabupaten Lain",
                "code": "T98.01",
                "level": "regency",
                "state_id": cls.other_province.id,
            }
        )
        cls.other_district = Area.create(
            {
                "name": "Kecamatan Lain",
                "code": "T98.01.01",
                "level": "district",
                "state_id": cls.other_province.id,
                "parent_id": cls.other_regency.id,
            }
        )
        cls.other_village = Area.create(
            {
                "name": "Desa Lain",
                "code": "T98.01.01.0001",
                "level": "village",
                "state_id": cls.other_province.id,
                "parent_id": cls.other_district.id,
            }
        )
        cls.physical = cls.env.ref("sapa_case.violence_type_physical")
        cls.psychological = cls.env.ref("sapa_case.violence_type_psychological")
        cls.retired_type = cls.env["sapa.violence.type"].create(
            {"name": "Retired type", "code": "test_retired", "active": False}
        )
        cls.adult_band = cls.env.ref("sapa_case.age_band_25_44")
        cls.set_param("sapa_portal.rate_limit", 1000)
        cls.set_param("sapa_portal.status_rate_limit", 1000)

    @classmethod
    def set_param(cls, key, value):
        cls.env["ir.config_parameter"].sudo().set_param(key, str(value))

    def fresh_visitor(self):
        """Forget the session and the language cookie (keep the test cursor's)."""
        for name in ("session_id", "frontend_lang"):
            self.opener.cookies.pop(name, None)

    def complaints(self):
        return self.env["sapa.complaint"].search([])

    def csrf_token(self, url="/sapa/pengaduan"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def valid_data(self, **overrides):
        data = {
            "reporter_relation": "neighbour",
            "reporter_name": "Siti Aminah",
            "reporter_phone": "0812-3456-7890",
            "description": "The child next door is beaten by the father almost every night.",
            "incident_date": "2026-01-15",
            "state_id": str(self.province.id),
            "regency_id": str(self.regency.id),
            "district_id": str(self.district.id),
            "village_id": str(self.village.id),
            "violence_type_ids": [str(self.physical.id), str(self.psychological.id)],
            "victim_age_band_id": str(self.adult_band.id),
            "victim_sex": "female",
            "in_danger": "no",
            "consent_contact": "1",
            "consent_data": "1",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    def submit(self, data, files=None, url="/en/sapa/pengaduan", token=True):
        data = dict(data)
        if token:
            data["csrf_token"] = self.csrf_token()
        return self.url_open(url, data=data, files=files or {"attachment": ("", b"")})

    def run_intake(self):
        """What the intake cron does after the response (triggered by each
        submission; crons do not run during tests)."""
        self.env.ref("sapa_portal.ir_cron_sapa_portal_intake").sudo().method_direct_trigger()

    def assert_emergency_numbers(self, response):
        for number in ('href="tel:129"', 'href="tel:112"', 'href="tel:110"', "08111-129-129"):
            self.assertIn(number, response.text)

    @staticmethod
    def receipt(response):
        """Reference and code shown on the receipt page."""
        doc = html.fromstring(response.content)
        return {
            key: "".join(doc.xpath(f"//*[contains(@class, 'o_sapa_{key}')]/text()")).strip()
            for key in ("reference", "code")
        }

    @staticmethod
    def field_errors(response):
        doc = html.fromstring(response.content)
        return {
            node.get("data-sapa-error"): node.text_content().strip()
            for node in doc.xpath("//*[@data-sapa-error]")
        }

    @staticmethod
    def form_error(response):
        doc = html.fromstring(response.content)
        return " ".join(
            node.text_content().strip() for node in doc.xpath(
                "//*[contains(concat(' ', @class, ' '), ' o_sapa_form_error ')]"
            )
        )


class SapaBrowserCase(SapaPortalCase):
    """The public pages in a real headless Chromium on a 390x844 phone screen,
    driven step by step across pages (fill, send, read the next page), with
    every request the browser makes to another host recorded.

    Chromium sends each request to a host other than the test server through
    ``fetch_proxy`` (Odoo intercepts them all): recorded here, and answered 404
    as Odoo does, so nothing leaves the machine."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The Dinas' own province is chosen in advance on the form.
        cls.env["website"].get_current_website().company_id.state_id = cls.province
        # Stay on this server: the quick exit goes to a page of it.
        cls.set_param("sapa_portal.quick_exit_url", "/web/login?sapa_left=1")

    def fetch_proxy(self, url):
        self.external_requests.append(url)
        return super().fetch_proxy(url)

    @contextmanager
    def sapa_browser(self):
        """A browser of a new visitor (as ``browser_js`` sets one up), yielding a
        ``SapaPage`` to drive it."""
        self.external_requests = []
        browser = ChromeBrowser(self, headless=True)
        try:
            self.http_request_key = self.canonical_tag + "_browser_js"
            self.authenticate(None, None, browser=browser)
            self.http_request_strict_check = True
            self.cr.flush()
            self.cr.clear()
            yield SapaPage(self, browser)
        finally:
            browser.stop()
            self._wait_remaining_requests()
            self.http_request_key = self.canonical_tag
            self.opener.cookies[TEST_CURSOR_COOKIE_NAME] = self.http_request_key

    def assert_no_external_request(self):
        own = urlsplit(self.base_url()).netloc
        self.assertEqual(
            [url for url in self.external_requests if urlsplit(url).netloc != own], [],
            "the page made requests to other hosts",
        )


class SapaPage:
    """One browser tab: open a path, evaluate JavaScript, wait for a condition."""

    def __init__(self, case, browser):
        self.case = case
        self.browser = browser

    def open(self, path, ready="document.readyState === 'complete'"):
        self.browser.navigate_to(self.case.base_url() + path, wait_stop=True)
        self.wait(ready)

    def eval(self, expression):
        """The value of ``expression`` (awaited if a promise), as JSON data."""
        answer = self.browser._websocket_request(
            "Runtime.evaluate",
            params={"expression": expression, "awaitPromise": True, "returnByValue": True},
            timeout=30,
        )
        if "exceptionDetails" in answer:
            raise AssertionError(
                "JavaScript failed: %s" % json.dumps(answer["exceptionDetails"])[:1000]
            )
        return answer["result"].get("value")

    def wait(self, condition, timeout=30):
        """Wait until the JavaScript ``condition`` is true (pages may change
        between two checks: a form sent, a link followed)."""
        self.case.assertTrue(
            self.browser._wait_ready(condition, timeout=timeout),
            "still false after %ss: %s" % (timeout, condition),
        )
