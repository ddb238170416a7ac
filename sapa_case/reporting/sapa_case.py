from odoo import api, fields, models


class SapaCase(models.Model):
    """The case records each step it enters in sapa.case.step.history, from the
    one place every stage change goes through (create, and write's guarded move
    calling _on_step_changed), so drag and drop, buttons, import and RPC all count."""

    _inherit = "sapa.case"

    step_history_ids = fields.One2many(
        "sapa.case.step.history", "case_id", string="Step history", sapa_class="workflow"
    )
    # SIMFONI-PPA (see sapa.simfoni)
    is_domestic = fields.Boolean(
        string="Domestic violence (KDRT)", tracking=True,
        help="Violence in the household (UU 23/2004 PKDRT): reported as its own figure.",
        sapa_class="staff",
    )
    simfoni_register_number = fields.Char(
        string="SIMFONI-PPA register number", tracking=True, copy=False, index="btree_not_null",
        help="The case's number in SIMFONI-PPA, once an operator has entered it there.",
        sapa_class="staff",
    )

    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        self.env["sapa.case.step.history"]._sapa_record_step(cases)
        return cases

    def _on_step_changed(self, old_step):
        result = super()._on_step_changed(old_step)
        # After super(): the new step's deadline is set.
        self.env["sapa.case.step.history"]._sapa_record_step(self)
        return result
