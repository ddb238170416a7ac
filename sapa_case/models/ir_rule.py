from odoo import _, models
from odoo.exceptions import AccessError


class IrRule(models.Model):
    """A staff member refused a case by a record rule (a Konselor outside the
    case's outreach team, a user of another Dinas) reads why in SAPA's words,
    not Odoo's generic "top-secret records" error listing the rules. The case is
    not named: they may not see it."""

    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        if records._name == "sapa.case" or (
            records._name.startswith("sapa.") and "case_id" in records._fields
            and records._fields["case_id"].comodel_name == "sapa.case"
        ):
            return AccessError(
                _("This SAPA case is open only to its outreach team, its Sub Koordinator "
                  "and the officials of its Dinas. If you work on it, ask its Sub "
                  "Koordinator to add you to the outreach team.")
            )
        return super()._make_access_error(operation, records)
