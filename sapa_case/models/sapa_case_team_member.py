from odoo import fields, models

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
