# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)
import hashlib
import re

from odoo.addons.sapa_case.tests.public_page_checks import (  # pylint: disable=import-error
    PublicHeadersMixin,
)
from odoo.tests import new_test_user, tagged

from .common import SapaPortalCase


@tagged("post_install", "-at_install")
class TestPublicHeaders(PublicHeadersMixin, SapaPortalCase):
    """Every page of sapa_portal refuses to be framed (a security review found
    public pages could be), is never sent on as referrer, and is neither cached
    nor indexed, except the two empty forms people must be able to find."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env["sapa.complaint"].with_context(mail_create_nolog=True).create(
            {"channel": "online", "description": "A complaint to look up.",
             "state_id": cls.province.id}
        )
        cls.code = cls.complaint._generate_tracking_code()

    def lookup(self, url, code):
        return self.url_open(url, data={
            "csrf_token": self.csrf_token("/en/sapa/status"),
            "reference": self.complaint.name,
            "code": code,
        })

    def test_each_public_route(self):
        self.assertPublicHeaders(self.url_open("/en/sapa/pengaduan"), index=True, what="form")
        self.assertPublicHeaders(self.url_open("/en/sapa/status"), index=True, what="status")
        invalid = self.submit(self.valid_data(reporter_phone="1"))
        self.assertPublicHeaders(invalid, what="form sent back")
        receipt = self.submit(self.valid_data())
        self.assertTrue(receipt.url.endswith("/terkirim"))
        self.assertPublicHeaders(receipt, what="receipt page")
        self.assertPublicHeaders(self.url_open("/en/sapa/pengaduan/terkirim"),
                                 what="receipt page shown again")
        self.assertPublicHeaders(self.lookup("/en/sapa/status", self.code), what="status result")
        self.assertPublicHeaders(self.lookup("/en/sapa/status", "wrong"), what="status refusal")
        pdf = self.lookup("/en/sapa/tanda-terima", self.code)
        self.assertIn("attachment", pdf.headers["Content-Disposition"])
        self.assertPublicHeaders(pdf, what="receipt download")
        self.assertPublicHeaders(self.lookup("/en/sapa/tanda-terima", "wrong"),
                                 what="receipt refusal")
        areas = self.url_open(f"/sapa/wilayah?level=district&parent={self.regency.id}")
        self.assertEqual(areas.json(), [{"id": self.district.id, "name": "Kecamatan Uji"}])
        self.assertPublicHeaders(areas, what="area list")

    def test_my_complaints_pages(self):
        user = new_test_user(self.env, login="portal_test_headers", groups="base.group_portal",
                             lang="id_ID")
        self.complaint.partner_id = user.partner_id
        self.authenticate("portal_test_headers", "portal_test_headers")
        for url in ("/my/sapa-complaints", f"/my/sapa-complaints/{self.complaint.id}"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200)
            self.assertPublicHeaders(response, what=url)

    def test_script_address_follows_its_content(self):
        """Odoo serves static files with a week's cache: the public pages ask for
        their script at an address carrying its content's hash, so a visitor
        gets a changed script at once."""
        for url in ("/", "/en/sapa/pengaduan", "/en/sapa/status"):
            page = self.url_open(url)
            match = re.search(r'<script [^>]*src="(/sapa_portal/static/src/js/sapa_public\.js'
                              r'\?v=([0-9a-f]{12}))"', page.text)
            self.assertTrue(match, url)
            script = self.url_open(match.group(1))
            self.assertEqual(script.status_code, 200)
            self.assertEqual(hashlib.sha256(script.content).hexdigest()[:12], match.group(2))
