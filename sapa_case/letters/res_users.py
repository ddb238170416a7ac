import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

NIP_PATTERN = re.compile(r"\d{18}")


class ResUsers(models.Model):
    _inherit = "res.users"

    sapa_position = fields.Char(
        string="Position (jabatan)",
        help="Official position written under the signature of SAPA letters, "
        "e.g. 'Kepala Dinas Pemberdayaan Perempuan dan Perlindungan Anak'.",
        sapa_class="config",
    )
    sapa_rank = fields.Char(
        string="Pangkat / golongan",
        help="Civil service rank and grade written under the signatory's name, "
        "e.g. 'Pembina Tingkat I (IV/b)'.",
        sapa_class="config",
    )
    sapa_nip = fields.Char(
        string="NIP",
        help="Nomor Induk Pegawai of a civil servant: 18 digits, no spaces.",
        sapa_class="config",
    )

    @api.constrains("sapa_nip")
    def _check_sapa_nip(self):
        for user in self:
            if user.sapa_nip and not NIP_PATTERN.fullmatch(user.sapa_nip):
                raise ValidationError(
                    _("The NIP of %s must be exactly 18 digits, without spaces.", user.name)
                )
