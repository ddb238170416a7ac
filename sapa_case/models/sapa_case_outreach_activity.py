from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ACTIVITY_TYPES = [
    ("home_visit", "Home visit"),
    ("mediation", "Mediation"),
    ("advocacy", "Advocacy"),
    ("accompaniment", "Accompaniment"),
    ("assessment", "Assessment"),
]


class SapaCaseOutreachActivity(models.Model):
    """Something the outreach team did for the victim under the surat tugas."""

    _name = "sapa.case.outreach.activity"
    _description = "SAPA Outreach Activity"
    _inherit = ["sapa.case.line", "sapa.access.log.mixin"]
    _order = "date desc, id desc"

    activity_type = fields.Selection(
        ACTIVITY_TYPES, string="Type", required=True, sapa_class="confidential"
    )
    date = fields.Date(
        required=True,
        default=lambda self: self.env.company._sapa_today(),
        sapa_class="confidential",
    )
    place = fields.Char(sapa_class="confidential")
    user_ids = fields.Many2many(
        "res.users", string="Done by", default=lambda self: self.env.user, sapa_class="confidential"
    )
    findings = fields.Text(
        help="Findings and assessment notes (confidential).", sapa_class="confidential"
    )

    @api.constrains("activity_type", "case_id")
    def _check_no_mediation_for_sexual_violence(self):
        for activity in self:
            if activity.activity_type == "mediation" and activity.case_id._is_sexual_violence():
                raise ValidationError(
                    _(
                        "Case %s is classified as sexual violence: mediation is not allowed. "
                        "UU 12/2022 on Sexual Violence Crimes (TPKS, article 23) forbids "
                        "settling such cases out of court.",
                        activity.case_id.name,
                    )
                )
