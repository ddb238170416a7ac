from odoo.tests import HttpCase, get_db_name, tagged

from .common import SapaTestMixin


@tagged("post_install", "-at_install")
class TestButtonsOverXmlRpc(SapaTestMixin, HttpCase):
    """What a button returns reaches any RPC client: XML-RPC cannot send None."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sapa(login_prefix="rpc")

    def call_button(self, user, record, method):
        db = get_db_name()
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        return self.xmlrpc_object.execute_kw(
            db, uid, user.login, record._name, method, [record.ids]
        )

    def test_printing_the_receipt_returns_the_report_action(self):
        complaint = self.create_complaint()
        action = self.call_button(self.admin, complaint, "action_print_receipt")
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "sapa_case.report_sapa_complaint_receipt")
        self.assertEqual(action["context"]["active_ids"], complaint.ids)
        self.assertTrue(self.env["sapa.letter"]._get_issued(complaint, "receipt"))

    def test_signing_the_final_report_returns_the_report_action(self):
        case = self.new_case_at("final_report")
        self.fill(case, "final_report")
        action = self.call_button(self.subkoor, case, "action_print_final_report")
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "sapa_case.report_sapa_case_final")
        self.assertTrue(self.env["sapa.letter"]._get_issued(case, "final_report"))

    def test_sop_buttons_return_true(self):
        case = self.create_case()
        self.fill(case, "received")
        self.assertIs(self.call_button(self.admin, case, "action_send_to_identification"), True)
        self.assert_stage(case, "identification")
