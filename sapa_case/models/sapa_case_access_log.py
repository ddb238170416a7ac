from odoo import fields, models


class SapaCaseAccessLog(models.Model):
    """Who opened which case, when (UU 27/2022 PDP: accountability for reads of
    victims' data). Written only by the system; readable by the SAPA Manager."""

    _name = "sapa.case.access.log"
    _description = "SAPA Case Access Log"
    _order = "date desc, id desc"
    _log_access = False

    case_id = fields.Many2one(
        "sapa.case", required=True, ondelete="cascade", index=True, sapa_class="workflow"
    )
    user_id = fields.Many2one(
        "res.users", required=True, ondelete="restrict", index=True, sapa_class="workflow"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, sapa_class="workflow")
