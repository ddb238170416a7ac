from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import SapaReferralTestMixin


@tagged("post_install", "-at_install")
class TestReferralAccess(SapaReferralTestMixin, TransactionCase):
    """Who may see and do what with referrals, per SAPA role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.case = cls._walk_case_to_referral()
        cls.referral = cls._create_referral(cls.case)

    def test_konselor_on_the_team_reads_but_cannot_write_or_create(self):
        referral = self.referral.with_user(self.konselor)
        self.assertEqual(referral.provider_id, self.provider)
        self.assertEqual(
            self.env["sapa.referral"].with_user(self.konselor).search([]), self.referral
        )
        with self.assertRaises(AccessError):
            referral.write({"note": "Konselor edit"})
        with self.assertRaises(AccessError):
            self.env["sapa.referral"].with_user(self.konselor).create(
                {"case_id": self.case.id, "provider_id": self.provider.id}
            )

    def test_konselor_not_on_the_team_cannot_read_the_referral(self):
        referral = self.referral.with_user(self.konselor_other)
        with self.assertRaises(AccessError):
            referral.read(["provider_id"])
        self.assertFalse(
            self.env["sapa.referral"].with_user(self.konselor_other).search([])
        )

    def test_front_desk_admin_cannot_create_or_read_referrals(self):
        Referral = self.env["sapa.referral"].with_user(self.admin)
        with self.assertRaises(AccessError):
            Referral.create({"case_id": self.case.id, "provider_id": self.provider.id})
        with self.assertRaises(AccessError):
            self.referral.with_user(self.admin).read(["provider_id"])
        # The case form still opens for Admin: the referral fields are not theirs.
        self.case.with_user(self.admin).read(["name", "stage_id"])
        self.assertNotIn(
            "referral_ids",
            self.env["sapa.case"].with_user(self.admin).fields_get(["referral_ids"]),
        )

    def test_only_kepala_dinas_signs(self):
        self.referral.with_user(self.subkoor).action_submit_for_signature()
        for user in (self.konselor, self.subkoor, self.kabid):
            with self.assertRaisesRegex(UserError, "Only Kepala Dinas may sign"):
                self.referral.with_user(user).action_sign()
        self.assertEqual(self.referral.state, "to_sign")
        self.assertFalse(self.referral.letter_number)
        self.referral.with_user(self.kadin).action_sign()
        self.assertEqual(self.referral.state, "sent")

    def test_konselor_on_the_team_reads_the_signed_letter_but_not_another_team(self):
        self._sign(self.referral)
        referral = self.referral.with_user(self.konselor)
        self.assertEqual(referral.letter_id.name, self.referral.letter_number)
        self.assertTrue(referral.letter_attachment_id.name.startswith("Surat Rujukan"))
        with self.assertRaises(AccessError):
            self.referral.letter_id.with_user(self.konselor_other).read(["name"])
        with self.assertRaises(AccessError):
            self.referral.letter_attachment_id.with_user(self.konselor_other).read(["name"])

    def test_konselor_cannot_submit_close_or_record_answers(self):
        referral = self.referral.with_user(self.konselor)
        for action in (
            referral.action_submit_for_signature,
            referral.action_mark_received,
            referral.action_close,
        ):
            with self.assertRaises(UserError):
                action()
        self.assertEqual(self.referral.state, "draft")

    def test_sub_koordinator_sees_every_referral(self):
        other_case = self._walk_case_to_referral()
        other = self._create_referral(other_case)
        found = self.env["sapa.referral"].with_user(self.subkoor).search(
            [("id", "in", (self.referral | other).ids)]
        )
        self.assertEqual(found, self.referral | other)

    def test_referrals_of_another_company_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "Dinas PPPA Kota Lain"})
        self.case.sudo().company_id = other_company
        self.assertEqual(self.referral.company_id, other_company)
        with self.assertRaises(AccessError):
            self.referral.with_user(self.subkoor).read(["provider_id"])

    def test_link_token_hash_is_for_system_administrators_only(self):
        self._sign(self.referral)
        with self.assertRaises(AccessError):
            self.referral.with_user(self.kadin).read(["access_token_hash"])
        with self.assertRaises(AccessError):
            self.referral.with_user(self.manager).read(["access_token_hash"])

    def test_service_types_readable_by_staff_managed_by_sapa_manager(self):
        ServiceType = self.env["sapa.service.type"]
        self.assertTrue(ServiceType.with_user(self.admin).search([]))
        with self.assertRaises(AccessError):
            self.service_health.with_user(self.kadin).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            ServiceType.with_user(self.subkoor).create({"name": "New", "code": "new"})
        created = ServiceType.with_user(self.manager).create(
            {"name": "Pendampingan", "code": "ref_accompaniment"}
        )
        self.assertTrue(created)

    def test_sapa_manager_maintains_the_provider_directory(self):
        provider = self.env["res.partner"].with_user(self.manager).create(
            {
                "name": "Puskesmas Uji",
                "is_sapa_provider": True,
                "sapa_service_type_ids": [Command.set(self.service_health.ids)],
            }
        )
        self.assertTrue(provider.is_sapa_provider)
        with self.assertRaises(AccessError):
            provider.with_user(self.subkoor).write({"is_sapa_provider": False})

    def test_forms_open_for_every_role_with_only_their_fields(self):
        """The views load for each role; Admin's case form has no referral tab."""
        for user in (self.admin, self.konselor, self.subkoor, self.kadin):
            case_form = self.env["sapa.case"].with_user(user).get_views([(False, "form")])
            arch = case_form["views"]["form"]["arch"]
            if user == self.admin:
                self.assertNotIn('name="referral_ids"', arch)
            else:
                self.assertIn('name="referral_ids"', arch)
        for user in (self.konselor, self.subkoor, self.kadin):
            self.env["sapa.referral"].with_user(user).get_views(
                [(False, "list"), (False, "form"), (False, "search")]
            )
        arch = self.env["sapa.referral"].with_user(self.konselor).get_views(
            [(False, "form")]
        )["views"]["form"]["arch"]
        self.assertNotIn('name="action_sign"', arch)
        self.assertNotIn('name="action_submit_for_signature"', arch)

    def test_reading_a_referrals_confidential_fields_is_logged_as_a_read_of_its_case(self):
        Log = self.env["sapa.case.access.log"]
        on_case = [("case_id", "=", self.case.id)]
        before = Log.search(on_case)
        self.referral.with_user(self.konselor).read(["provider_id", "state"])
        self.env["sapa.referral"].with_user(self.subkoor).web_search_read(
            [("id", "=", self.referral.id)], {"name": {}, "state": {}}
        )
        self.assertEqual(Log.search(on_case), before, "no confidential field read")
        self.referral.with_user(self.konselor).read(["reason"])
        self.env["sapa.referral"].with_user(self.subkoor).web_search_read(
            [("id", "=", self.referral.id)], {"note": {}}
        )
        self.referral.sudo().read(["reason", "note"])  # the provider's page reads as superuser
        logged = Log.search(on_case) - before
        self.assertEqual(logged.mapped("user_id"), self.subkoor | self.konselor)
        self.assertEqual(len(logged), 2)
