from odoo.tests import HttpCase, tagged

from .common import create_role_user


@tagged("post_install", "-at_install")
class TestMenuTour(HttpCase):
    def test_sapa_user_opens_the_sapa_menu_in_the_browser(self):
        create_role_user(self.env, "manager", "tour_sapa_manager")
        self.start_tour("/odoo", "sapa_case_menu_tour", login="tour_sapa_manager")
