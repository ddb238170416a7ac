from odoo import api, models
from odoo.exceptions import AccessError


class SapaAppendOnlyMixin(models.AbstractModel):
    """A log SAPA writes and nobody changes: only SAPA's own code (as superuser)
    creates rows, and no one, SAPA included, edits or deletes them outside the
    superuser. Each log names itself in ``_append_only_error``."""

    _name = "sapa.append.only.mixin"
    _description = "SAPA append-only log"

    def _append_only_error(self):
        raise NotImplementedError

    def _check_append_only(self):
        if not self.env.su:
            raise AccessError(self._append_only_error())

    @api.model_create_multi
    def create(self, vals_list):
        self._check_append_only()
        return super().create(vals_list)

    def write(self, vals):
        self._check_append_only()
        return super().write(vals)

    def unlink(self):
        self._check_append_only()
        return super().unlink()
