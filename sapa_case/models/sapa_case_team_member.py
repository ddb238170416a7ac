from odoo import api, fields, models

TEAM_ROLES = [
    ("subcoordinator", "Sub Koordinator"),
    ("counselor", "Konselor / Konsultan"),
    ("head_division", "Kepala Bidang"),
]


class SapaCaseTeamMember(models.Model):
    """A member of a case's outreach team, as named in the surat tugas."""

    _name = "sapa.case.team.member"
    _description = "SAPA Outreach Team Member"
    _inherit = ["sapa.case.line"]
    _order = "case_id, sequence, id"

    sequence = fields.Integer(default=10, sapa_class="staff")
    user_id = fields.Many2one(
        "res.users", string="Member", required=True, index=True, domain="[('share', '=', False)]",
        sapa_class="staff",
    )
    role = fields.Selection(TEAM_ROLES, required=True, default="counselor", sapa_class="staff")
    task = fields.Char(help="Task of this member in the assignment letter.", sapa_class="staff")

    _sql_constraints = [
        ("user_unique", "UNIQUE(case_id, user_id)", "A person is on a case's team only once."),
    ]

    # The Konselor's record rules test the cases' stored team users in SQL,
    # which does not recompute them first: a change of the team is written
    # through at once, so that the very next search in the transaction (a
    # Konselor just added or removed) already sees the new team.
    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env["sapa.case"].flush_model(["team_user_ids"])
        return members

    def write(self, vals):
        result = super().write(vals)
        self.env["sapa.case"].flush_model(["team_user_ids"])
        return result

    def unlink(self):
        result = super().unlink()
        self.env["sapa.case"].flush_model(["team_user_ids"])
        return result
