from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytz

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from ..utils.phone import to_e164, whatsapp_digits
from .common import ALL_STEPS, ALLOWED_MOVES, SapaCaseCommon

# Button -> the steps where it applies.
BUTTON_STEPS = {
    "action_send_to_identification": {"received"},
    "action_submit_identification": {"identification"},
    "action_verify": {"verification"},
    "action_approve": {"approval"},
    "action_open_send_back_wizard": {"verification", "approval"},
    "action_submit_outreach_report": {"outreach"},
    "action_decide_refer": {"decision"},
    "action_decide_no_referral": {"decision"},
    "action_start_monitoring": {"referral"},
    "action_archive_final_report": {"final_report"},
    "action_close": {"monitoring"},
}

UTC = pytz.utc


@tagged("post_install", "-at_install")
class TestGuard(SapaCaseCommon):
    """Every forbidden move is refused, whatever its path, and nothing changes."""

    def add_to_team(self, case, user, role="counselor"):
        case.sudo().write({"team_member_ids": [Command.create({"user_id": user.id, "role": role})]})

    def assert_move_refused(self, case, user, target, pattern):
        """A plain write of the stage is refused with ``pattern`` and the case stays."""
        old = case.step
        with self.assertRaisesRegex(UserError, pattern):
            case.with_user(user).write({"stage_id": self.stages[target].id})
        self.assert_stage(case, old)

    def assert_button_refused(self, case, user, method, pattern):
        old = case.step
        with self.assertRaisesRegex(UserError, pattern):
            getattr(case.with_user(user), method)()
        self.assert_stage(case, old)

    # ------------------------------------------------------------------
    # Moves the SOP does not allow
    # ------------------------------------------------------------------
    def test_every_move_outside_the_sop_is_refused_at_every_step(self):
        """Even the SAPA Manager, who holds every role, cannot skip or reverse a step."""
        cases = {
            "referral": self.create_case(),
            "final_report": self.create_case(),
        }
        checked = set()
        for via, case in cases.items():
            while True:
                step = case.step
                if step not in checked:
                    checked.add(step)
                    for target in ALL_STEPS:
                        if target == step or (step, target) in ALLOWED_MOVES:
                            continue
                        self.assert_move_refused(
                            case, self.manager, target, "the SOP does not allow that step"
                        )
                    for method, steps in BUTTON_STEPS.items():
                        if step not in steps:
                            self.assert_button_refused(
                                case, self.manager, method, "does not apply there"
                            )
                if step == "closed":
                    break
                self.advance(case, via=via)
        self.assertEqual(checked, set(ALL_STEPS))

    def test_received_straight_to_outreach_is_refused_even_with_everything_filled(self):
        case = self.create_case()
        self.fill(case, "received")
        self.fill(case, "identification")
        self.fill(case, "verification")
        self.fill(case, "outreach")
        for user in (self.admin, self.kadin, self.manager):
            self.assert_move_refused(case, user, "outreach", "cannot move from")
        self.assertFalse(case.sudo().approved_by_id)

    def test_moving_a_case_onto_its_own_stage_is_not_a_move(self):
        case = self.create_case()
        case.with_user(self.admin).write({"stage_id": self.stages["received"].id})
        self.assert_stage(case, "received")

    # ------------------------------------------------------------------
    # Wrong role
    # ------------------------------------------------------------------
    def _case_ready_to_leave(self, step, via=None):
        """A case at ``step`` holding everything the next move needs."""
        case = self.new_case_at(step, via=via)
        if step in ("received", "identification"):
            self.add_to_team(case, self.konselor)
        self.fill(case, step)
        return case

    def test_each_move_is_refused_to_the_roles_that_do_not_own_it(self):
        # (from, to, owner's role name, users who may see the case but not move it)
        table = [
            ("received", "identification", "Admin", ["konselor"]),
            ("identification", "verification", "Sub Koordinator", ["admin", "konselor"]),
            ("verification", "approval", "Kepala Bidang", ["admin", "subkoor", "konselor"]),
            ("approval", "outreach", "Kepala Dinas", ["subkoor", "kabid"]),
            ("outreach", "decision", "Konselor / Konsultan", ["admin"]),
            ("decision", "referral", "Kepala Dinas", ["konselor", "subkoor", "kabid"]),
            ("decision", "final_report", "Kepala Dinas", ["kabid"]),
            ("referral", "monitoring", "Sub Koordinator", ["admin", "konselor"]),
            ("final_report", "monitoring", "Admin", ["konselor"]),
            ("monitoring", "closed", "Konselor / Konsultan", ["admin"]),
        ]
        for step, target, owner, wrong_users in table:
            via = "final_report" if "final_report" in (step, target) else "referral"
            case = self._case_ready_to_leave(step, via=via)
            if step == "decision":
                case.with_user(self.kadin).write(
                    {"decision": "refer" if target == "referral" else "no_referral"}
                )
            for login in wrong_users:
                user = getattr(self, login)
                with self.subTest(step=step, target=target, user=login):
                    self.assert_move_refused(case, user, target, f"Only {owner} may")
                    button = {
                        "identification": "action_send_to_identification",
                        "verification": "action_submit_identification",
                        "approval": "action_verify",
                        "outreach": "action_approve",
                        "decision": "action_submit_outreach_report",
                        "referral": "action_decide_refer",
                        "final_report": "action_decide_no_referral",
                        "monitoring": (
                            "action_start_monitoring" if step == "referral"
                            else "action_archive_final_report"
                        ),
                        "closed": "action_close",
                    }[target]
                    self.assert_button_refused(case, user, button, f"Only {owner} may")
            # The owner can: the refusals above were about the role only.
            self.press(case, step, target)
            self.assertEqual(case.step, target)

    def test_send_backs_are_refused_to_the_roles_that_do_not_own_them(self):
        case = self.new_case_at("verification")
        for user in (self.admin, self.subkoor, self.konselor):
            with self.assertRaisesRegex(UserError, "Only Kepala Bidang may"):
                case.with_user(user).write({
                    "stage_id": self.stages["identification"].id,
                    "send_back_reason": "Not complete",
                })
            self.assert_stage(case, "verification")
        self.advance(case)
        for user in (self.subkoor, self.kabid):
            with self.assertRaisesRegex(UserError, "Only Kepala Dinas may"):
                case.with_user(user)._send_back("Not complete")
            self.assert_stage(case, "approval")

    # ------------------------------------------------------------------
    # Missing data, each item named
    # ------------------------------------------------------------------
    def assert_missing(self, case, user, target, items, button=None, absent=()):
        """Both the plain write and the button are refused naming every item."""
        paths = [("write", None)] + ([("button", button)] if button else [])
        for path, method in paths:
            old = case.step
            with self.assertRaises(UserError) as caught:
                if path == "write":
                    case.with_user(user).write({"stage_id": self.stages[target].id})
                else:
                    getattr(case.with_user(user), method)()
            message = str(caught.exception)
            self.assertIn("Missing", message)
            for item in items:
                self.assertIn(item, message, f"{path}: the refusal names '{item}'")
            for item in absent:
                self.assertNotIn(item, message, f"{path}: '{item}' is not missing")
            self.assert_stage(case, old)

    def test_received_needs_a_case_manager(self):
        case = self.create_case()
        self.assert_missing(
            case, self.admin, "identification", ["a case manager (Sub Koordinator)"],
            button="action_send_to_identification",
        )

    def test_identification_needs_confirmation_identification_and_risk(self):
        case = self.new_case_at("identification")
        contact = "a WhatsApp confirmation with the reporter, or 3 failed attempts"
        identification = "the identification of the case"
        risk = "the risk level"
        self.assert_missing(
            case, self.subkoor, "verification", [contact, identification, risk],
            button="action_submit_identification",
        )
        case.with_user(self.subkoor).write({"identification": "Written.", "risk_level": "low"})
        self.assert_missing(
            case, self.subkoor, "verification", [contact],
            button="action_submit_identification", absent=[identification, risk],
        )
        # Two unanswered attempts are not enough; the third makes the reporter unreachable.
        case.with_user(self.subkoor)._log_contact_attempt("no_answer")
        case.with_user(self.subkoor)._log_contact_attempt("wrong_number")
        self.assert_missing(case, self.subkoor, "verification", [contact])
        case.with_user(self.subkoor)._log_contact_attempt("unsafe", channel="phone")
        case.with_user(self.subkoor).action_submit_identification()
        self.assertEqual(case.step, "verification")

    def test_identification_given_in_the_same_write_counts(self):
        case = self.new_case_at("identification")
        case.with_user(self.subkoor)._log_contact_attempt("reached")
        case.with_user(self.subkoor).write({
            "stage_id": self.stages["verification"].id,
            "identification": "Written with the move.",
            "risk_level": "medium",
        })
        self.assertEqual(case.step, "verification")

    def test_blank_identification_does_not_count(self):
        case = self.new_case_at("identification")
        case.with_user(self.subkoor)._log_contact_attempt("reached")
        case.with_user(self.subkoor).write({"identification": "   \n ", "risk_level": "low"})
        self.assert_missing(
            case, self.subkoor, "verification", ["the identification of the case"],
            button="action_submit_identification",
        )

    def test_verification_needs_a_sub_koordinator_and_a_konselor_in_the_team(self):
        case = self.new_case_at("verification")
        subkoor_item = "a Sub Koordinator in the outreach team"
        konselor_item = "a Konselor / Konsultan in the outreach team"
        self.assert_missing(
            case, self.kabid, "approval", [subkoor_item, konselor_item], button="action_verify"
        )
        self.add_to_team(case, self.konselor, "counselor")
        self.assert_missing(
            case, self.kabid, "approval", [subkoor_item], button="action_verify",
            absent=[konselor_item],
        )
        self.assertFalse(case.sudo().verified_by_id, "a refused verification records nobody")

    def test_approval_moves_only_through_the_approval_button(self):
        case = self.new_case_at("approval")
        self.assert_missing(
            case, self.kadin, "outreach", ["the approval of the surat tugas by Kepala Dinas"]
        )
        self.assertEqual(len(self.activities_of(case, "approval")), 1)

    def test_outreach_needs_an_activity_a_report_and_recommendations(self):
        case = self.new_case_at("outreach")
        items = [
            "at least one outreach activity",
            "the outreach report",
            "the recommendations for the follow-up",
        ]
        self.assert_missing(
            case, self.konselor, "decision", items, button="action_submit_outreach_report"
        )
        case.with_user(self.konselor).write({"outreach_report": "Visited."})
        self.assert_missing(
            case, self.konselor, "decision", [items[0], items[2]],
            button="action_submit_outreach_report", absent=[items[1]],
        )

    def test_decision_moves_need_the_matching_decision(self):
        case = self.new_case_at("decision")
        self.assert_missing(
            case, self.kadin, "referral", ["the decision of Kepala Dinas to refer the case"]
        )
        self.assert_missing(
            case, self.kadin, "final_report",
            ["the decision of Kepala Dinas that no referral is needed"],
        )
        case.with_user(self.kadin).write({"decision": "refer"})
        self.assert_missing(
            case, self.kadin, "final_report",
            ["the decision of Kepala Dinas that no referral is needed"],
        )

    def test_referral_needs_a_monitoring_plan(self):
        case = self.new_case_at("referral")
        # Everything but a complete plan: an interval, without an end or a number.
        self.fill(case, "referral", monitoring_checkin_target=0)
        plan = "a monitoring plan"
        button = "action_start_monitoring"
        self.assert_missing(case, self.subkoor, "monitoring", [plan], button=button)
        case.with_user(self.subkoor).write(
            {"monitoring_interval_days": 0, "monitoring_checkin_target": 3}
        )
        self.assert_missing(case, self.subkoor, "monitoring", [plan], button=button)
        case.with_user(self.subkoor).write({
            "monitoring_interval_days": 30,
            "monitoring_checkin_target": 0,
            "monitoring_end_date": "2027-06-30",
        })
        case.with_user(self.subkoor).action_start_monitoring()
        self.assertEqual(case.step, "monitoring")

    def test_final_report_needs_the_report_and_a_monitoring_plan(self):
        case = self.new_case_at("final_report")
        self.assert_missing(
            case, self.admin, "monitoring", ["the final report", "a monitoring plan"],
            button="action_archive_final_report",
        )
        self.assertFalse(case.sudo().final_report_archived_date)

    def test_monitoring_closes_only_when_the_plan_is_complete(self):
        case = self.new_case_at("monitoring")
        self.assert_missing(
            case, self.konselor, "closed", ["the check-ins of the monitoring plan"],
            button="action_close",
        )

    # ------------------------------------------------------------------
    # Fields only the approval actions write
    # ------------------------------------------------------------------
    def test_approval_fields_cannot_be_written_by_a_plain_write(self):
        case = self.new_case_at("approval")
        values = {
            "verified_by_id": self.kadin.id,
            "verified_date": "2026-01-01 08:00:00",
            "approved_by_id": self.kadin.id,
            "approved_date": "2026-01-01 08:00:00",
            "decided_by_id": self.kadin.id,
            "decided_date": "2026-01-01 08:00:00",
        }
        for fname, value in values.items():
            for user in (self.kadin, self.manager):
                with self.subTest(field=fname, user=user.login):
                    with self.assertRaisesRegex(AccessError, "set by SAPA itself"):
                        case.with_user(user).write({fname: value})
                    with self.assertRaisesRegex(AccessError, "set by SAPA itself"):
                        self.env["sapa.case"].with_user(user).create({fname: value})
        case.invalidate_recordset()
        self.assertFalse(case.sudo().approved_by_id)
        self.assertFalse(case.sudo().approved_date)
        self.assertEqual(case.sudo().verified_by_id, self.kabid)

    def test_only_kepala_dinas_records_the_decision(self):
        case = self.new_case_at("decision")
        for user in (self.admin, self.subkoor, self.konselor, self.kabid):
            with self.assertRaisesRegex(UserError, "Only Kepala Dinas may record the decision"):
                case.with_user(user).write({"decision": "refer"})
        case.invalidate_recordset()
        self.assertFalse(case.decision)
        case.with_user(self.kadin).write({"decision": "no_referral"})
        self.assertEqual(case.decision, "no_referral")

    def test_a_decision_cannot_be_slipped_in_at_creation(self):
        for user in (self.admin, self.subkoor):
            with self.assertRaisesRegex(UserError, "Only Kepala Dinas may record the decision"):
                self.env["sapa.case"].with_user(user).create({"decision": "refer"})

    def test_a_case_is_created_only_at_complaint_received(self):
        for user in (self.admin, self.manager):
            for step in ("identification", "outreach", "closed"):
                with self.assertRaisesRegex(UserError, "always starts at"):
                    self.env["sapa.case"].with_user(user).create({
                        "summary": "Imported case",
                        "stage_id": self.stages[step].id,
                    })
        imported = self.env["sapa.case"].with_user(self.admin).create({
            "summary": "Imported case",
            "stage_id": self.stages["received"].id,
        })
        self.assertEqual(imported.step, "received")

    # ------------------------------------------------------------------
    # UU 12/2022 TPKS: no mediation in sexual violence cases
    # ------------------------------------------------------------------
    def test_no_mediation_in_a_sexual_violence_case(self):
        case = self.new_case_at(
            "outreach", violence_type_ids=[Command.set(self.type_sexual.ids)]
        )
        Activity = self.env["sapa.case.outreach.activity"].with_user(self.konselor)
        with self.assertRaisesRegex(ValidationError, "TPKS"):
            Activity.create({"case_id": case.id, "activity_type": "mediation"})
        case.invalidate_recordset()
        self.assertFalse(case.outreach_activity_ids)
        visit = Activity.create({"case_id": case.id, "activity_type": "home_visit"})
        with self.assertRaisesRegex(ValidationError, "TPKS"):
            visit.write({"activity_type": "mediation"})
        visit.invalidate_recordset()
        self.assertEqual(visit.activity_type, "home_visit")

    def test_a_case_with_mediation_cannot_become_sexual_violence(self):
        case = self.new_case_at("outreach")
        self.env["sapa.case.outreach.activity"].with_user(self.konselor).create(
            {"case_id": case.id, "activity_type": "mediation"}
        )
        for user in (self.admin, self.subkoor, self.manager):
            with self.assertRaisesRegex(ValidationError, "TPKS"):
                case.with_user(user).write(
                    {"violence_type_ids": [Command.link(self.type_sexual.id)]}
                )
        case.invalidate_recordset()
        self.assertNotIn(self.type_sexual, case.violence_type_ids)
        # Any type flagged as sexual counts, not just the seeded one.
        harassment = self.env["sapa.violence.type"].with_user(self.manager).create(
            {"name": "Online sexual harassment", "code": "t_kbgo", "is_sexual": True}
        )
        with self.assertRaisesRegex(ValidationError, "TPKS"):
            case.with_user(self.subkoor).write(
                {"violence_type_ids": [Command.link(harassment.id)]}
            )

    def test_admin_can_classify_a_case_that_has_outreach_activities(self):
        """The TPKS check reads the outreach activities, which the Admin may not."""
        case = self.new_case_at("outreach")
        self.fill(case, "outreach")
        case.with_user(self.admin).write(
            {"violence_type_ids": [Command.link(self.type_psychological.id)]}
        )
        self.assertIn(self.type_psychological, case.violence_type_ids)

    # ------------------------------------------------------------------
    # WhatsApp confirmation
    # ------------------------------------------------------------------
    def test_phone_numbers_are_normalised_to_e164(self):
        valid = {
            "0812-3456-7890": "+6281234567890",
            "081234567890": "+6281234567890",
            "(0812) 3456 7890": "+6281234567890",
            "+62 812 3456 7890": "+6281234567890",
            "+62-812-3456-7890": "+6281234567890",
            "62812 3456 7890": "+6281234567890",
            "6281234567890": "+6281234567890",
            " 0813 9876 5432 ": "+6281398765432",
            "021 3190 1234": "+622131901234",
        }
        for raw, e164 in valid.items():
            self.assertEqual(to_e164(raw), e164, raw)
        for raw in ("", "   ", None, False, 812345, "abc", "123", "0812", "62",
                    "08123456789012345", "0812-abcd-7890"):
            self.assertFalse(to_e164(raw), repr(raw))
        self.assertEqual(whatsapp_digits("+6281234567890"), "6281234567890")

    def test_invalid_phone_numbers_are_refused_on_complaint_and_case(self):
        with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
            self.create_complaint(reporter_phone="12-34")
        case = self.create_case()
        for fname in ("contact_phone", "safe_phone"):
            with self.assertRaisesRegex(ValidationError, "not a valid phone number"):
                case.with_user(self.subkoor).write({fname: "0812"})

    def test_only_the_sub_koordinator_logs_contact_attempts(self):
        case = self.new_case_at("identification")
        self.add_to_team(case, self.konselor)
        for user in (self.konselor, self.admin):
            with self.assertRaisesRegex(UserError, "Only Sub Koordinator may log a contact"):
                case.with_user(user)._log_contact_attempt("reached")
        self.assertFalse(case.contact_attempt_ids)
        attempt = case.with_user(self.subkoor)._log_contact_attempt("no_answer", "Busy")
        self.assertEqual((attempt.user_id, attempt.outcome), (self.subkoor, "no_answer"))

    def test_safe_hours_stay_within_the_day(self):
        case = self.new_case_at("identification")
        for values in ({"safe_hour_from": -1}, {"safe_hour_to": 24.5}):
            with self.assertRaisesRegex(ValidationError, "between 00:00 and 24:00"):
                case.with_user(self.subkoor).write(values)

    def _whatsapp_case(self, **values):
        case = self.new_case_at("identification")
        if values:
            case.with_user(self.subkoor).write(values)
        return case

    def test_whatsapp_link_prefills_a_message_with_the_complaint_reference(self):
        case = self._whatsapp_case()
        complaint = case.complaint_ids
        action = case.with_user(self.subkoor).action_open_whatsapp()
        self.assertEqual(action["type"], "ir.actions.act_url")
        url = urlsplit(action["url"])
        self.assertEqual((url.scheme, url.netloc, url.path), ("https", "wa.me", "/6281234567890"))
        text = parse_qs(url.query)["text"][0]
        self.assertIn(complaint.name, text)
        self.assertTrue(action["url"].startswith("https://wa.me/62"))
        self.assertTrue(
            case.message_ids.filtered(lambda m: "+6281234567890" in (m.body or "")),
            "opening WhatsApp is logged in the chatter",
        )

    def test_whatsapp_uses_the_safe_number_when_given(self):
        case = self._whatsapp_case(safe_phone="0813-9876-5432")
        url = urlsplit(case.with_user(self.subkoor).action_open_whatsapp()["url"])
        self.assertEqual(url.path, "/6281398765432")

    def test_whatsapp_is_refused_when_contact_is_not_safe(self):
        case = self._whatsapp_case(safe_to_contact=False)
        messages = case.message_ids
        with self.assertRaisesRegex(UserError, "not safe to contact"):
            case.with_user(self.subkoor).action_open_whatsapp()
        case.invalidate_recordset()
        self.assertEqual(case.message_ids, messages)

    def test_whatsapp_without_a_valid_number_is_refused(self):
        case = self._whatsapp_case(contact_phone=False)
        with self.assertRaisesRegex(UserError, "no valid WhatsApp number"):
            case.with_user(self.subkoor).action_open_whatsapp()

    def test_whatsapp_is_refused_to_a_konselor(self):
        case = self._whatsapp_case()
        self.add_to_team(case, self.konselor)
        with self.assertRaisesRegex(UserError, "Only Sub Koordinator may contact the reporter"):
            case.with_user(self.konselor).action_open_whatsapp()

    def test_safe_hours_in_the_day(self):
        case = self._whatsapp_case(safe_hour_from=9.0, safe_hour_to=17.5)
        check = case.with_user(self.subkoor)._check_safe_to_contact
        # Jakarta is UTC+7.
        check(now=datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # 09:00 WIB
        check(now=datetime(2026, 11, 30, 10, 29, tzinfo=UTC))  # 17:29 WIB
        for utc_hour, utc_minute in ((1, 59), (10, 30), (15, 0)):  # 08:59, 17:30, 22:00
            with self.assertRaisesRegex(UserError, "only between 09:00 and 17:30"):
                check(now=datetime(2026, 11, 30, utc_hour, utc_minute, tzinfo=UTC))

    def test_safe_hours_across_midnight(self):
        case = self._whatsapp_case(safe_hour_from=20.0, safe_hour_to=6.0)
        check = case.with_user(self.subkoor)._check_safe_to_contact
        check(now=datetime(2026, 11, 30, 15, 0, tzinfo=UTC))  # 22:00 WIB
        check(now=datetime(2026, 11, 30, 20, 0, tzinfo=UTC))  # 03:00 WIB
        with self.assertRaisesRegex(UserError, "It is 12:00"):
            check(now=datetime(2026, 11, 30, 5, 0, tzinfo=UTC))  # 12:00 WIB

    def test_safe_hours_are_the_reporters_local_time_whatever_the_staff_timezone(self):
        """The safe hours are Asia/Jakarta time (see the field): a Sub Koordinator
        whose own timezone is UTC must not be let through at 19:00 in Jakarta."""
        case = self._whatsapp_case(safe_hour_from=9.0, safe_hour_to=17.0)
        self.subkoor.tz = "UTC"
        check = case.with_user(self.subkoor)._check_safe_to_contact
        with self.assertRaisesRegex(UserError, "It is 19:00"):
            check(now=datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
        check(now=datetime(2026, 11, 30, 3, 0, tzinfo=UTC))  # 10:00 WIB

    def test_whatsapp_button_respects_the_safe_hours(self):
        case = self._whatsapp_case(safe_hour_from=9.0, safe_hour_to=17.0)
        with freeze_time("2026-11-30 13:00:00"):  # 20:00 WIB
            with self.assertRaisesRegex(UserError, "only between 09:00 and 17:00"):
                case.with_user(self.subkoor).action_open_whatsapp()
        with freeze_time("2026-11-30 04:00:00"):  # 11:00 WIB
            action = case.with_user(self.subkoor).action_open_whatsapp()
        self.assertIn("wa.me/6281234567890?text=", action["url"])
