import re
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged
from odoo.tools import html2plaintext, mute_logger

from .common import FINAL_REPORT_PATH, REFERRAL_PATH, SapaCaseCommon, create_role_user


@tagged("post_install", "-at_install")
class TestWorkflow(SapaCaseCommon):
    """The SAPA SOP end to end, each step done by the role that owns it."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @staticmethod
    def plain(message):
        return html2plaintext(message.body or "")

    def done_messages(self, case, step):
        """Chatter messages left by marking an approval activity as done."""
        return case.sudo().message_ids.filtered(
            lambda message: message.mail_activity_type_id == self.activity_type[step]
        )

    def assert_one_activity_for(self, case, step, user):
        activities = self.activities_of(case, step)
        self.assertEqual(len(activities), 1, f"one {step} activity expected")
        self.assertEqual(activities.user_id, user)
        self.assertEqual(activities.date_deadline, case.date_deadline)
        self.assertIn(case.name, activities.summary)
        return activities

    # ------------------------------------------------------------------
    # Both branches end to end
    # ------------------------------------------------------------------
    def test_referral_branch_end_to_end_each_step_by_its_role(self):
        case = self.create_case()
        self.flush_tracking()  # each request is its own transaction in real use
        steps_seen = [case.step]
        while case.step != "closed":
            self.advance(case, via="referral")
            self.flush_tracking()
            steps_seen.append(case.step)
        self.assertEqual(steps_seen, REFERRAL_PATH)
        case_sudo = case.sudo()
        self.assertEqual(case_sudo.decision, "refer")
        self.assertEqual(case_sudo.verified_by_id, self.kabid)
        self.assertEqual(case_sudo.approved_by_id, self.kadin)
        self.assertEqual(case_sudo.decided_by_id, self.kadin)
        self.assertTrue(case_sudo.verified_date and case_sudo.approved_date)
        self.assertTrue(case_sudo.decided_date)
        self.assertEqual(case_sudo.checkin_count, 2)
        self.assertTrue(case_sudo.monitoring_complete)
        self.assertFalse(case_sudo.date_deadline, "a closed case has no step deadline")
        # No approval activity is left pending once the case is closed.
        self.assertFalse(
            case_sudo.activity_ids.filtered(
                lambda a: a.activity_type_id in self.activity_type.values()
            )
        )
        # Every stage change is in the chatter, in SOP order.
        tracked = case_sudo.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "stage_id"
        ).sorted("id")
        self.assertEqual(
            tracked.mapped("new_value_char"),
            [self.stages[step].name for step in REFERRAL_PATH[1:]],
        )

    def test_final_report_branch_end_to_end_and_admin_archives_the_report(self):
        case = self.create_case()
        steps_seen = [case.step]
        while case.step != "closed":
            self.advance(case, via="final_report")
            steps_seen.append(case.step)
        self.assertEqual(steps_seen, FINAL_REPORT_PATH)
        case_sudo = case.sudo()
        self.assertEqual(case_sudo.decision, "no_referral")
        self.assertEqual(case_sudo.final_report_archived_date, self.company._sapa_today())
        self.assertEqual(case_sudo.decided_by_id, self.kadin)

    def test_final_report_step_asks_the_case_manager_for_the_report_and_archiving_closes_it(self):
        case = self.new_case_at("final_report")
        todo = self.activities_of(
            case, self.env.ref("sapa_case.mail_activity_type_sapa_final_report")
        )
        self.assertEqual(todo.user_id, self.subkoor)
        self.assertEqual(todo.date_deadline, case.date_deadline)
        self.advance(case, via="final_report")
        self.assertEqual(case.step, "monitoring")
        self.assertFalse(
            todo.exists(),
            "the 'write the final report' to-do must not stay open once the report is archived",
        )

    # ------------------------------------------------------------------
    # Intake
    # ------------------------------------------------------------------
    def test_accepting_a_complaint_opens_exactly_one_case_linked_to_it(self):
        complaint = self.create_complaint(
            violence_type_ids=[Command.set((self.type_physical | self.type_sexual).ids)],
        )
        self.assertEqual(complaint.state, "new")
        self.assertTrue(complaint.is_urgent, "sexual violence makes a complaint urgent")
        before = self.env["sapa.case"].search_count([])
        action = complaint.with_user(self.admin).action_accept()
        self.assertEqual(self.env["sapa.case"].search_count([]), before + 1)
        case = complaint.case_id
        self.assertEqual(action["res_model"], "sapa.case")
        self.assertEqual(action["res_id"], case.id)
        self.assertEqual(complaint.state, "accepted")
        self.assertEqual(case.complaint_ids, complaint)
        self.assertEqual(case.step, "received")
        self.assertEqual(case.summary, complaint.description)
        self.assertEqual(case.violence_type_ids, self.type_physical | self.type_sexual)
        self.assertTrue(case.is_urgent)
        self.assertEqual(case.contact_phone, complaint.reporter_phone)
        self.assertEqual(case.incident_date, complaint.incident_date)
        # A complaint is handled once: accepting it again is refused.
        with self.assertRaisesRegex(UserError, "already been handled"):
            complaint.with_user(self.admin).action_accept()
        self.assertEqual(self.env["sapa.case"].search_count([]), before + 1)

    def test_accepting_several_complaints_opens_one_case_each(self):
        complaints = self.create_complaint() | self.create_complaint()
        complaints.with_user(self.admin).action_accept()
        self.assertEqual(len(complaints.case_id), 2)
        for complaint in complaints:
            self.assertEqual(complaint.case_id.complaint_ids, complaint)

    def test_only_the_admin_handles_incoming_complaints(self):
        complaint = self.create_complaint()
        with self.assertRaisesRegex(UserError, "Only the SAPA Admin"):
            complaint.with_user(self.konselor).action_accept()
        self.assertEqual(complaint.state, "new")
        self.assertFalse(complaint.case_id)

    def test_duplicate_report_is_linked_to_the_existing_case_without_a_new_case(self):
        case = self.create_case()
        duplicate = self.create_complaint(channel="whatsapp", reporter_name="Pak RT")
        before = self.env["sapa.case"].search_count([])
        wizard = Form(
            self.env["sapa.complaint.link"].with_user(self.admin).with_context(
                default_complaint_ids=duplicate.ids
            )
        )
        wizard.case_id = case
        wizard.save().action_confirm()
        self.assertEqual(self.env["sapa.case"].search_count([]), before)
        self.assertEqual(duplicate.state, "duplicate")
        self.assertEqual(duplicate.case_id, case)
        self.assertEqual(len(case.complaint_ids), 2)
        self.assertTrue(
            case.message_ids.filtered(lambda m: duplicate.name in self.plain(m)),
            "the case's chatter mentions the linked duplicate",
        )

    def test_rejecting_a_complaint_needs_a_reason(self):
        complaint = self.create_complaint(description="Pesan promosi pinjaman online")
        for reason in ("", "   ", False):
            with self.assertRaisesRegex(UserError, "reason"):
                complaint.with_user(self.admin)._reject(reason)
            self.assertEqual(complaint.state, "new")
        complaint.with_user(self.admin)._reject("  Spam: advertising, not a complaint ")
        self.assertEqual(complaint.state, "rejected")
        self.assertEqual(complaint.reject_reason, "Spam: advertising, not a complaint")
        self.assertFalse(complaint.case_id)
        with self.assertRaisesRegex(UserError, "already been handled"):
            complaint.with_user(self.admin).action_accept()

    def test_rejecting_through_the_wizard(self):
        complaints = self.create_complaint() | self.create_complaint()
        action = complaints.with_user(self.admin).action_open_reject_wizard()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.admin).with_context(**action["context"])
        )
        wizard.reason = "Spam"
        self.assertEqual(wizard.save().action_confirm(), {"type": "ir.actions.act_window_close"})
        self.assertEqual(complaints.mapped("state"), ["rejected", "rejected"])
        self.assertEqual(complaints.mapped("reject_reason"), ["Spam", "Spam"])

    def test_references_come_from_the_sequences_and_never_repeat(self):
        year = self.company._sapa_today().year
        complaints = self.env["sapa.complaint"]
        for _i in range(5):
            complaints |= self.create_complaint()
        complaints.with_user(self.admin).action_accept()
        cases = complaints.case_id
        self.assertEqual(len(set(complaints.mapped("name"))), 5)
        self.assertEqual(len(set(cases.mapped("name"))), 5)
        for complaint in complaints:
            self.assertRegex(complaint.name, rf"^ADU/{year}/\d{{5}}$")
        for case in cases:
            self.assertRegex(case.name, rf"^KASUS/{year}/\d{{4}}$")
        numbers = sorted(int(re.search(r"(\d+)$", c.name).group(1)) for c in cases)
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 5)))
        # The database itself refuses a repeated reference.
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["sapa.case"].create({"name": cases[0].name})
            self.env.flush_all()

    def test_tracking_code_is_kept_only_as_a_hash_and_needs_reference_and_code(self):
        complaint = self.create_complaint()
        other = self.create_complaint()
        code = complaint._generate_tracking_code()
        other_code = other._generate_tracking_code()
        self.assertNotEqual(code, other_code)
        Complaint = self.env["sapa.complaint"]
        self.assertEqual(Complaint._find_by_tracking_code(complaint.name, code), complaint)
        self.assertEqual(Complaint._find_by_tracking_code(f" {complaint.name} ", code), complaint)
        for reference, guess in (
            (complaint.name, other_code),  # another complaint's code
            (other.name, code),
            (complaint.name, code[:-1]),
            ("ADU/0000/99999", code),  # unknown reference
            (complaint.name, ""),
            (complaint.name, None),
            (complaint.name, "x" * 65),
            ("", code),
        ):
            self.assertFalse(Complaint._find_by_tracking_code(reference, guess))
        stored = complaint.sudo().tracking_hash
        self.assertNotIn(code, stored)
        self.assertEqual(len(stored), 64)
        # Nobody on the SAPA staff reads even the hash.
        for user in (self.admin, self.manager):
            with self.assertRaises(AccessError):
                complaint.with_user(user).read(["tracking_hash"])
        # A new code replaces the old one.
        new_code = complaint._generate_tracking_code()
        self.assertFalse(Complaint._find_by_tracking_code(complaint.name, code))
        self.assertEqual(Complaint._find_by_tracking_code(complaint.name, new_code), complaint)

    def test_public_status_follows_the_case_in_plain_words(self):
        rejected = self.create_complaint()
        rejected.with_user(self.admin)._reject("Out of scope")
        self.assertEqual(rejected._public_status(), "closed")
        self.assertEqual(self.create_complaint()._public_status(), "received")
        case = self.create_case()
        complaint = case.complaint_ids
        expected = {
            "received": "in_progress",
            "identification": "in_progress",
            "verification": "in_progress",
            "approval": "in_progress",
            "outreach": "in_progress",
            "decision": "in_progress",
            "referral": "referred",
            "monitoring": "finished",
            "closed": "finished",
        }
        while True:
            self.assertEqual(complaint._public_status(), expected[case.step], case.step)
            if case.step == "closed":
                break
            self.advance(case)
        duplicate = self.create_complaint()
        duplicate.with_user(self.admin)._link_to_case(case)
        self.assertEqual(duplicate._public_status(), "finished")

    # ------------------------------------------------------------------
    # Approvals as activities
    # ------------------------------------------------------------------
    def test_entering_verification_asks_the_configured_kepala_bidang(self):
        case = self.new_case_at("verification")
        self.assert_one_activity_for(case, "verification", self.kabid)

    def test_entering_approval_asks_the_configured_kepala_dinas(self):
        case = self.new_case_at("approval")
        self.assert_one_activity_for(case, "approval", self.kadin)
        self.assertFalse(self.activities_of(case, "verification"))

    def test_entering_decision_asks_the_configured_kepala_dinas(self):
        case = self.new_case_at("decision")
        self.assert_one_activity_for(case, "decision", self.kadin)

    def test_without_configured_officials_exactly_the_role_holders_are_asked(self):
        self.company.write({
            "sapa_head_division_user_id": False,
            "sapa_head_agency_user_id": False,
        })
        kabid_2 = create_role_user(self.env, "head_division", "t_sapa_kabid_2")
        group_kabid = self.env.ref("sapa_case.group_sapa_head_division")
        group_kadin = self.env.ref("sapa_case.group_sapa_head_agency")
        group_manager = self.env.ref("sapa_case.group_sapa_manager")

        case = self.new_case_at("verification")
        asked = self.activities_of(case, "verification").user_id
        self.assertIn(self.kabid, asked)
        self.assertIn(kabid_2, asked)
        # Kepala Dinas and the manager hold the role by implication: not asked.
        self.assertNotIn(self.kadin, asked)
        self.assertNotIn(self.manager, asked)
        for user in asked:
            self.assertIn(group_kabid, user.groups_id)
            self.assertNotIn(group_kadin, user.groups_id)
        self.assertEqual(
            len(self.activities_of(case, "verification")), len(asked),
            "one activity per official",
        )

        self.advance(case)  # Kepala Bidang verifies
        self.assertFalse(
            self.activities_of(case, "verification"),
            "the verification by one Kepala Bidang closes the others' activities too",
        )
        asked = self.activities_of(case, "approval").user_id
        self.assertIn(self.kadin, asked)
        self.assertNotIn(self.manager, asked)
        self.assertNotIn(self.kabid, asked)
        for user in asked:
            self.assertIn(group_kadin, user.groups_id)
            self.assertNotIn(group_manager, user.groups_id)

    def test_verifying_closes_the_activity_with_feedback_in_the_chatter(self):
        case = self.new_case_at("verification")
        activity = self.activities_of(case, "verification")
        self.advance(case)
        self.assertFalse(activity.exists())
        done = self.done_messages(case, "verification")
        self.assertEqual(len(done), 1)
        self.assertIn(self.stages["approval"].name, self.plain(done))
        self.assertEqual(done.author_id, self.kabid.partner_id)

    def test_approving_closes_the_activity_with_feedback_in_the_chatter(self):
        case = self.new_case_at("approval")
        activity = self.activities_of(case, "approval")
        self.press(case, "approval", "outreach")
        self.assertEqual(case.step, "outreach")
        self.assertFalse(activity.exists())
        done = self.done_messages(case, "approval")
        self.assertEqual(len(done), 1)
        self.assertIn(self.stages["outreach"].name, self.plain(done))
        self.assertEqual(done.author_id, self.kadin.partner_id)

    def test_deciding_closes_the_decision_activity(self):
        case = self.new_case_at("decision")
        self.press(case, "decision", "final_report")
        self.assertFalse(self.activities_of(case, "decision"))
        self.assertEqual(len(self.done_messages(case, "decision")), 1)

    def test_deadlines_follow_the_service_level_of_each_stage_shorter_when_urgent(self):
        self.stages["verification"].write({"sla_days": 4, "sla_days_urgent": 1})
        self.stages["approval"].write({"sla_days": 3, "sla_days_urgent": 2})
        today = self.company._sapa_today()

        normal = self.new_case_at("verification")
        self.assertFalse(normal.is_urgent)
        self.assertEqual(normal.date_deadline, today + timedelta(days=4))
        self.assertEqual(
            self.activities_of(normal, "verification").date_deadline, today + timedelta(days=4)
        )
        urgent = self.new_case_at("verification", in_danger=True)
        self.assertTrue(urgent.is_urgent)
        self.assertEqual(urgent.date_deadline, today + timedelta(days=1))
        self.assertEqual(
            self.activities_of(urgent, "verification").date_deadline, today + timedelta(days=1)
        )
        self.advance(urgent)
        self.assertEqual(urgent.date_deadline, today + timedelta(days=2))
        self.assertEqual(
            self.activities_of(urgent, "approval").date_deadline, today + timedelta(days=2)
        )

    def test_a_child_victim_makes_the_case_urgent(self):
        child_band = self.env["sapa.age.band"].search([("is_child", "=", True)], limit=1)
        self.assertTrue(child_band, "the national age bands include children")
        case = self.create_case(victim_age_band_id=child_band.id)
        self.assertTrue(case.is_urgent)
        self.assertEqual(
            case.date_deadline,
            self.company._sapa_today() + timedelta(days=self.stages["received"].sla_days_urgent),
        )

    def test_overdue_cases_are_found_by_search(self):
        self.stages["identification"].write({"sla_days": 2, "sla_days_urgent": 1})
        self.stages["verification"].write({"sla_days": 5, "sla_days_urgent": 1})
        late = self.new_case_at("identification")
        on_time = self.new_case_at("verification")
        monitored = self.new_case_at("monitoring")
        no_deadline = self.new_case_at("identification")
        no_deadline.write({"date_deadline": False})
        mine = late | on_time | monitored | no_deadline
        with freeze_time(self.company._sapa_now() + timedelta(days=3)):
            self.assertTrue(late.is_overdue)
            self.assertFalse(on_time.is_overdue)
            self.assertFalse(monitored.is_overdue, "monitoring has its own plan, never overdue")
            self.assertFalse(no_deadline.is_overdue)
            Case = self.env["sapa.case"].with_user(self.subkoor)
            domain = [("id", "in", mine.ids)]
            self.assertEqual(Case.search(domain + [("is_overdue", "=", True)]), late)
            self.assertEqual(
                Case.search(domain + [("is_overdue", "=", False)]),
                on_time | monitored | no_deadline,
            )
            self.assertEqual(Case.search(domain + [("is_overdue", "!=", True)]),
                             on_time | monitored | no_deadline)
            self.assertEqual(Case.search(domain + [("is_overdue", "!=", False)]), late)
        late.invalidate_recordset(["is_overdue"])
        self.assertFalse(late.is_overdue, "not overdue before the deadline")

    # ------------------------------------------------------------------
    # Send back
    # ------------------------------------------------------------------
    def _send_back_with_wizard(self, case, user, reason):
        action = case.with_user(user).action_open_send_back_wizard()
        wizard = Form(
            self.env[action["res_model"]].with_user(user).with_context(**action["context"])
        )
        wizard.reason = reason
        return wizard.save().action_confirm()

    def test_kepala_bidang_sends_back_to_identification_with_a_reason(self):
        case = self.new_case_at("verification")
        activity = self.activities_of(case, "verification")
        reason = "The victim's condition is not described."
        self._send_back_with_wizard(case, self.kabid, reason)
        self.assertEqual(case.step, "identification")
        self.assertEqual(case.send_back_reason, reason)
        self.assertFalse(activity.exists(), "the verification activity is closed")
        done = self.done_messages(case, "verification")
        self.assertEqual(len(done), 1)
        self.assertIn(reason, self.plain(done))
        self.assertTrue(
            case.message_ids.filtered(
                lambda m: "Sent back to" in self.plain(m) and reason in self.plain(m)
            )
        )
        self.assertFalse(self.activities_of(case, "approval"))
        # The Sub Koordinator completes it and submits again: a new verification.
        self.press(case, "identification", "verification")
        self.assert_one_activity_for(case, "verification", self.kabid)

    def test_kepala_dinas_sends_back_to_verification_with_a_reason(self):
        case = self.new_case_at("approval")
        activity = self.activities_of(case, "approval")
        reason = "Add a legal consultant to the team."
        self._send_back_with_wizard(case, self.kadin, reason)
        self.assertEqual(case.step, "verification")
        self.assertFalse(activity.exists())
        done = self.done_messages(case, "approval")
        self.assertEqual(len(done), 1)
        self.assertIn(reason, self.plain(done))
        # Back at verification: Kepala Bidang is asked again.
        self.assert_one_activity_for(case, "verification", self.kabid)

    def test_send_back_without_a_reason_is_refused(self):
        case = self.new_case_at("verification")
        for reason in ("", "   "):
            with self.assertRaisesRegex(UserError, "reason for sending the case back"):
                case.with_user(self.kabid)._send_back(reason)
            self.assert_stage(case, "verification")
        with self.assertRaisesRegex(UserError, "reason for sending the case back"):
            case.with_user(self.kabid).write({"stage_id": self.stages["identification"].id})
        self.assert_stage(case, "verification")
        self.assertEqual(len(self.activities_of(case, "verification")), 1)

    def test_a_second_send_back_needs_its_own_reason(self):
        """The reason of an earlier send-back does not justify a new one."""
        case = self.new_case_at("verification")
        self._send_back_with_wizard(case, self.kabid, "Risk level is missing a justification.")
        self.press(case, "identification", "verification")
        with self.assertRaisesRegex(UserError, "reason for sending the case back"):
            case.with_user(self.kabid).write({"stage_id": self.stages["identification"].id})
        self.assert_stage(case, "verification")

    def test_only_the_owner_of_the_step_sends_back(self):
        case = self.new_case_at("approval")
        with self.assertRaisesRegex(UserError, "Only Kepala Dinas"):
            case.with_user(self.kabid)._send_back("I changed my mind.")
        self.assert_stage(case, "approval")
        outreach = self.new_case_at("outreach")
        with self.assertRaisesRegex(UserError, "does not apply"):
            outreach.with_user(self.kadin)._send_back("Too late.")
        self.assert_stage(outreach, "outreach")
