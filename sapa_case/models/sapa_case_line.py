from odoo import fields, models


class SapaCaseLine(models.AbstractModel):
    """A line of a case (victim, perpetrator, contact attempt, outreach activity,
    check-in, outreach team member): it belongs to one case, goes with it, and
    is in the case's company (for the multi-company record rules). A line
    carrying confidential data also inherits ``sapa.access.log.mixin``: reading
    it is logged as a read of its case."""

    _name = "sapa.case.line"
    _description = "SAPA Case Line"

    case_id = fields.Many2one(
        "sapa.case", required=True, ondelete="cascade", index=True, sapa_class="staff"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, sapa_class="staff"
    )
