from datetime import date

from odoo.tests import HttpCase, tagged

from .common import SapaTestMixin


@tagged("post_install", "-at_install")
class TestCaseTours(SapaTestMixin, HttpCase):
    """The kanban and the activity menu driven in a real Chromium."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_sapa(login_prefix="tour")

    def named_case_at(self, step, reference):
        case = self.new_case_at(step)
        case.sudo().name = reference
        return case

    def test_sub_koordinator_drags_an_identified_case_to_verification(self):
        case = self.named_case_at("identification", "TOUR-READY")
        self.fill(case, "identification")
        case.sudo().date_deadline = date(2030, 1, 1)  # replaced by the server on the move
        self.start_tour("/odoo", "sapa_case_kanban_drag_tour", login=self.subkoor.login)
        self.assert_stage(case, "verification")
        activity = self.activities_of(case, "verification")
        self.assertEqual(activity.user_id, self.kabid)
        self.assertEqual(activity.date_deadline, case.date_deadline)

    def test_dragging_a_case_without_identification_is_refused_and_the_card_stays(self):
        case = self.named_case_at("identification", "TOUR-INCOMPLETE")
        self.start_tour(
            "/odoo", "sapa_case_kanban_drag_refused_tour", login=self.subkoor.login
        )
        self.assert_stage(case, "identification")
        self.assertFalse(self.activities_of(case, "verification"))

    def test_kepala_dinas_approves_from_the_activity_menu(self):
        case = self.named_case_at("approval", "TOUR-APPROVE")
        activity = self.activities_of(case, "approval")
        self.assertEqual(activity.user_id, self.kadin)
        self.start_tour(
            "/odoo", "sapa_case_approve_from_activity_menu_tour", login=self.kadin.login
        )
        self.assert_stage(case, "outreach")
        self.assertFalse(activity.exists(), "the approval activity is done")
        self.assertEqual(case.sudo().approved_by_id, self.kadin)

    # Approvals from the activity ("Mark Done"), not from the form button ----
    def test_kepala_bidang_verifies_by_marking_the_activity_done_from_the_menu(self):
        case = self.named_case_at("verification", "TOUR-VERIFY")
        self.fill(case, "verification")
        self.start_tour("/odoo", "sapa_case_verify_by_marking_done_tour", login=self.kabid.login)
        self.assert_stage(case, "approval")
        self.assertEqual(case.sudo().verified_by_id, self.kabid)
        self.assertFalse(self.activities_of(case, "verification"))
        self.assertEqual(self.activities_of(case, "approval").user_id, self.kadin)
        done = case.sudo().message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.activity_type["verification"]
        )
        self.assertIn("Identifikasi lengkap", done.body)

    def test_kepala_dinas_approves_by_marking_the_activity_done_from_the_menu(self):
        case = self.named_case_at("approval", "TOUR-MARKDONE")
        self.start_tour("/odoo", "sapa_case_approve_by_marking_done_tour", login=self.kadin.login)
        self.assert_stage(case, "outreach")
        self.assertEqual(case.sudo().approved_by_id, self.kadin)
        self.assertFalse(self.activities_of(case, "approval"))

    def test_marking_done_a_verification_that_lacks_the_team_is_refused(self):
        case = self.named_case_at("verification", "TOUR-NOTEAM")
        self.start_tour(
            "/odoo", "sapa_case_verify_by_marking_done_refused_tour", login=self.kabid.login
        )
        self.assert_stage(case, "verification")
        self.assertTrue(self.activities_of(case, "verification"), "the activity is still owed")
