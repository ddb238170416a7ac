from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import SapaCaseCommon


@tagged("post_install", "-at_install")
class TestApprovalFromActivity(SapaCaseCommon):
    """"Mark Done" on a SAPA approval activity approves through the guarded
    action of the step, as the form button does; the activity of a waiting step
    is never cancelled away."""

    def mark_done(self, case, step, user, feedback="Disetujui"):
        activity = self.activities_of(case, step)
        self.assertEqual(len(activity), 1)
        return activity.with_user(user).action_feedback(feedback=feedback)

    def done_message(self, case, step):
        return case.sudo().message_ids.filtered(
            lambda message: message.mail_activity_type_id == self.activity_type[step]
        )

    def test_kepala_bidang_verifies_by_marking_the_activity_done(self):
        case = self.new_case_at("verification")
        self.fill(case, "verification")
        message_id = self.mark_done(case, "verification", self.kabid, "Identifikasi lengkap")
        self.assert_stage(case, "approval")
        self.assertEqual(case.sudo().verified_by_id, self.kabid)
        self.assertFalse(self.activities_of(case, "verification"))
        self.assertEqual(self.activities_of(case, "approval").user_id, self.kadin)
        done = self.done_message(case, "verification")
        self.assertEqual(len(done), 1, "one 'done' line, with the official's note")
        self.assertEqual(done.id, message_id)
        self.assertIn("Identifikasi lengkap", html2plaintext(done.body))

    def test_kepala_dinas_approves_the_surat_tugas_by_marking_the_activity_done(self):
        case = self.new_case_at("approval")
        self.mark_done(case, "approval", self.kadin)
        self.assert_stage(case, "outreach")
        self.assertEqual(case.sudo().approved_by_id, self.kadin)
        self.assertFalse(self.activities_of(case, "approval"))
        self.assertIn("Disetujui", html2plaintext(self.done_message(case, "approval").body))

    def test_the_decision_activity_applies_the_recorded_decision(self):
        case = self.new_case_at("decision")
        with self.assertRaisesRegex(UserError, "Choose the decision"):
            self.mark_done(case, "decision", self.kadin)
        self.assert_stage(case, "decision")
        self.assertTrue(self.activities_of(case, "decision"), "still owed")
        case.with_user(self.kadin).decision = "no_referral"
        self.mark_done(case, "decision", self.kadin, "Cukup pendampingan")
        self.assert_stage(case, "final_report")
        self.assertEqual(case.sudo().decided_by_id, self.kadin)
        self.assertEqual(case.sudo().decision_note, "Cukup pendampingan")

    def test_the_decision_activity_to_refer(self):
        case = self.new_case_at("decision")
        case.with_user(self.kadin).decision = "refer"
        self.mark_done(case, "decision", self.kadin)
        self.assert_stage(case, "referral")

    def test_marking_done_without_the_role_is_refused_with_the_guards_message(self):
        case = self.new_case_at("approval")
        activity = self.activities_of(case, "approval")
        # The Kepala Bidang may see the activity; approving is Kepala Dinas's.
        with self.assertRaisesRegex(UserError, "approve a surat tugas"):
            activity.with_user(self.kabid).action_feedback(feedback="ok")
        self.assert_stage(case, "approval")
        self.assertTrue(activity.exists())
        self.assertFalse(case.sudo().approved_by_id)

    def test_marking_done_with_something_missing_is_refused_with_the_guards_message(self):
        case = self.new_case_at("verification")  # no outreach team yet
        with self.assertRaisesRegex(UserError, "(?s)Missing:.*outreach team"):
            self.mark_done(case, "verification", self.kabid)
        self.assert_stage(case, "verification")
        self.assertTrue(self.activities_of(case, "verification"))
        self.assertFalse(case.sudo().verified_by_id)

    def test_done_and_schedule_next_approves_too(self):
        case = self.new_case_at("approval")
        self.activities_of(case, "approval").with_user(self.kadin).action_feedback_schedule_next(
            feedback="Disetujui"
        )
        self.assert_stage(case, "outreach")

    def test_the_form_button_still_closes_the_activity_once(self):
        case = self.new_case_at("approval")
        case.with_user(self.kadin).action_approve()
        self.assert_stage(case, "outreach")
        self.assertEqual(len(self.done_message(case, "approval")), 1)

    def test_the_activity_of_a_waiting_step_cannot_be_cancelled_or_deleted(self):
        case = self.new_case_at("approval")
        activity = self.activities_of(case, "approval")
        for user in (self.kadin, self.manager):
            with self.assertRaisesRegex(UserError, "cannot be cancelled"):
                activity.with_user(user).action_cancel()
            with self.assertRaisesRegex(UserError, "cannot be cancelled"):
                activity.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "cannot be cancelled"):
                activity.with_user(user).write({"active": False})
            with self.assertRaisesRegex(UserError, "cannot be cancelled"):
                activity.with_user(user).write({"res_id": self.create_case().id})
        self.assertTrue(activity.exists() and activity.active)
        # Reassigning it to another official stays possible.
        activity.with_user(self.kadin).write({"user_id": self.manager.id})
        self.assertEqual(activity.user_id, self.manager)

    def test_send_back_still_closes_the_activity(self):
        case = self.new_case_at("approval")
        self.env["sapa.case.send.back"].with_user(self.kadin).create(
            {"case_id": case.id, "reason": "Tim kurang lengkap"}
        ).action_confirm()
        self.assert_stage(case, "verification")
        self.assertFalse(self.activities_of(case, "approval"))

    def test_other_activities_are_marked_done_as_usual(self):
        case = self.new_case_at("approval")
        todo = case.with_user(self.kadin).activity_schedule(
            "mail.mail_activity_data_todo", summary="Telepon pelapor", user_id=self.kadin.id
        )
        todo.with_user(self.kadin).action_feedback(feedback="ok")
        self.assertFalse(todo.exists())
        self.assert_stage(case, "approval")
        # and can be cancelled
        other = case.with_user(self.kadin).activity_schedule(
            "mail.mail_activity_data_todo", summary="Lain", user_id=self.kadin.id
        )
        other.with_user(self.kadin).action_cancel()
        self.assertFalse(other.exists())
