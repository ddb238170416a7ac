"""Shared set-up of the referral tests: users per role, a provider, and a case
walked through the real SOP up to the referral step."""

import base64
import re

from odoo import Command, fields
from odoo.tests import new_test_user

VICTIM_NAME = "Ratna Kusumawati Korban"
IDENTIFICATION = "Identifikasi rahasia: korban tinggal di Jl. Mawar 7 bersama pelaku"
CASE_SUMMARY = "Ringkasan pengaduan yang tidak boleh keluar dari Dinas"
KADIN_NIP = "196805121994032004"
LINK_RE = re.compile(r"/sapa/rujukan/([A-Za-z0-9_-]{20,})")


class SapaReferralTestMixin:
    """Call ``_setup_referral_data()`` from ``setUpClass``."""

    @classmethod
    def _setup_referral_data(cls):
        """Users and providers speak English here, whatever languages the
        database has (the test database may have Indonesian only): the tests
        read messages and pages."""
        env = cls.env
        env["res.lang"]._activate_lang("en_US")
        cls.company = env.company
        cls.user_admin = new_test_user(
            env, login="ref_front_desk", groups="sapa_case.group_sapa_admin",
            lang="en_US", name="Ref Front Desk",
        )
        cls.user_subkoor = new_test_user(
            env, login="ref_subkoor", groups="sapa_case.group_sapa_subcoordinator",
            lang="en_US", name="Ref Sub Koordinator",
        )
        cls.user_konselor = new_test_user(
            env, login="ref_konselor", groups="sapa_case.group_sapa_counselor",
            lang="en_US", name="Ref Konselor",
        )
        cls.user_konselor_other = new_test_user(
            env, login="ref_konselor_other", groups="sapa_case.group_sapa_counselor",
            lang="en_US", name="Ref Konselor Other Team",
        )
        cls.user_kabid = new_test_user(
            env, login="ref_kabid", groups="sapa_case.group_sapa_head_division",
            lang="en_US", name="Ref Kepala Bidang",
        )
        cls.user_kadin = new_test_user(
            env, login="ref_kadin", groups="sapa_case.group_sapa_head_agency",
            lang="en_US", name="Ref Kepala Dinas",
        )
        cls.user_manager = new_test_user(
            env, login="ref_sapa_manager", groups="sapa_case.group_sapa_manager",
            lang="en_US", name="Ref SAPA Manager",
        )
        # The official who receives the signature activities, whatever demo users exist.
        cls.company.sapa_head_agency_user_id = cls.user_kadin

        cls.service_health = cls._create_service_type("Ref health", "ref_health")
        cls.service_legal = cls._create_service_type("Ref legal aid", "ref_legal")
        cls.service_shelter = cls._create_service_type("Ref shelter", "ref_shelter")
        cls.provider = cls._create_provider(
            "RS Uji Rujukan",
            "rujukan@rs-uji.example.com",
            cls.service_health | cls.service_legal,
            sapa_contact_name="dr. Penerima Rujukan",
        )
        cls.other_provider = cls._create_provider(
            "Rumah Aman Uji", "rumah-aman@uji.example.com", cls.service_shelter
        )

    @classmethod
    def _create_service_type(cls, name, code):
        return cls.env["sapa.service.type"].create({"name": name, "code": code})

    @classmethod
    def _create_provider(cls, name, email, services, **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "is_sapa_provider": True,
                "email": email,
                "lang": "en_US",
                "sapa_service_type_ids": [Command.set(services.ids)],
                **values,
            }
        )

    # ------------------------------------------------------------------
    # The SOP, step by step, each by the role that owns it
    # ------------------------------------------------------------------
    @classmethod
    def _create_case(cls):
        case = (
            cls.env["sapa.case"]
            .with_user(cls.user_admin)
            .create({
                "user_id": cls.user_subkoor.id, "summary": CASE_SUMMARY,
                "consent_contact": True, "consent_data": True,
            })
        )
        return case.with_user(cls.env.user)

    @classmethod
    def _walk_case_to_referral(cls, case=None):
        """Bring a (new) case to the referral step through the real workflow."""
        env = cls.env
        case = case or cls._create_case()
        case.with_user(cls.user_admin).action_send_to_identification()

        env["sapa.case.contact.attempt"].with_user(cls.user_subkoor).create(
            {"case_id": case.id, "outcome": "reached"}
        )
        env["sapa.case.victim"].with_user(cls.user_subkoor).create(
            {"case_id": case.id, "name": VICTIM_NAME, "sex": "female", "age": 15}
        )
        case.with_user(cls.user_subkoor).write(
            {"identification": IDENTIFICATION, "risk_level": "high"}
        )
        case.with_user(cls.user_subkoor).action_submit_identification()

        env["sapa.case.team.member"].with_user(cls.user_kabid).create(
            [
                {"case_id": case.id, "user_id": cls.user_subkoor.id, "role": "subcoordinator"},
                {"case_id": case.id, "user_id": cls.user_konselor.id, "role": "counselor"},
            ]
        )
        case.with_user(cls.user_kabid).action_verify()
        case.with_user(cls.user_kadin).action_approve()

        env["sapa.case.outreach.activity"].with_user(cls.user_konselor).create(
            {"case_id": case.id, "activity_type": "home_visit", "place": "Rumah korban"}
        )
        case.with_user(cls.user_konselor).write(
            {
                "outreach_report": "Korban membutuhkan pemeriksaan medis.",
                "recommendation": "Rujuk ke rumah sakit.",
            }
        )
        case.with_user(cls.user_konselor).action_submit_outreach_report()
        case.with_user(cls.user_kadin).action_decide_refer()
        assert case.step == "referral", case.step
        return case

    @classmethod
    def _add_case_document(cls, case, name="Visum et repertum.pdf"):
        return cls.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(b"%PDF-1.4 test document"),
                "res_model": "sapa.case",
                "res_id": case.id,
            }
        )

    @classmethod
    def _create_referral(cls, case, **values):
        vals = {
            "case_id": case.id,
            "provider_id": cls.provider.id,
            "service_type_ids": [Command.set([cls.service_health.id])],
            "reason": "Klien membutuhkan pemeriksaan medis dan visum.",
            "note": "Catatan internal: pelaku masih serumah",
        }
        vals.update(values)
        return cls.env["sapa.referral"].with_user(cls.user_subkoor).create(vals)

    @classmethod
    def _sign(cls, referral):
        referral.with_user(cls.user_subkoor).action_submit_for_signature()
        referral.with_user(cls.user_kadin).action_sign()
        return referral

    def _provider_mails(self, referral):
        # Not linked to the referral (the link must not be readable there): found
        # by its recipient and letter number, in the outgoing queue.
        return self.env["mail.mail"].sudo().search(
            [
                ("recipient_ids", "in", referral.provider_id.ids),
                ("body_html", "ilike", referral.letter_number),
            ],
            order="id",
        )

    def _token_from_last_mail(self, referral):
        """The provider's token, read back from the e-mail (the only place it exists)."""
        mail = self._provider_mails(referral)[-1:]
        match = LINK_RE.search(str(mail.body_html or mail.body))
        self.assertTrue(match, "the e-mail to the provider holds the secure link")
        return match.group(1)

    def _set_monitoring_plan(self, case):
        case.with_user(self.user_subkoor).write(
            {
                "monitoring_interval_days": 14,
                "monitoring_end_date": fields.Date.add(self.company._sapa_today(), months=3),
            }
        )
