from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.sapa_case_walker import sop_path
from .common import FINAL_REPORT_PATH, REFERRAL_PATH, SapaCaseCommon


@tagged("post_install", "-at_install")
class TestWalker(SapaCaseCommon):
    """The SOP walker of the demo and the tests follows the transition table."""

    def test_paths_follow_the_sop_and_its_branches(self):
        self.assertEqual(sop_path("received", "closed"), REFERRAL_PATH)
        self.assertEqual(sop_path("received", "closed", via="referral"), REFERRAL_PATH)
        self.assertEqual(sop_path("received", "closed", via="final_report"), FINAL_REPORT_PATH)
        self.assertEqual(sop_path("received", "final_report"), FINAL_REPORT_PATH[:7])
        self.assertEqual(sop_path("outreach", "monitoring", via="final_report"),
                         ["outreach", "decision", "final_report", "monitoring"])
        self.assertEqual(sop_path("approval", "approval"), ["approval"])
        # Forward only: the send-backs are not a way through the SOP.
        self.assertIsNone(sop_path("approval", "identification"))
        self.assertIsNone(sop_path("referral", "final_report"))

    def test_walking_to_an_unreachable_step_is_refused_and_nothing_moves(self):
        case = self.new_case_at("verification")
        with self.assertRaisesRegex(UserError, "no step 'received'"):
            self.walk_to(case, "received")
        self.assert_stage(case, "verification")

    def test_each_step_is_filled_and_pressed_by_its_role(self):
        case = self.new_case_at("outreach")
        self.assertEqual(case.user_id, self.subkoor)
        self.assertEqual(case.contact_attempt_ids.user_id, self.subkoor)
        self.assertEqual(case.team_member_ids.create_uid, self.kabid)
        self.assertEqual(case.sudo().verified_by_id, self.kabid)
        self.assertEqual(case.sudo().approved_by_id, self.kadin)
        with self.assertRaisesRegex(UserError, "Nothing is filled in at the step 'approval'"):
            self.fill(case, "approval", summary="No field is filled at an approval.")
