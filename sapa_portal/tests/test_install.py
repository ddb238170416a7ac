from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(HttpCase):
    def test_website_serves_home_page_with_portal_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "sapa_portal")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(
            set(module.dependencies_id.mapped("name")), {"sapa_case", "website", "portal"}
        )
        response = self.url_open("/")
        self.assertEqual(response.status_code, 200)
