# pylint: disable=unsubscriptable-object
# (pylint reads odoo.tests.BaseCase.env as None, so every cls.env[...] would be flagged.)

from odoo.tests import tagged

from .common import SapaPortalCase


@tagged("post_install", "-at_install")
class TestPortalTours(SapaPortalCase):
    """The public pages in a real (headless) Chromium, on a phone-sized screen."""

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The Dinas' own province is chosen in advance on the form.
        cls.env["website"].get_current_website().company_id.state_id = cls.province
        # Stay on localhost: the quick exit goes to a page of this server.
        cls.set_param("sapa_portal.quick_exit_url", "/web/login?sapa_left=1")

    def test_reporter_submits_the_form_on_a_phone(self):
        before = self.complaints()
        self.start_tour("/sapa/pengaduan", "sapa_portal_complaint_form_tour")
        complaint = self.complaints() - before
        self.assertEqual(len(complaint), 1)
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

    def test_danger_question_shows_the_emergency_numbers(self):
        self.start_tour("/sapa/pengaduan", "sapa_portal_danger_tour")

    def test_quick_exit_button_leaves_the_site_without_history(self):
        self.start_tour("/sapa/pengaduan", "sapa_portal_quick_exit_tour")

    def test_escape_twice_leaves_the_site_without_history(self):
        self.start_tour("/sapa/pengaduan", "sapa_portal_quick_exit_escape_tour")
