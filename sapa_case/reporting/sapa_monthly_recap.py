import calendar
from collections import Counter
from datetime import date, timedelta

from babel.dates import format_date

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .sapa_simfoni import SEPARATOR

MONTHS = [(str(number), calendar.month_name[number]) for number in range(1, 13)]
SIGNER_GROUP = "sapa_case.group_sapa_head_agency"


class SapaMonthlyRecap(models.Model):
    """The monthly recap a Dinas sends its Bupati/Wali Kota: "Rekapitulasi kasus
    kekerasan terhadap perempuan dan anak, bulan ... tahun ...", a SAPA letter
    (letterhead, number, QR code) signed by Kepala Dinas. Its figures are counted
    from the SIMFONI-PPA dataset of the month (sapa.simfoni), so they are the
    export's; the signed letter keeps them as they were when it was signed."""

    _name = "sapa.monthly.recap"
    _description = "SAPA Monthly Recap"
    _order = "year desc, month_number desc, id desc"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True,
        sapa_class="staff",
    )
    year = fields.Integer(
        required=True, default=lambda self: self._default_period()[0], sapa_class="staff"
    )
    month = fields.Selection(
        MONTHS, required=True, default=lambda self: str(self._default_period()[1]),
        sapa_class="staff",
    )
    month_number = fields.Integer(
        compute="_compute_month_number", store=True, sapa_class="workflow"
    )
    name = fields.Char(compute="_compute_name", store=True, sapa_class="workflow")
    letter_id = fields.Many2one(
        "sapa.letter", string="Signed letter", compute="_compute_letter_id",
        sapa_class="workflow",
    )

    _sql_constraints = [
        ("period_unique", "UNIQUE(company_id, year, month)",
         "There is one recap per month and company."),
        ("year_sane", "CHECK(year BETWEEN 2000 AND 2999)", "The year is not plausible."),
    ]

    def _default_period(self):
        first = self.env.company._sapa_today().replace(day=1)
        previous = first - timedelta(days=1)
        return previous.year, previous.month

    @api.depends("month")
    def _compute_month_number(self):
        for recap in self:
            recap.month_number = int(recap.month or 0)

    @api.depends("year", "month")
    def _compute_name(self):
        for recap in self:
            recap.name = (
                f"Rekapitulasi {recap._month_name_id()} {recap.year}"
                if recap.year and recap.month else False
            )

    def _compute_letter_id(self):
        for recap in self:
            recap.letter_id = self.env["sapa.letter"]._get_issued(recap, "monthly_recap")

    # ------------------------------------------------------------------
    def _period(self):
        self.ensure_one()
        month = int(self.month)
        last = calendar.monthrange(self.year, month)[1]
        return date(self.year, month, 1), date(self.year, month, last)

    def _month_name_id(self):
        """The month in Indonesian ("Maret"), whatever the user's language."""
        self.ensure_one()
        return format_date(date(self.year, int(self.month), 1), "MMMM", locale="id_ID")

    def _figures(self):
        """What the recap prints, counted from the SIMFONI-PPA dataset of the
        month (as the export writes it) plus the cases' steps."""
        self.ensure_one()
        date_from, date_to = self._period()
        dataset = self.env["sapa.simfoni"]._dataset(self.company_id, date_from, date_to)
        return self._count(dataset, date_from, date_to)

    @api.model
    def _count(self, dataset, date_from, date_to):
        victims = dataset["victims"]
        with_victim = [row for row in victims if row["victim_sex_code"]]
        by_type = Counter()
        for row in with_victim:
            for code in row["violence_type_codes"].split(SEPARATOR):
                if code:
                    by_type[code, row["victim_age_band_code"], row["victim_sex_code"]] += 1
        cases_by = {}
        for row in victims:
            cases_by.setdefault("place", {}).setdefault(row["place_code"], set()).add(
                row["case_ref"])
            cases_by.setdefault("district", {}).setdefault(row["district_label"], set()).add(
                row["case_ref"])
        relations = Counter(
            perp["relation_code"] for row in with_victim for perp in row["perpetrators"]
        )
        perp_sex = Counter(
            perp["sex_code"] for row in with_victim for perp in row["perpetrators"]
        )
        services = Counter(
            code for row in with_victim for code in row["service_codes"].split(SEPARATOR) if code
        )
        kdrt = {row["case_ref"] for row in victims if row["kdrt"] == "Ya"}
        return {
            "cases": len(dataset["cases"]),
            "victims": len(with_victim),
            "victims_by_sex": Counter(row["victim_sex_code"] for row in with_victim),
            "victims_by_child": Counter(row["victim_child_adult_code"] for row in with_victim),
            "by_type_band_sex": by_type,
            "cases_by_place": {key: len(refs) for key, refs in cases_by.get("place", {}).items()},
            "cases_by_district": {
                key: len(refs) for key, refs in cases_by.get("district", {}).items()
            },
            "perpetrators_by_relation": relations,
            "perpetrators_by_sex": perp_sex,
            "victims_by_service": services,
            "kdrt_cases": len(kdrt),
            "not_ready": len(dataset["missing"]),
            **self._case_flow(date_from, date_to),
            "referrals": self._referrals(date_from, date_to),
        }

    def _case_flow(self, date_from, date_to):
        """New cases (reported in the month, as the export), cases closed in the
        month and cases opened before its end and not closed by then (from the
        step history, one query)."""
        company = self.company_id
        Simfoni = self.env["sapa.simfoni"]
        start, end = Simfoni._period_bounds(company, date_from, date_to)
        new = len(Simfoni._reported_cases(company, date_from, date_to)[0])
        self.env["sapa.case.step.history"].flush_model()
        self.env.cr.execute(SQL(
            """SELECT COUNT(*) FILTER (WHERE closed.date_in >= %(start)s),
                      COUNT(*) FILTER (WHERE closed.id IS NULL)
                 FROM sapa_case c
            LEFT JOIN sapa_case_step_history closed
                   ON closed.case_id = c.id AND closed.step = 'closed' AND closed.date_in < %(end)s
                WHERE c.company_id = %(company)s AND c.create_date < %(end)s""",
            start=start, end=end, company=company.id,
        ))
        closed, still_open = self.env.cr.fetchone()
        return {"new_cases": new, "closed_cases": closed, "open_cases": still_open}

    def _referrals(self, date_from, date_to):
        """[(institution, count)] of the referrals sent in the month: sapa_referral."""
        return []

    @api.model
    def _lists(self):
        """The lists the recap's tables follow, in their order, with SIMFONI labels."""
        env = self.env(su=True)
        # Short master lists, read whole on purpose.
        # pylint: disable=no-search-all
        return {
            "violence_types": env["sapa.violence.type"].search([]),
            "age_bands": env["sapa.age.band"].search([]),
            "places": env["sapa.occurrence.place"].search([]),
            "relations": env["sapa.perpetrator.relation"].search([]),
            "services": env["sapa.simfoni.service"].search([]),
            "sexes": [("female", "P"), ("male", "L")],
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_sign(self):
        """Kepala Dinas signs the recap: a numbered SAPA letter with QR code."""
        self.ensure_one()
        if not self.env.user.has_group(SIGNER_GROUP):
            raise UserError(_("Only Kepala Dinas signs the monthly recap."))
        date_from, date_to = self._period()
        if date_to >= self.company_id._sapa_today():
            raise UserError(_("The month is not over yet: sign its recap from the 1st of the "
                              "next month."))
        letter = self.env["sapa.letter"]._issue(self, "monthly_recap", self.env.user)
        cases = self.env["sapa.simfoni"]._reported_cases(self.company_id, date_from, date_to)[0]
        self.env["sapa.report.log"]._log(
            "monthly_recap", self.company_id, date_from, date_to, cases, len(cases), "pdf"
        )
        return letter.action_download()

    def action_print(self):
        self.ensure_one()
        return self.env.ref("sapa_case.action_report_sapa_monthly_recap").report_action(
            self, data={}
        )

