from odoo import _, api, models
from odoo.exceptions import UserError


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    def _sapa_assign_names(self, code, vals_list, company_ids=None):
        """Give each ``vals`` without a name (or with "/") the next reference of
        ``code`` for its company (``vals["company_id"]``, or the matching item
        of ``company_ids`` for records whose company comes from a parent, else
        the current company); each sequence is looked up once per batch. The
        one way SAPA numbers its complaints, cases and referrals."""
        sequences = {}
        for index, vals in enumerate(vals_list):
            if vals.get("name", "/") != "/":
                continue
            company_id = (
                vals.get("company_id")
                or (company_ids[index] if company_ids else False)
                or self.env.company.id
            )
            if company_id not in sequences:
                # The year of a reference is the year at the Dinas, not in UTC.
                company = self.env["res.company"].browse(company_id).sudo()
                sequences[company_id] = self._sapa_get(code, company_id).with_context(
                    tz=company.sapa_tz
                )
            vals["name"] = sequences[company_id]._next()

    @api.model
    def _sapa_get(self, code, company_id):
        """The sequence of ``code`` for the company (or shared), as next_by_code
        would pick it, looked up once so a batch of records costs one search
        (which also reads what drawing a number needs)."""
        sequence = self.sudo().search_fetch(
            [("code", "=", code), ("company_id", "in", [company_id, False])],
            ["implementation", "use_date_range", "prefix", "suffix", "padding", "number_increment"],
            order="company_id",
            limit=1,
        )
        if not sequence:
            raise UserError(_("No sequence is configured for %s.", code))
        return sequence
