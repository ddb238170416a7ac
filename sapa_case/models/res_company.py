from datetime import datetime

import pytz

from odoo import _, fields, models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.exceptions import AccessError

DEFAULT_TZ = "Asia/Jakarta"


class ResCompany(models.Model):
    _inherit = "res.company"

    sapa_head_division_user_id = fields.Many2one(
        "res.users",
        string="Kepala Bidang",
        help="Receives the verification activities of SAPA cases. "
        "Empty: every Kepala Bidang user does.",
        sapa_class="config",
    )
    sapa_head_agency_user_id = fields.Many2one(
        "res.users",
        string="Kepala Dinas",
        help="Receives the approval and decision activities of SAPA cases. "
        "Empty: every Kepala Dinas user does.",
        sapa_class="config",
    )
    # SAPA's one clock: every SAPA date (deadlines, check-ins, letters, the status
    # page) is a date in the Dinas' time zone, whoever looks and whatever the
    # server's. Indonesia has three (WIB, WITA, WIT).
    sapa_tz = fields.Selection(
        _tz_get,
        string="SAPA time zone",
        required=True,
        default=DEFAULT_TZ,
        help="Time zone of the Dinas: SAPA's deadlines, letters and public pages use its "
        "date, for every user.",
        sapa_class="config",
    )

    # The letterhead (kop surat) of SAPA letters: the government the Dinas belongs
    # to, above its name; and the address the QR codes of signed letters open.
    sapa_government_name = fields.Char(
        string="Government (kop surat)",
        help="First line of the letterhead, e.g. 'PEMERINTAH KOTA BOGOR'.",
        sapa_class="config",
    )
    sapa_verification_base_url = fields.Char(
        string="Letter verification address",
        help="Public address of SAPA printed (as QR code) on signed letters, e.g. "
        "'https://sapa.kotabogor.go.id'. Empty: the server's web.base.url. Each letter "
        "keeps the address it was signed with.",
        sapa_class="config",
    )

    # UU 27/2022 (PDP): personal data is kept no longer than needed. A closed
    # case keeps its personal data this long, then the daily retention cron
    # anonymises it (see sapa_case_retention.py).
    sapa_retention_years = fields.Integer(
        string="Keep personal data of closed cases (years)",
        default=5,
        required=True,
        help="Years after a case is closed before its personal data (names, NIK, phone "
        "numbers, addresses, free text, evidence, chatter, letters' PDFs) is anonymised. "
        "Statistics (classification, area down to the desa, dates, SIMFONI codes) are kept.",
        sapa_class="config",
    )

    _sql_constraints = [
        ("sapa_retention_years_positive", "CHECK(sapa_retention_years >= 1)",
         "Personal data of a closed case is kept at least one year."),
    ]

    def write(self, vals):
        # The SAPA Manager configures SAPA's settings of their own companies (SAPA >
        # Configuration > SAPA settings) without Odoo's right to edit companies:
        # only these fields, nothing else of the company.
        user = self.env.user
        if (
            vals and not self.env.su
            and set(vals) <= self._sapa_fields_of_class("config")
            and user.has_group("sapa_case.group_sapa_manager")
            and not user.has_group("base.group_erp_manager")
        ):
            if self - user.company_ids:
                raise AccessError(_("You may change the SAPA settings of your own companies only."))
            return super(ResCompany, self.sudo()).write(vals)
        return super().write(vals)

    def _sapa_settings_action(self):
        """The SAPA settings of the current company, for the SAPA Manager."""
        return {
            "type": "ir.actions.act_window",
            "name": _("SAPA settings"),
            "res_model": "res.company",
            "res_id": self.env.company.id,
            "view_mode": "form",
            "views": [(self.env.ref("sapa_case.res_company_view_form_sapa_settings").id, "form")],
            "target": "current",
        }

    def _sapa_letter_base_url(self):
        """The address letters signed now point their QR code to (no trailing /)."""
        self.ensure_one()
        url = self.sapa_verification_base_url or self.env[
            "ir.config_parameter"
        ].sudo().get_param("web.base.url")
        return (url or "").rstrip("/")

    def _sapa_timezone(self):
        self.ensure_one()
        return pytz.timezone(self.sapa_tz or DEFAULT_TZ)

    def _sapa_now(self):
        """The current time in the Dinas' time zone (aware datetime)."""
        return datetime.now(pytz.utc).astimezone(self._sapa_timezone())

    def _sapa_today(self):
        """Today's date at the Dinas: the one rule for "today" in SAPA."""
        return self._sapa_now().date()

    def _sapa_localize(self, value):
        """A stored (naive UTC) datetime as an aware datetime at the Dinas."""
        if not value:
            return value
        return pytz.utc.localize(value).astimezone(self._sapa_timezone())
