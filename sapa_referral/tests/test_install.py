from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_installed_on_top_of_sapa_case(self):
        module = self.env["ir.module.module"].search([("name", "=", "sapa_referral")])
        self.assertEqual(module.state, "installed")
        self.assertIn("sapa_case", module.dependencies_id.mapped("name"))
