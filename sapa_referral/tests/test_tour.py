from odoo.tests import HttpCase, tagged

from .common import SapaReferralTestMixin


@tagged("post_install", "-at_install")
class TestReferralTour(SapaReferralTestMixin, HttpCase):
    """The referral in a real browser: prepared by the Sub Koordinator, signed by
    Kepala Dinas."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.tour_health = cls._create_service_type("Tour health", "tour_health")
        cls.tour_provider = cls._create_provider(
            "RS Tur Rujukan", "tur@rs-tur.example.com", cls.tour_health
        )
        cls.case = cls._walk_case_to_referral()

    def test_sub_koordinator_prepares_and_kepala_dinas_signs_in_the_browser(self):
        self.start_tour(
            f"/odoo/action-sapa_case.sapa_case_action/{self.case.id}",
            "sapa_referral_prepare_tour",
            login=self.subkoor.login,
        )
        referral = self.env["sapa.referral"].search([("case_id", "=", self.case.id)])
        self.assertEqual(len(referral), 1)
        self.assertEqual(referral.provider_id, self.tour_provider)
        self.assertEqual(referral.service_type_ids, self.tour_health)
        self.assertEqual(referral.state, "to_sign")
        self.assertEqual(referral.create_uid, self.subkoor)
        self.assertEqual(referral.activity_ids.user_id, self.kadin)

        self.start_tour(
            f"/odoo/action-sapa_referral.sapa_referral_action/{referral.id}",
            "sapa_referral_sign_tour",
            login=self.kadin.login,
        )
        self.assertEqual(referral.state, "sent")
        self.assertEqual(referral.signed_by_id, self.kadin)
        self.assertTrue(referral.letter_attachment_id)
        self.assertTrue(self._provider_mails(referral))
