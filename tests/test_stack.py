"""Cross-module checks: the three addons installed together on one database."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestStack(TransactionCase):
    def test_three_addons_installed_with_one_sapa_root_menu(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ["sapa_case", "sapa_referral", "sapa_portal"])]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        roots = self.env["ir.ui.menu"].search([("name", "=", "SAPA"), ("parent_id", "=", False)])
        self.assertEqual(roots, self.env.ref("sapa_case.sapa_menu_root"))
