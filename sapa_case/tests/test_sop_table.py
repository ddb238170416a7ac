"""The SOP is data: adding a step means a stage, an activity decision and a
public status (see "How to add an SOP step" in README.rst). This test fails
when a step of the transition table misses one of them."""

from odoo.tests import TransactionCase, tagged

from ..models.sapa_case import (
    OFFICIAL_GROUPS,
    SEND_BACKS,
    STEP_ACTIVITIES,
    STEPS_WITHOUT_ACTIVITY,
    TRANSITIONS,
)
from ..models.sapa_case_stage import STEPS
from ..models.sapa_case_walker import MOVE_BUTTONS
from ..models.sapa_complaint import PUBLIC_STATUS_BY_STEP, PUBLIC_STATUSES

ACTIVITY_OWNERS = set(OFFICIAL_GROUPS) | {"admin", "case_manager", "counselors"}


def sop_table_problems(env, transitions, step_activities, steps_without_activity,
                       public_status_by_step):
    """Every problem of the SOP tables, as readable sentences."""
    problems = []
    known_steps = dict(STEPS)
    stage_steps = set(env["sapa.case.stage"].sudo().search([]).mapped("step"))
    steps = {step for move in transitions for step in move}
    for (old, new), group in sorted(transitions.items()):
        if not env.ref(group, raise_if_not_found=False):
            problems.append(f"move {old} -> {new}: group {group} does not exist")
        button = MOVE_BUTTONS.get((old, new))
        if (old, new) not in SEND_BACKS and not hasattr(env["sapa.case"], button or "-"):
            problems.append(f"move {old} -> {new}: no button in the walker's MOVE_BUTTONS")
    for step in sorted(steps):
        if step not in known_steps:
            problems.append(f"{step}: not in the stage's STEPS selection")
        if step not in stage_steps:
            problems.append(f"{step}: no sapa.case.stage record in data")
        in_activities = step in step_activities
        if in_activities == (step in steps_without_activity):
            problems.append(
                f"{step}: must be in exactly one of STEP_ACTIVITIES and STEPS_WITHOUT_ACTIVITY"
            )
        if in_activities:
            xmlid, owner = step_activities[step]
            if not env.ref(xmlid, raise_if_not_found=False):
                problems.append(f"{step}: activity type {xmlid} does not exist")
            if owner not in ACTIVITY_OWNERS:
                problems.append(f"{step}: activity owner {owner!r} is not a known role")
        if public_status_by_step.get(step) not in PUBLIC_STATUSES:
            problems.append(f"{step}: no public status for the reporter's status page")
    return problems


@tagged("post_install", "-at_install")
class TestSopTable(TransactionCase):
    def test_every_step_has_its_stage_activity_decision_and_public_status(self):
        self.assertEqual(
            sop_table_problems(
                self.env, TRANSITIONS, STEP_ACTIVITIES, STEPS_WITHOUT_ACTIVITY,
                PUBLIC_STATUS_BY_STEP,
            ),
            [],
        )

    def test_a_step_added_to_the_transitions_alone_is_reported(self):
        transitions = dict(TRANSITIONS)
        transitions[("decision", "mediation")] = "sapa_case.group_sapa_head_agency"
        problems = sop_table_problems(
            self.env, transitions, STEP_ACTIVITIES, STEPS_WITHOUT_ACTIVITY, PUBLIC_STATUS_BY_STEP,
        )
        self.assertEqual(
            problems,
            [
                "move decision -> mediation: no button in the walker's MOVE_BUTTONS",
                "mediation: not in the stage's STEPS selection",
                "mediation: no sapa.case.stage record in data",
                "mediation: must be in exactly one of STEP_ACTIVITIES and STEPS_WITHOUT_ACTIVITY",
                "mediation: no public status for the reporter's status page",
            ],
        )

    def test_a_missing_activity_type_or_unknown_owner_is_reported(self):
        activities = dict(STEP_ACTIVITIES)
        activities["outreach"] = ("sapa_case.no_such_activity_type", "nobody")
        without = STEPS_WITHOUT_ACTIVITY - {"outreach"}
        problems = sop_table_problems(
            self.env, TRANSITIONS, activities, without, PUBLIC_STATUS_BY_STEP,
        )
        self.assertEqual(
            problems,
            [
                "outreach: activity type sapa_case.no_such_activity_type does not exist",
                "outreach: activity owner 'nobody' is not a known role",
            ],
        )
