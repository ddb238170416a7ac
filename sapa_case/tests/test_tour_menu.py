from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMenuTour(HttpCase):
    def test_sapa_user_opens_the_sapa_menu_in_the_browser(self):
        new_test_user(
            self.env, login="tour_sapa_manager", groups="sapa_case.group_sapa_manager"
        )
        self.start_tour("/odoo", "sapa_case_menu_tour", login="tour_sapa_manager")
