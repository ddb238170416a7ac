"""The SOP walker: takes a case along the SOP through the real buttons, what each
step needs filled in and each move made by the user of the role that owns it.

It serves the demo story and the tests of every SAPA addon, never the workflow
itself. The steps come from the transition table (``TRANSITIONS``); an addon
that adds a condition to a move (through ``_missing_for_transition``) teaches
the walker to meet it by overriding the ``_fill_<step>`` of the step the move
leaves (see sapa_referral's ``_fill_referral``)."""

from datetime import timedelta
from itertools import pairwise

from odoo import Command, _, api, models
from odoo.exceptions import UserError

from .sapa_case import SEND_BACKS, TRANSITIONS

GROUP_PREFIX = "sapa_case.group_sapa_"
# The users the walker works with, by role: the suffix of each group's XML id.
ROLES = {
    role: GROUP_PREFIX + role
    for role in ("admin", "subcoordinator", "counselor", "head_division", "head_agency")
}

# The button of each forward move (the send-backs go through their wizard).
MOVE_BUTTONS = {
    ("received", "identification"): "action_send_to_identification",
    ("identification", "verification"): "action_submit_identification",
    ("verification", "approval"): "action_verify",
    ("approval", "outreach"): "action_approve",
    ("outreach", "decision"): "action_submit_outreach_report",
    ("decision", "referral"): "action_decide_refer",
    ("decision", "final_report"): "action_decide_no_referral",
    ("referral", "monitoring"): "action_start_monitoring",
    ("final_report", "monitoring"): "action_archive_final_report",
    ("monitoring", "closed"): "action_close",
}


def sop_path(start, target, via=None):
    """The steps from ``start`` to ``target`` (both included) along the SOP's
    forward moves, or None. Where the SOP branches, ``via`` (a step) is taken
    first, else the moves in the order of the transition table."""

    def next_steps(step):
        steps = [new for old, new in TRANSITIONS if old == step and (old, new) not in SEND_BACKS]
        return sorted(steps, key=lambda new: new != via)

    def walk(path):
        if path[-1] == target:
            return path
        for step in next_steps(path[-1]):
            if step not in path:
                found = walk([*path, step])
                if found:
                    return found
        return None

    return walk([start])


class SapaCaseWalker(models.AbstractModel):
    """Walks cases along the SOP (demo data and tests). ``users`` maps each role
    of ``ROLES`` to a user holding it; ``values`` overrides, per step, what the
    step is filled with (case fields, and the ``contact_attempts`` of the
    identification or the ``checkins`` of the monitoring)."""

    _name = "sapa.case.walker"
    _description = "SAPA SOP walker (demo data and tests)"

    @api.model
    def _walk(self, case, target, users, via=None, values=None):
        """Fill each step and press its button, each as its role, until ``case``
        (at any step) is at ``target``; return the case."""
        case.ensure_one()
        path = sop_path(case.step, target, via)
        if not path:
            raise UserError(
                _("The SOP leads from '%(start)s' to no step '%(target)s'.",
                  start=case.step, target=target)
            )
        for step, new in pairwise(path):
            self._fill(case, step, users, (values or {}).get(step))
            self._press(case, step, new, users)
        return case

    @api.model
    def _fill(self, case, step, users, values=None):
        """Fill in what ``case`` needs to leave ``step``, as the role that does it."""
        fill = getattr(self, f"_fill_{step}", None)
        if fill is not None:
            fill(case, users, dict(values or {}))
        elif values:
            raise UserError(_("Nothing is filled in at the step '%s'.", step))

    @api.model
    def _press(self, case, step, new, users):
        """Press the button of the move ``step`` -> ``new`` as the role owning it."""
        role = TRANSITIONS[(step, new)].removeprefix(GROUP_PREFIX)
        if (step, new) == ("final_report", "monitoring") and not self.env[
            "sapa.letter"
        ]._get_issued(case, "final_report"):
            # The Admin archives the signed final report: the case manager signs it
            # first (after the filling, which may still change the plan).
            signer = case.sudo().user_id or users["subcoordinator"]
            case.with_user(signer).action_print_final_report()
        result = getattr(case.with_user(users[role]), MOVE_BUTTONS[(step, new)])()
        if case.step != new:
            raise UserError(
                _("Case %(case)s did not move to '%(step)s'.", case=case.name, step=new)
            )
        return result

    # What each step needs, by the role that fills it ----------------------------
    def _fill_received(self, case, users, values):
        case.with_user(users["admin"]).write({"user_id": users["subcoordinator"].id, **values})

    def _fill_identification(self, case, users, values):
        as_subcoordinator = case.with_user(users["subcoordinator"])
        attempts = values.pop("contact_attempts", [("reached", "Pelapor terkonfirmasi")])
        for outcome, note in attempts:
            as_subcoordinator._log_contact_attempt(outcome, note)
        as_subcoordinator.write({
            "identification": "Pengaduan terkonfirmasi melalui WhatsApp.",
            "victim_condition": "Korban dalam kondisi cemas namun saat ini berada di tempat aman.",
            "planned_steps": "Kunjungan rumah dan asesmen psikologis oleh Tim Penjangkauan.",
            "risk_level": "high" if case.is_urgent else "medium",
            **values,
        })

    def _fill_verification(self, case, users, values):
        today = case.company_id._sapa_today()
        case.with_user(users["head_division"]).write({
            "team_member_ids": [
                Command.create({"user_id": users["subcoordinator"].id, "role": "subcoordinator",
                                "task": "Koordinator penjangkauan"}),
                Command.create({"user_id": users["counselor"].id, "role": "counselor",
                                "task": "Asesmen dan pendampingan psikologis"}),
                Command.create({"user_id": users["head_division"].id, "role": "head_division",
                                "task": "Penanggung jawab"}),
            ],
            "assignment_period_start": today,
            "assignment_period_end": today + timedelta(days=14),
            **values,
        })

    def _fill_outreach(self, case, users, values):
        case.with_user(users["counselor"]).write({
            "outreach_activity_ids": [Command.create({
                "activity_type": "home_visit",
                "place": "Rumah korban",
                "findings": "Korban bersedia didampingi; keluarga inti mendukung.",
            })],
            "outreach_report": "Penjangkauan dilakukan sesuai surat tugas.",
            "recommendation": "Pendampingan lanjutan sesuai kebutuhan korban.",
            **values,
        })

    def _fill_referral(self, case, users, values):
        case.with_user(users["subcoordinator"]).write({
            "monitoring_interval_days": 14,
            "monitoring_checkin_target": 2,
            **values,
        })

    def _fill_final_report(self, case, users, values):
        case.with_user(users["subcoordinator"]).write({
            "final_report": "Korban telah menerima pendampingan; tidak memerlukan rujukan.",
            "monitoring_interval_days": 14,
            "monitoring_checkin_target": 2,
            **values,
        })

    def _fill_monitoring(self, case, users, values):
        case_sudo = case.sudo()
        missing = (case_sudo.monitoring_checkin_target or 1) - len(case_sudo.checkin_ids)
        checkins = values.pop("checkins", [{"condition": "stable"}] * missing)
        # Each planned check-in on its due date (the plan's interval is kept).
        Checkin = self.env["sapa.case.monitoring.checkin"].with_user(users["counselor"])
        for checkin in checkins:
            due = case_sudo.monitoring_next_date
            Checkin.create({
                "case_id": case.id, "note": "Korban dalam kondisi aman.",
                **({"date": due} if due and not checkin.get("is_unscheduled") else {}),
                **checkin,
            })
        if values:
            case.with_user(users["counselor"]).write(values)
