"""Shared set-up of the referral tests: users per role, a provider, and a case
walked through the real SOP up to the referral step."""

import base64
import re

from odoo import Command, fields
from odoo.addons.sapa_case.tests.common import (  # pylint: disable=import-error
    SapaTestMixin,
    create_role_user,
)

VICTIM_NAME = "Ratna Kusumawati Korban"
IDENTIFICATION = "Identifikasi rahasia: korban tinggal di Jl. Mawar 7 bersama pelaku"
CASE_SUMMARY = "Ringkasan pengaduan yang tidak boleh keluar dari Dinas"
KADIN_NIP = "196805121994032004"
LINK_RE = re.compile(r"/sapa/rujukan/([A-Za-z0-9_-]{20,})")


class SapaReferralTestMixin(SapaTestMixin):
    """Call ``_setup_referral_data()`` from ``setUpClass``."""

    @classmethod
    def _setup_referral_data(cls):
        """Users and providers speak English here, whatever languages the
        database has (the test database may have Indonesian only): the tests
        read messages and pages."""
        env = cls.env
        env["res.lang"]._activate_lang("en_US")
        cls._setup_sapa(login_prefix="ref", lang="en_US", names={
            "admin": "Ref Front Desk",
            "subcoordinator": "Ref Sub Koordinator",
            "counselor": "Ref Konselor",
            "head_division": "Ref Kepala Bidang",
            "head_agency": "Ref Kepala Dinas",
            "manager": "Ref SAPA Manager",
        })
        cls.konselor_other = create_role_user(
            env, "counselor", "ref_konselor_other", name="Ref Konselor Other Team", lang="en_US"
        )

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
        """A new case, of a reporter who consents to be contacted and to the use
        of the data (the case documents may go to the provider)."""
        return cls.create_case(description=CASE_SUMMARY, consent_data=True)

    @classmethod
    def _walk_case_to_referral(cls, case=None):
        """Bring a (new) case to the referral step through the real workflow."""
        return cls.walk_to(case or cls._create_case(), "referral", values={
            "identification": {
                "identification": IDENTIFICATION,
                "risk_level": "high",
                "victim_ids": [
                    Command.create({"name": VICTIM_NAME, "sex": "female", "age": 15})
                ],
            },
        })

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
        return cls.env["sapa.referral"].with_user(cls.subkoor).create(vals)

    @classmethod
    def _sign(cls, referral):
        referral.with_user(cls.subkoor).action_submit_for_signature()
        referral.with_user(cls.kadin).action_sign()
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
        case.with_user(self.subkoor).write(
            {
                "monitoring_interval_days": 14,
                "monitoring_end_date": fields.Date.add(self.company._sapa_today(), months=3),
            }
        )
