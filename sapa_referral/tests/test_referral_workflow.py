import io
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import (
    CASE_SUMMARY,
    IDENTIFICATION,
    KADIN_NIP,
    VICTIM_NAME,
    SapaReferralTestMixin,
)

SIGN_ACTIVITY = "sapa_referral.mail_activity_type_sapa_referral_sign"
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@tagged("post_install", "-at_install")
class TestReferralWorkflow(SapaReferralTestMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_referral_data()
        cls.case = cls._walk_case_to_referral()

    def _flush_tracking(self):
        """Tracking messages are written at commit time; run that step now."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _open_activities(self, referral, xmlid):
        activity_type = self.env.ref(xmlid)
        return referral.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_referral_lifecycle_from_draft_to_closed_by_the_right_users(self):
        document = self._add_case_document(self.case)
        referral = self._create_referral(
            self.case, attachment_ids=[Command.set(document.ids)]
        )
        self._flush_tracking()
        self.assertRegex(referral.name, r"^RUJ/\d{4}/\d{4}$")
        self.assertEqual(referral.state, "draft")
        self.assertEqual(referral.company_id, self.case.company_id)

        # Sub Koordinator submits: an activity asks Kepala Dinas to sign.
        referral.with_user(self.subkoor).action_submit_for_signature()
        self._flush_tracking()
        self.assertEqual(referral.state, "to_sign")
        sign_activities = self._open_activities(referral, SIGN_ACTIVITY)
        self.assertEqual(sign_activities.user_id, self.kadin)

        # Kepala Dinas signs: numbered letter, activity done, e-mail to the provider.
        referral.with_user(self.kadin).action_sign()
        self._flush_tracking()
        self.assertEqual(referral.state, "sent")
        self.assertTrue(referral.letter_number)
        self.assertEqual(referral.signed_by_id, self.kadin)
        self.assertTrue(referral.date_sent)
        self.assertFalse(self._open_activities(referral, SIGN_ACTIVITY))
        done_message = referral.message_ids.filtered(
            lambda m: "Signed: letter" in str(m.body)
        )
        self.assertTrue(done_message, "the signature closes the activity with feedback")

        mail = self._provider_mails(referral)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.provider)
        self.assertEqual(
            mail.attachment_ids, referral.letter_attachment_id | document,
            "the signed letter and the chosen case document go to the provider",
        )

        # The provider answers through the link (the controller calls these as sudo).
        referral.sudo()._provider_answer("confirm")
        self._flush_tracking()
        self.assertEqual(referral.state, "received")
        referral.sudo()._provider_answer("done", "Visum dan pemeriksaan medis selesai.")
        self._flush_tracking()
        self.assertEqual(referral.state, "done")
        self.assertEqual(referral.service_report, "Visum dan pemeriksaan medis selesai.")
        self.assertNotIn(
            self.provider, referral.message_partner_ids,
            "the provider never becomes a follower of the referral",
        )

        referral.with_user(self.subkoor).action_close()
        self._flush_tracking()
        self.assertEqual(referral.state, "closed")

        tracked_states = (
            self.env["mail.tracking.value"]
            .search(
                [
                    ("mail_message_id.model", "=", "sapa.referral"),
                    ("mail_message_id.res_id", "=", referral.id),
                    ("field_id.name", "=", "state"),
                ]
            )
            .mapped("new_value_char")
        )
        for label in ("Waiting for signature", "Sent", "Received", "Service given", "Closed"):
            self.assertIn(label, tracked_states, "every state change is in the chatter")

    def test_signing_issues_a_sapa_letter_numbered_in_the_register_with_a_pdf(self):
        self.kadin.write({
            "sapa_position": "Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
            "sapa_nip": KADIN_NIP,
        })
        first = self._create_referral(self.case)
        second = self._create_referral(self.case)
        first.with_user(self.subkoor).action_submit_for_signature()
        second.with_user(self.subkoor).action_submit_for_signature()
        first.with_user(self.kadin).with_context(force_report_rendering=True).action_sign()
        second.with_user(self.kadin).with_context(force_report_rendering=True).action_sign()

        today = first.company_id._sapa_today()
        register = self.env.ref("sapa_case.sapa_letter_sequence")
        # The case's own letters (surat tugas, outreach report) were numbered
        # before, in the same register: the referrals take later numbers
        # (PostgreSQL sequences skip the numbers of rolled-back transactions).
        case_letters = self.env["sapa.letter"].search([
            ("case_id", "=", self.case.id), ("letter_type_id.code", "!=", "referral"),
        ])
        self.assertTrue(case_letters)
        last_running = max(int(letter.name.split("/")[1]) for letter in case_letters)
        first_running = int(first.letter_number.split("/")[1])
        self.assertGreater(first_running, last_running)
        for offset, referral in enumerate((first, second)):
            letter = referral.letter_id
            self.assertEqual(letter.letter_type_id.code, "referral")
            self.assertEqual(letter.letter_type_id.sequence_id, register)
            self.assertEqual((letter.res_model, letter.res_id), ("sapa.referral", referral.id))
            self.assertEqual(letter.case_id, self.case)
            self.assertEqual(
                letter.name,
                f"400.2.7/{first_running + offset:04d}/DP3A/{ROMAN_MONTHS[today.month - 1]}/"
                f"{today.year}",
                "the government number: classification/running/unit/roman month/year",
            )
            self.assertEqual(
                (letter.signatory_id, letter.signatory_name, letter.signatory_nip),
                (self.kadin, self.kadin.name, KADIN_NIP),
            )
            # The referral shows the letter's number, date and PDF.
            self.assertEqual(referral.letter_number, letter.name)
            self.assertEqual(referral.letter_date, today)
            self.assertEqual(letter.date, today)
            pdf = referral.letter_attachment_id
            self.assertEqual(pdf, letter.attachment_id)
            self.assertEqual(pdf.mimetype, "application/pdf")
            self.assertTrue(pdf.raw.startswith(b"%PDF"), "the stored letter is a PDF")
            self.assertIn(letter.name.replace("/", "-"), pdf.name)

        reader = PdfFileReader(io.BytesIO(first.letter_attachment_id.raw), strict=False)
        text = " ".join(
            page.extract_text() if hasattr(page, "extract_text") else page.extractText()
            for page in reader.pages
        )
        text = re.sub(r"\s+", " ", text)
        self.assertIn(first.letter_number, text)
        self.assertIn("Rujukan", text)
        self.assertIn(self.provider.name, text)
        self.assertIn(self.kadin.name, text, "the signature block names the signatory")
        self.assertIn(KADIN_NIP, text, "and gives the NIP")
        self.assertIn(first.letter_id.verification_url, text.replace(" ", ""))
        self.assertNotIn("DRAFT", text)
        for secret in (VICTIM_NAME, IDENTIFICATION, CASE_SUMMARY, "Catatan internal"):
            self.assertNotIn(secret, text)

    def test_letter_number_is_fixed_once_signed(self):
        referral = self._sign(self._create_referral(self.case))
        number = referral.letter_number
        with self.assertRaisesRegex(UserError, "this action does not apply"):
            referral.with_user(self.kadin).action_sign()
        with self.assertRaisesRegex(UserError, "already issued"):
            self.env["sapa.letter"].with_user(self.kadin)._issue(
                referral, "referral", self.kadin
            )
        with self.assertRaises(UserError):
            referral.with_user(self.subkoor).write({"letter_number": "400.2.7/9999"})
        referral.with_user(self.subkoor).action_resend()
        self.assertEqual(referral.letter_number, number)
        self.assertEqual(
            self.env["sapa.letter"].search_count([
                ("res_model", "=", "sapa.referral"), ("res_id", "=", referral.id),
            ]),
            1,
        )

    def test_email_link_opens_the_referral_and_only_its_hash_is_stored(self):
        referral = self._sign(self._create_referral(self.case))
        token = self._token_from_last_mail(referral)
        self.assertGreaterEqual(len(token), 43)
        found, status = self.env["sapa.referral"]._get_by_provider_token(token)
        self.assertEqual((found, status), (referral, "valid"))
        self.assertNotEqual(referral.sudo().access_token_hash, token)
        self.assertNotIn(token, referral.sudo().access_token_hash)
        expected_expiry = fields.Datetime.now() + timedelta(days=30)
        self.assertAlmostEqual(
            referral.access_token_expiry, expected_expiry, delta=timedelta(minutes=5)
        )

    def test_regression_the_link_is_not_readable_by_the_staff_in_the_chatter(self):
        # Found by a review: the e-mail to the provider, with the link in clear,
        # sat in the referral's messages, readable by Sub Koordinator and Kabid.
        referral = self._sign(self._create_referral(self.case))
        token = self._token_from_last_mail(referral)
        mail = self._provider_mails(referral)[-1:]
        self.assertTrue(mail.auto_delete, "deleted from the queue once sent")
        for user in (self.subkoor, self.kabid, self.kadin, self.manager):
            with self.subTest(user=user.login):
                messages = self.env["mail.message"].with_user(user).search(
                    ["|", ("model", "=", "sapa.referral"), ("model", "=", False)]
                )
                self.assertFalse([m for m in messages.sudo() if token in str(m.body)])
                bodies = referral.with_user(user).message_ids.mapped("body")
                self.assertFalse([body for body in bodies if token in str(body)])
                self.assertFalse(
                    self.env["mail.message"].with_user(user).search(
                        [("body", "ilike", token)]
                    )
                )

    def test_link_validity_follows_the_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("sapa_referral.link_validity_days", 3)
        referral = self._sign(self._create_referral(self.case))
        self.assertAlmostEqual(
            referral.access_token_expiry,
            fields.Datetime.now() + timedelta(days=3),
            delta=timedelta(minutes=5),
        )

    def test_resend_replaces_the_link(self):
        referral = self._sign(self._create_referral(self.case))
        old_token = self._token_from_last_mail(referral)
        referral.with_user(self.subkoor).action_resend()
        new_token = self._token_from_last_mail(referral)
        self.assertNotEqual(old_token, new_token)
        self.assertEqual(len(self._provider_mails(referral)), 2)
        Referral = self.env["sapa.referral"]
        self.assertEqual(Referral._get_by_provider_token(old_token)[1], "invalid")
        self.assertEqual(Referral._get_by_provider_token(new_token), (referral, "valid"))
        self.assertEqual(referral.state, "sent")

    def test_guard_refuses_monitoring_without_a_sent_referral(self):
        self._set_monitoring_plan(self.case)
        monitoring = self.env["sapa.case.stage"]._get_by_step("monitoring")
        case_as_subkoor = self.case.with_user(self.subkoor)

        with self.assertRaisesRegex(UserError, "referral letter signed and sent"):
            case_as_subkoor.write({"stage_id": monitoring.id})
        with self.assertRaisesRegex(UserError, "referral letter signed and sent"):
            case_as_subkoor.action_start_monitoring()

        # Neither a draft nor a letter waiting for signature is enough.
        referral = self._create_referral(self.case)
        with self.assertRaisesRegex(UserError, "referral letter signed and sent"):
            case_as_subkoor.action_start_monitoring()
        referral.with_user(self.subkoor).action_submit_for_signature()
        with self.assertRaisesRegex(UserError, "referral letter signed and sent"):
            case_as_subkoor.write({"stage_id": monitoring.id})
        self.assertEqual(self.case.step, "referral")

        referral.with_user(self.kadin).action_sign()
        case_as_subkoor.action_start_monitoring()
        self.assertEqual(self.case.step, "monitoring")

    def test_guard_accepts_a_sent_referral_through_a_plain_write(self):
        self._set_monitoring_plan(self.case)
        self._sign(self._create_referral(self.case))
        monitoring = self.env["sapa.case.stage"]._get_by_step("monitoring")
        self.case.with_user(self.subkoor).write({"stage_id": monitoring.id})
        self.assertEqual(self.case.step, "monitoring")

    def test_a_declined_referral_does_not_open_monitoring(self):
        self._set_monitoring_plan(self.case)
        referral = self._sign(self._create_referral(self.case))
        referral.sudo()._provider_answer("decline", "Kapasitas penuh.")
        self.assertEqual(referral.state, "declined")
        with self.assertRaisesRegex(UserError, "referral letter signed and sent"):
            self.case.with_user(self.subkoor).action_start_monitoring()

    def test_documents_must_belong_to_the_case(self):
        other_case = self._walk_case_to_referral()
        foreign = self._add_case_document(other_case, "Dokumen kasus lain.pdf")
        own = self._add_case_document(self.case)
        with self.assertRaises(ValidationError):
            self._create_referral(self.case, attachment_ids=[Command.set([own.id, foreign.id])])
        referral = self._create_referral(self.case, attachment_ids=[Command.set(own.ids)])
        self.assertEqual(referral.attachment_ids, own)

    def test_referrals_only_for_cases_decided_for_referral(self):
        new_case = self._create_case()
        with self.assertRaisesRegex(UserError, "referrals are prepared once"):
            self._create_referral(new_case)

    def test_letter_is_frozen_once_submitted_and_states_move_only_by_buttons(self):
        referral = self._create_referral(self.case)
        as_subkoor = referral.with_user(self.subkoor)
        with self.assertRaises(UserError):
            as_subkoor.write({"state": "sent"})
        with self.assertRaises(UserError):
            self.env["sapa.referral"].with_user(self.subkoor).create(
                {"case_id": self.case.id, "provider_id": self.provider.id, "state": "sent"}
            )
        as_subkoor.action_submit_for_signature()
        with self.assertRaisesRegex(UserError, "can no longer change"):
            as_subkoor.write({"reason": "Alasan lain"})
        # The internal note stays editable.
        as_subkoor.write({"note": "Catatan baru"})
        self.assertEqual(referral.note, "Catatan baru")

    def test_submission_needs_services_the_provider_gives_and_an_email(self):
        referral = self._create_referral(
            self.case, service_type_ids=[Command.set([self.service_shelter.id])]
        )
        as_subkoor = referral.with_user(self.subkoor)
        with self.assertRaisesRegex(UserError, "does not give: Ref shelter"):
            as_subkoor.action_submit_for_signature()
        as_subkoor.write({"service_type_ids": [Command.set([self.service_health.id])]})
        self.provider.email = False
        with self.assertRaisesRegex(UserError, "e-mail address"):
            as_subkoor.action_submit_for_signature()
        self.assertEqual(referral.state, "draft")

    def test_kepala_dinas_sends_back_to_draft(self):
        referral = self._create_referral(self.case)
        referral.with_user(self.subkoor).action_submit_for_signature()
        referral.with_user(self.kadin).action_send_back_to_draft()
        self.assertEqual(referral.state, "draft")
        self.assertFalse(self._open_activities(referral, SIGN_ACTIVITY))
        self.assertFalse(referral.letter_number)

    def test_only_draft_referrals_can_be_deleted(self):
        draft = self._create_referral(self.case)
        sent = self._sign(self._create_referral(self.case))
        with self.assertRaises(UserError):
            sent.with_user(self.subkoor).unlink()
        draft.with_user(self.subkoor).unlink()
        self.assertFalse(draft.exists())

    def test_provider_answers_follow_the_order_of_the_workflow(self):
        referral = self._sign(self._create_referral(self.case))
        referral_sudo = referral.sudo()
        with self.assertRaisesRegex(UserError, "Confirm the receipt"):
            referral_sudo._provider_answer("done", "Sudah")
        referral_sudo._provider_answer("confirm")
        with self.assertRaisesRegex(UserError, "already been confirmed"):
            referral_sudo._provider_answer("confirm")
        with self.assertRaisesRegex(UserError, "Describe the service"):
            referral_sudo._provider_answer("done", "   ")
        self.assertEqual(referral.state, "received")

    def test_case_lists_its_referrals(self):
        referral = self._create_referral(self.case)
        case = self.case.with_user(self.subkoor)
        self.assertEqual(case.referral_ids, referral)
        self.assertEqual(case.referral_count, 1)
        action = case.action_new_referral()
        self.assertEqual(action["context"], {"default_case_id": self.case.id})
        with self.assertRaises(UserError):
            self.case.with_user(self.konselor).action_new_referral()
