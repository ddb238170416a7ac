from odoo import _, fields, models


class SapaCaseAccessLog(models.Model):
    """Who opened which case, when (UU 27/2022 PDP: accountability for reads of
    victims' data). Written only by the system (sapa.access.log.mixin), never
    changed nor deleted but by the superuser; readable by the SAPA Manager."""

    _name = "sapa.case.access.log"
    _inherit = ["sapa.append.only.mixin"]
    _description = "SAPA Case Access Log"
    _order = "date desc, id desc"
    _log_access = False

    # restrict: a case whose confidential data was read is never deleted (it is
    # closed, and anonymised after its retention period): the log outlives it.
    case_id = fields.Many2one(
        "sapa.case", required=True, ondelete="restrict", index=True, sapa_class="workflow"
    )
    user_id = fields.Many2one(
        "res.users", required=True, ondelete="restrict", index=True, sapa_class="workflow"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, sapa_class="workflow")

    def _append_only_error(self):
        return _("The case access log is written by SAPA only, and never changed.")
