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


class SapaCaseStage(models.Model):
    _name = "sapa.case.stage"
    _description = "SAPA Case Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, sapa_class="config")
    sequence = fields.Integer(default=10, sapa_class="config")
    step = fields.Selection(
        STEPS, required=True, help="Fixed SOP step this stage stands for.", sapa_class="config"
    )
    fold = fields.Boolean(help="Folded in the kanban view.", sapa_class="config")
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
