from odoo import api, fields, models

# The SOP's steps, in order. Code branches on these values, never on a stage's
# (translatable, renamable) name.
STEPS = [
    ("received", "Complaint received"),
    ("identification", "Confirmation & identification"),
    ("verification", "Verification by Kepala Bidang"),
    ("approval", "Approval by Kepala Dinas"),
    ("outreach", "Outreach"),
    ("decision", "Follow-up decision"),
    ("referral", "Referral"),
    ("final_report", "Final report"),
    ("monitoring", "Monitoring"),
    ("closed", "Closed"),
]


# SAPA's roles from the top: each implies the rungs below it (the Sub
# Koordinator implies the Admin and the Konselor, who stand side by side).
ROLE_LADDER = [
    ["sapa_case.group_sapa_manager"],
    ["sapa_case.group_sapa_head_agency"],
    ["sapa_case.group_sapa_head_division"],
    ["sapa_case.group_sapa_subcoordinator"],
    ["sapa_case.group_sapa_admin", "sapa_case.group_sapa_counselor"],
]


class SapaCaseStage(models.Model):
    _name = "sapa.case.stage"
    _description = "SAPA Case Stage"
    _order = "sequence, id"
    # The cases kanban folds the columns of kanban_fold (read_group's __fold).
    _fold_name = "kanban_fold"

    name = fields.Char(required=True, translate=True, sapa_class="config")
    sequence = fields.Integer(default=10, sapa_class="config")
    step = fields.Selection(
        STEPS, required=True, help="Fixed SOP step this stage stands for.", sapa_class="config"
    )
    fold = fields.Boolean(help="Folded in the kanban view.", sapa_class="config")
    # Per user: the kanban opens the columns of the steps the user's own role
    # moves cases out of (the SOP's TRANSITIONS), and folds the others, which
    # stay in place with their count and open with a click. At national scale
    # a column costs its queries (cards, their tags, team, activities, count):
    # the landing page reads the user's work, not the whole SOP (bench/README.md).
    kanban_fold = fields.Boolean(
        compute="_compute_kanban_fold", string="Folded for me", sapa_class="config",
    )
    description = fields.Text(translate=True, sapa_class="config")
    sla_days = fields.Integer(
        string="Service level (days)",
        default=2,
        help="Working time allowed in this step before the case is overdue.",
        sapa_class="config",
    )
    sla_days_urgent = fields.Integer(
        string="Service level for urgent cases (days)",
        default=1,
        help="Shorter deadline for urgent cases (immediate danger, child victim, sexual violence).",
        sapa_class="config",
    )
    active = fields.Boolean(default=True, sapa_class="config")

    _sql_constraints = [
        ("step_unique", "UNIQUE(step)", "Each SOP step has exactly one stage."),
    ]

    @api.model
    def _get_by_step(self, step):
        return self.search([("step", "=", step)], limit=1)

    @api.depends("fold", "step")
    @api.depends_context("uid")
    def _compute_kanban_fold(self):
        own_steps = self._own_steps()
        for stage in self:
            stage.kanban_fold = stage.fold or bool(own_steps) and stage.step not in own_steps

    @api.model
    def _own_steps(self):
        """The steps the current user's own role (its highest SAPA role) moves
        cases out of; empty for a role that moves none (the SAPA Manager)."""
        # Here, not at the top: sapa_case.py must stay after this module in the
        # registry (models/__init__.py).
        from .sapa_case import TRANSITIONS

        user = self.env.user
        for rung in ROLE_LADDER:
            roles = [xmlid for xmlid in rung if user.has_group(xmlid)]
            if roles:
                return {old for (old, _new), owner in TRANSITIONS.items() if owner in roles}
        return set()
