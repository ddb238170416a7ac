from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SapaCaseCommon


@tagged("post_install", "-at_install")
class TestConsent(SapaCaseCommon):
    """The reporter's consent to be contacted is respected downstream."""

    def test_the_case_carries_the_consents_of_the_complaint(self):
        case = self.create_case(consent_contact=False, consent_data=True)
        self.assertFalse(case.consent_contact)
        self.assertTrue(case.consent_data)

    def test_no_contact_without_consent_unless_a_safety_reason_is_recorded(self):
        case = self.new_case_at("identification", consent_contact=False)
        as_subkoor = case.with_user(self.subkoor)
        with self.assertRaisesRegex(UserError, "did not consent to be contacted"):
            as_subkoor.action_open_whatsapp()
        with self.assertRaisesRegex(UserError, "did not consent to be contacted"):
            as_subkoor._log_contact_attempt("no_answer")
        self.assertFalse(case.sudo().contact_attempt_ids)
        as_subkoor.write({
            "contact_safety_reason": "Child of 7 alone with the perpetrator tonight.",
        })
        self.assertIn("wa.me", as_subkoor.action_open_whatsapp()["url"])
        as_subkoor._log_contact_attempt("reached")
        self.assertEqual(len(case.sudo().contact_attempt_ids), 1)

    def test_a_reporter_who_consented_is_contacted_without_a_reason(self):
        case = self.new_case_at("identification", consent_contact=True)
        case.with_user(self.subkoor)._log_contact_attempt("reached")
        self.assertFalse(case.sudo().contact_safety_reason)

    def test_the_safety_reason_is_confidential(self):
        case = self.new_case_at("identification", consent_contact=False)
        case.with_user(self.subkoor).write({"contact_safety_reason": "Immediate danger."})
        with self.assertRaises(UserError):
            case.with_user(self.admin).read(["contact_safety_reason"])
