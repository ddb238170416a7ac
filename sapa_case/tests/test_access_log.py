from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import create_role_user


@tagged("post_install", "-at_install")
class TestAccessLog(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subkoor = create_role_user(cls.env, "subcoordinator", "log_subkoor")
        cls.manager = create_role_user(cls.env, "manager", "log_manager")
        cls.case = cls.env["sapa.case"].create(  # pylint: disable=unsubscriptable-object
            {"summary": "Access log case"}
        )

    def test_opening_a_case_form_logs_who_opened_it(self):
        Log = self.env["sapa.case.access.log"]
        self.assertFalse(Log.search([("case_id", "=", self.case.id)]))
        self.case.with_user(self.subkoor).web_read({"name": {}, "summary": {}})
        log = Log.search([("case_id", "=", self.case.id)])
        self.assertEqual(log.user_id, self.subkoor)

    def test_reading_confidential_fields_by_any_path_is_logged(self):
        Log = self.env["sapa.case.access.log"]
        self.case.with_user(self.subkoor).read(["identification"])
        self.env["sapa.case"].with_user(self.subkoor).web_search_read(
            [("id", "=", self.case.id)], {"victim_ids": {}}
        )
        self.assertEqual(len(Log.search([("case_id", "=", self.case.id)])), 2)

    def test_kanban_cards_without_confidential_fields_are_not_logged(self):
        self.env["sapa.case"].with_user(self.subkoor).web_search_read(
            [("id", "=", self.case.id)], {"name": {}, "stage_id": {}, "date_deadline": {}}
        )
        self.assertFalse(self.env["sapa.case.access.log"].search([("case_id", "=", self.case.id)]))

    def test_access_log_is_read_only_and_only_for_the_manager(self):
        self.case.with_user(self.subkoor).web_read({"summary": {}})
        with self.assertRaises(AccessError):
            self.env["sapa.case.access.log"].with_user(self.subkoor).search([])
        log = self.env["sapa.case.access.log"].with_user(self.manager).search(
            [("case_id", "=", self.case.id)]
        )
        self.assertEqual(len(log), 1)
        with self.assertRaises(AccessError):
            log.write({"user_id": self.manager.id})
        with self.assertRaises(AccessError):
            log.unlink()
