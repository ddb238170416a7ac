from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .common import OWED_BY, SapaCaseCommon, create_role_user


@tagged("post_install", "-at_install")
class TestStepActivities(SapaCaseCommon):
    def step_activities(self, case):
        """The open activities of SAPA types on the case."""
        return case.sudo().activity_ids.filtered(
            lambda a: (a.activity_type_id.get_external_id().get(a.activity_type_id.id) or "")
            .startswith("sapa_case.mail_activity_type_sapa_")
        )

    def assert_owed(self, case):
        activities = self.step_activities(case)
        self.assertEqual(len(activities), 1, f"{case.step}: one activity")
        self.assertEqual(activities.user_id, self.users[OWED_BY[case.step]], case.step)
        self.assertEqual(activities.date_deadline, case.date_deadline, case.step)
        self.assertIn(case.name, activities.summary)

    def walk_checking(self, case, via):
        while case.step != "monitoring":
            self.assert_owed(case)
            self.advance(case, via=via)
        self.assertFalse(self.step_activities(case), "monitoring: the cron asks when due")

    def test_each_step_of_the_referral_branch_has_its_activity(self):
        self.walk_checking(self.create_case(), "referral")

    def test_each_step_of_the_final_report_branch_has_its_activity(self):
        self.walk_checking(self.create_case(), "final_report")

    def test_an_urgent_case_gets_the_urgent_deadline_at_every_step(self):
        case = self.create_case(violence_type_ids=[(6, 0, self.type_sexual.ids)])
        self.assertTrue(case.is_urgent)
        today = self.company._sapa_today()
        while case.step != "monitoring":
            self.assertEqual(
                case.date_deadline, today + timedelta(days=case.stage_id.sla_days_urgent),
                case.step,
            )
            self.assert_owed(case)
            self.advance(case, via="referral")

    def test_a_case_flagged_urgent_later_gets_the_urgent_deadline(self):
        case = self.new_case_at("verification")
        stage = case.stage_id
        self.assertGreater(stage.sla_days, stage.sla_days_urgent)
        today = self.company._sapa_today()
        self.assertEqual(case.date_deadline, today + timedelta(days=stage.sla_days))
        case.with_user(self.subkoor).write({"violence_type_ids": [(4, self.type_sexual.id)]})
        self.assertTrue(case.is_urgent)
        self.assertEqual(case.date_deadline, today + timedelta(days=stage.sla_days_urgent))
        self.assertEqual(self.activities_of(case, "verification").date_deadline, case.date_deadline)

    def test_sapa_staff_land_on_the_cases_not_in_discuss(self):
        action = self.env["ir.actions.actions"].browse(
            self.env.ref("sapa_case.sapa_case_action").id
        )
        for role in ("admin", "subcoordinator", "counselor", "head_division", "head_agency"):
            self.assertEqual(self.users[role].action_id.id, action.id, role)
        self.assertFalse(self.internal_user.action_id, "not for staff outside SAPA")
        self.assertFalse(self.portal_user.action_id)
        # A user who gets a SAPA role later, too.
        later = create_role_user(self.env, "internal", "t_later_sapa")
        later.write({"groups_id": [(4, self.env.ref("sapa_case.group_sapa_counselor").id)]})
        self.assertEqual(later.action_id.id, action.id)

    def test_a_konselor_outside_the_team_reads_a_sapa_message(self):
        case = self.new_case_at("outreach")
        other = create_role_user(self.env, "counselor", "t_konselor_outside")
        with self.assertRaisesRegex(AccessError, "open only to its outreach team") as caught:
            case.with_user(other).with_context(lang="en_US").read(["name"])
        self.assertNotIn(case.name, str(caught.exception), "the case is not named")
        self.assertNotIn("top-secret", str(caught.exception))
        # Nor a line of the case (victims, check-ins...).
        with self.assertRaisesRegex(AccessError, "open only to its outreach team"):
            self.env["sapa.case.contact.attempt"].with_user(other).with_context(
                lang="en_US"
            ).browse(case.sudo().contact_attempt_ids[:1].id).read(["note"])
        # Its team's Konselor reads it.
        case.with_user(self.konselor).read(["name"])

    def test_an_overdue_approval_shows_in_the_officials_activity_counter(self):
        """The systray's counter (today + overdue) of Kepala Bidang counts the
        verification left past its deadline, as an overdue SAPA activity."""
        case = self.new_case_at("verification")
        kabid = self.users["head_division"]

        def sapa_group():
            groups = self.env["res.users"].with_user(kabid)._get_activity_groups()
            return next((g for g in groups if g["model"] == "sapa.case"), {})

        activity = self.step_activities(case)
        self.assertNotEqual(activity.state, "overdue")
        later = case.date_deadline + timedelta(days=1)
        with freeze_time(f"{later.isoformat()} 05:00:00"):
            activity.invalidate_recordset(["state"])
            self.assertEqual(activity.state, "overdue")
            group = sapa_group()
            self.assertGreaterEqual(group["overdue_count"], 1)
            self.assertGreaterEqual(group["total_count"], group["overdue_count"])
