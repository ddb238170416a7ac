from odoo.tests import TransactionCase, tagged

from .common import SapaReferralTestMixin


@tagged("post_install", "-at_install")
class TestSimfoniReferralServices(SapaReferralTestMixin, TransactionCase):
    """The services a case was referred for are exported as the SIMFONI-PPA
    services the mapping table (data, editable) says."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        env = cls.company.env  # the test's environment (superuser)
        Map = env["sapa.simfoni.service.map"].with_user(cls.manager)
        for service_type, simfoni in (
            (cls.service_health, "sapa_case.simfoni_service_health"),
            (cls.service_legal, "sapa_case.simfoni_service_legal_aid"),
            (cls.service_shelter, "sapa_case.simfoni_service_social_rehabilitation"),
        ):
            Map.create({"source": "referral", "service_type_id": service_type.id,
                        "simfoni_service_id": env.ref(simfoni).id})

    def services_of(self, case):
        today = self.company._sapa_today()
        rows = self.env["sapa.simfoni"].with_user(self.kadin)._dataset(
            self.company, today, today
        )["victims"]
        return {row["case_ref"]: row["service_codes"] for row in rows}[case.name]

    def test_a_sent_referral_reports_its_mapped_services_a_draft_does_not(self):
        case = self._walk_case_to_referral()
        self.assertEqual(self.services_of(case), "complaint")
        self._create_referral(case, provider_id=self.other_provider.id,
                              service_type_ids=[(6, 0, self.service_shelter.ids)])
        self.assertEqual(self.services_of(case), "complaint", "a draft gives no service yet")
        referral = self._create_referral(
            case, service_type_ids=[(6, 0, (self.service_health | self.service_legal).ids)]
        )
        self._sign(referral)
        self.assertTrue(referral.date_sent)
        self.assertEqual(self.services_of(case), "complaint;health;legal_aid")

    def test_every_seeded_referral_service_is_mapped(self):
        seeded = self.env["sapa.service.type"].search([("code", "not like", "ref_%")])
        mapped = self.env["sapa.simfoni.service.map"].search(
            [("source", "=", "referral")]
        ).service_type_id
        self.assertFalse(seeded - mapped, "a seeded service without a SIMFONI-PPA mapping")

    def test_the_monthly_recap_counts_the_referrals_sent_per_institution(self):
        case = self._walk_case_to_referral()
        self._create_referral(case, provider_id=self.other_provider.id,
                              service_type_ids=[(6, 0, self.service_shelter.ids)])
        self._sign(self._create_referral(case))
        today = self.company._sapa_today()
        recap = self.env["sapa.monthly.recap"].with_user(self.kadin).create(
            {"year": today.year, "month": str(today.month)}
        )
        referrals = dict(recap._figures()["referrals"])
        self.assertEqual(referrals.get(self.provider.name), 1)
        self.assertNotIn(self.other_provider.name, referrals, "not sent: not counted")
