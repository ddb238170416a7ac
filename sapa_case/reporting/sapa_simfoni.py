"""The SIMFONI-PPA dataset: one row per victim of each case reported in a period.

SIMFONI-PPA (the Ministry of PPPA's national case register) has no public import:
operators re-key cases, and the ministry's data office loads files into its own
warehouse. The export (wizard sapa.simfoni.export) and the monthly recap both read
this one dataset, so their figures agree by construction and are tested to.

Never in the dataset: names, NIK, phone numbers, addresses or places below the
desa, free text (chronology, notes), exact ages. Only codes and SIMFONI labels.
"""

import csv
import io
from datetime import datetime, time, timedelta

import pytz
import xlsxwriter

from odoo import _, api, models
from odoo.tools import SQL

# SAPA's sex codes and the SIMFONI-PPA labels.
SIMFONI_SEX = {"female": "Perempuan", "male": "Laki-laki"}
YES_NO = {True: "Ya", False: "Tidak"}
CHILD_ADULT = {True: ("child", "Anak"), False: ("adult", "Dewasa")}
# Columns of one perpetrator (repeated per perpetrator of the victim).
PERPETRATOR_COLUMNS = [
    "sex_code", "sex_label", "age_band_code", "age_band_label", "education_code",
    "education_label", "occupation_code", "occupation_label", "relation_code", "relation_label",
]
# The victim sheet, before the perpetrators' columns. Machine-readable headers:
# stable for the ministry's data office and a future integration.
VICTIM_COLUMNS = [
    "case_ref", "simfoni_register_number", "reporting_date", "incident_date",
    "province_code", "province_label", "regency_code", "regency_label",
    "district_code", "district_label", "village_code", "village_label",
    "place_code", "place_label", "kdrt",
    "violence_type_codes", "violence_type_labels",
    "victim_no", "victim_sex_code", "victim_sex_label", "victim_age_band_code",
    "victim_age_band_label", "victim_child_adult_code", "victim_child_adult_label",
    "victim_education_code", "victim_education_label", "victim_occupation_code",
    "victim_occupation_label", "victim_disability",
    "service_codes", "service_labels",
    "perpetrator_count", "ready", "missing",
]
VICTIM_FIELDS = [
    column for column in VICTIM_COLUMNS if column.startswith("victim_") and column != "victim_no"
]
LONG_COLUMNS = ["case_ref", "victim_no", "field", "code", "label"]
# Multi-valued fields: one cell of codes joined by this, and one row each in the
# long sheet.
SEPARATOR = ";"


def _entry(record):
    """(code, SIMFONI label) of a list entry, or empty strings."""
    if not record:
        return "", ""
    return record.code or "", record.simfoni_label or record.name or ""


class SapaSimfoni(models.AbstractModel):
    _name = "sapa.simfoni"
    _description = "SIMFONI-PPA dataset"

    @api.model
    def _set_simfoni_labels(self, labels):
        """Write the SIMFONI-PPA label of each list entry ({XML id: label}); the
        entries a Dinas deleted are skipped."""
        for xmlid, label in labels.items():
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record:
                record.simfoni_label = label

    # ------------------------------------------------------------------
    # Which cases: reported (first complaint received) in the period
    # ------------------------------------------------------------------
    @api.model
    def _period_bounds(self, company, date_from, date_to):
        """The period's first and last days at the Dinas, as naive UTC datetimes
        [start, end)."""
        tz = company._sapa_timezone()
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
        return (start.astimezone(pytz.utc).replace(tzinfo=None),
                end.astimezone(pytz.utc).replace(tzinfo=None))

    @api.model
    def _reported_cases(self, company, date_from, date_to):
        """(cases the user may read, {case id: reporting datetime}) of ``company``
        whose reporting date (the first complaint's receipt; the case's creation
        for a case opened without one) falls in the period, in the Dinas' days.
        One query, whatever the number of cases."""
        start, end = self._period_bounds(company, date_from, date_to)
        self.env["sapa.complaint"].flush_model(["case_id", "date_received"])
        self.env["sapa.case"].flush_model(["company_id"])
        self.env.cr.execute(SQL(
            """SELECT c.id, COALESCE(MIN(p.date_received), c.create_date) AS reported
                 FROM sapa_case c
            LEFT JOIN sapa_complaint p ON p.case_id = c.id
                WHERE c.company_id = %s
             GROUP BY c.id
               HAVING COALESCE(MIN(p.date_received), c.create_date) >= %s
                  AND COALESCE(MIN(p.date_received), c.create_date) < %s
             ORDER BY reported, c.id""",
            company.id, start, end,
        ))
        reported = dict(self.env.cr.fetchall())
        # The user's record rules decide which of them they may report.
        cases = self.env["sapa.case"].with_context(active_test=False).search(
            [("id", "in", list(reported))]
        )
        order = {case_id: index for index, case_id in enumerate(reported)}
        return cases.sorted(lambda case: order[case.id]), reported

    # ------------------------------------------------------------------
    # Services given, as SIMFONI-PPA service types
    # ------------------------------------------------------------------
    @api.model
    def _case_services(self, cases_sudo):
        """{case id: sapa.simfoni.service records} the services given to each
        case count as, through sapa.simfoni.service.map (sapa_referral adds the
        referrals). Bounded: a few queries for any number of cases."""
        # The whole (short) mapping table, on purpose.
        maps = self.env["sapa.simfoni.service.map"].sudo().search([])  # pylint: disable=no-search-all
        Service = self.env["sapa.simfoni.service"].sudo()
        for_complaint = maps.filtered(lambda row: row.source == "complaint").simfoni_service_id
        by_activity = {}
        for row in maps.filtered(lambda row: row.source == "outreach"):
            by_activity[row.activity_type] = (
                by_activity.get(row.activity_type, Service) | row.simfoni_service_id
            )
        result = {}
        for case in cases_sudo:
            services = for_complaint
            for activity in case.outreach_activity_ids:
                services |= by_activity.get(activity.activity_type, Service)
            result[case.id] = services
        return result

    # ------------------------------------------------------------------
    # The dataset
    # ------------------------------------------------------------------
    @api.model
    def _dataset(self, company, date_from, date_to):
        """The SIMFONI-PPA dataset of the period, read with a bounded number of
        queries (the ORM reads each field of all the cases, victims and
        perpetrators at once). Returns a dict:

        * ``cases``: the cases (as the user; reading them is logged by the caller);
        * ``victims``: one dict per victim (``VICTIM_COLUMNS``), plus
          ``perpetrators`` (list of dicts of ``PERPETRATOR_COLUMNS``), and the
          raw values the recap counts (``violence_types``, ``services``, ...);
        * ``long``: one dict per victim and value of a multi-valued field;
        * ``missing``: {case reference: [missing mandatory fields]}.
        """
        cases, reported = self._reported_cases(company, date_from, date_to)
        return self._build(cases, reported)

    @api.model
    def _case_dataset(self, case):
        """The dataset of one case (the "lembar input SIMFONI"), read as the user."""
        case.check_access("read")
        self.env["sapa.complaint"].flush_model(["case_id", "date_received"])
        self.env.cr.execute(SQL(
            "SELECT MIN(date_received) FROM sapa_complaint WHERE case_id = %s", case.id
        ))
        reported = self.env.cr.fetchone()[0] or case.sudo().create_date
        return self._build(case, {case.id: reported})

    @api.model
    def _build(self, cases, reported):
        """The dataset of ``cases`` (readable by the user), ``reported`` giving
        each one's reporting datetime (naive UTC)."""
        # Read as superuser once the user's access to the cases is established:
        # the confidential lines are read in bulk (and the read logged by the caller).
        cases_sudo = cases.sudo().with_context(lang="id_ID")
        # In the lists' order (sequence), whatever order they were given in.
        services = {
            case_id: given.sorted(lambda service: (service.sequence, service.id))
            for case_id, given in self._case_services(cases_sudo).items()
        }
        # Seven bands, read whole on purpose.
        # pylint: disable-next=no-search-all
        bands = self.env["sapa.age.band"].sudo().with_context(active_test=False).search([])
        victims, long_rows, missing_by_case = [], [], {}
        for case in cases_sudo:
            reported_on = case.company_id._sapa_localize(reported[case.id]).date()
            case_missing = self._case_missing(case, services[case.id])
            case_values = {
                "case_ref": case.name,
                "simfoni_register_number": case.simfoni_register_number or "",
                "reporting_date": reported_on,
                "incident_date": case.incident_date or "",
                "province_code": case.state_id.code or "",
                "province_label": case.state_id.name or "",
                "regency_code": case.regency_id.code or "",
                "regency_label": case.regency_id.name or "",
                "district_code": case.district_id.code or "",
                "district_label": case.district_id.name or "",
                "village_code": case.village_id.code or "",
                "village_label": case.village_id.name or "",
                "place_code": _entry(case.occurrence_place_id)[0],
                "place_label": _entry(case.occurrence_place_id)[1],
                "kdrt": YES_NO[case.is_domestic],
                "violence_type_codes": SEPARATOR.join(case.violence_type_ids.mapped("code")),
                "violence_type_labels": SEPARATOR.join(
                    _entry(vtype)[1] for vtype in case.violence_type_ids
                ),
                "service_codes": SEPARATOR.join(services[case.id].mapped("code")),
                "service_labels": SEPARATOR.join(
                    _entry(service)[1] for service in services[case.id]
                ),
            }
            case_victims = case.victim_ids or [None]
            for number, victim in enumerate(case_victims, start=1):
                perpetrators = case.perpetrator_ids.filtered(
                    lambda perp, victim=victim: not perp.victim_id or perp.victim_id == victim
                )
                row = dict(case_values, victim_no=number, **self._victim_values(victim))
                row["perpetrators"] = [self._perpetrator_values(perp, bands)
                                       for perp in perpetrators]
                row["perpetrator_count"] = len(perpetrators)
                row["ready"] = YES_NO[not case_missing]
                row["missing"] = SEPARATOR.join(case_missing)
                # Raw values for the recap (never written to a file).
                row["violence_types"] = case.violence_type_ids
                row["services"] = services[case.id]
                row["place"] = case.occurrence_place_id
                row["is_domestic"] = case.is_domestic
                row["step"] = case.step
                victims.append(row)
                for field, records in (("violence_type", case.violence_type_ids),
                                       ("service", services[case.id])):
                    long_rows += [
                        {"case_ref": case.name, "victim_no": number, "field": field,
                         "code": _entry(record)[0], "label": _entry(record)[1]}
                        for record in records
                    ]
                long_rows += [
                    {"case_ref": case.name, "victim_no": number, "field": "perpetrator_relation",
                     "code": perp["relation_code"], "label": perp["relation_label"]}
                    for perp in row["perpetrators"] if perp["relation_code"]
                ]
            if case_missing:
                missing_by_case[case.name] = case_missing
        return {"cases": cases, "victims": victims, "long": long_rows,
                "missing": missing_by_case}

    @api.model
    def _victim_values(self, victim):
        if victim is None:
            return dict.fromkeys(VICTIM_FIELDS, "")
        band = victim.age_band_id
        child = CHILD_ADULT[band.is_child] if band else ("", "")
        return {
            "victim_sex_code": victim.sex or "",
            "victim_sex_label": SIMFONI_SEX.get(victim.sex, ""),
            "victim_age_band_code": _entry(band)[0],
            "victim_age_band_label": _entry(band)[1],
            "victim_child_adult_code": child[0],
            "victim_child_adult_label": child[1],
            "victim_education_code": _entry(victim.education_level_id)[0],
            "victim_education_label": _entry(victim.education_level_id)[1],
            "victim_occupation_code": _entry(victim.occupation_id)[0],
            "victim_occupation_label": _entry(victim.occupation_id)[1],
            "victim_disability": YES_NO[
                bool(victim.disability_type_id and victim.disability_type_id.code != "none")
            ] if victim.disability_type_id else "",
        }

    @api.model
    def _perpetrator_values(self, perp, bands):
        band = bands.filtered(
            lambda band: band.age_min <= perp.age <= band.age_max
        )[:1] if perp.age > 0 else bands.browse()
        return {
            "sex_code": perp.sex or "",
            "sex_label": SIMFONI_SEX.get(perp.sex, ""),
            "age_band_code": _entry(band)[0],
            "age_band_label": _entry(band)[1],
            "education_code": _entry(perp.education_level_id)[0],
            "education_label": _entry(perp.education_level_id)[1],
            "occupation_code": _entry(perp.occupation_id)[0],
            "occupation_label": _entry(perp.occupation_id)[1],
            "relation_code": _entry(perp.relation_id)[0],
            "relation_label": _entry(perp.relation_id)[1],
        }

    @api.model
    def _case_missing(self, case, services):
        """The mandatory SIMFONI-PPA fields ``case`` lacks ("ready for SIMFONI").
        Which fields SIMFONI-PPA requires is not public: the ones every published
        figure is built on (reporting date, region, place, violence type, each
        victim's sex and age, services)."""
        missing = []
        if not case.regency_id:
            missing.append(_("kabupaten/kota"))
        if not case.occurrence_place_id:
            missing.append(_("place of occurrence"))
        if not case.violence_type_ids:
            missing.append(_("violence type"))
        if not case.victim_ids:
            missing.append(_("a victim"))
        for number, victim in enumerate(case.victim_ids, start=1):
            if not victim.sex:
                missing.append(_("sex of victim %s", number))
            if not victim.age_band_id:
                missing.append(_("age of victim %s", number))
        if not services:
            missing.append(_("a service given"))
        return missing

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------
    @api.model
    def _victim_table(self, dataset):
        """(header, rows) of the victim sheet: the perpetrators of each victim in
        columns perpetrator_1_..., as many as the most any victim has (at least one)."""
        width = max([len(row["perpetrators"]) for row in dataset["victims"]] or [0]) or 1
        header = VICTIM_COLUMNS + [
            f"perpetrator_{index}_{column}"
            for index in range(1, width + 1) for column in PERPETRATOR_COLUMNS
        ]
        rows = []
        for row in dataset["victims"]:
            values = [row[column] for column in VICTIM_COLUMNS]
            for index in range(width):
                perp = row["perpetrators"][index] if index < len(row["perpetrators"]) else {}
                values += [perp.get(column, "") for column in PERPETRATOR_COLUMNS]
            rows.append(values)
        return header, rows

    @api.model
    def _long_table(self, dataset):
        return LONG_COLUMNS, [[row[column] for column in LONG_COLUMNS] for row in dataset["long"]]

    @api.model
    def _missing_table(self, dataset):
        return ["case_ref", "missing"], [
            [case_ref, SEPARATOR.join(missing)] for case_ref, missing in dataset["missing"].items()
        ]

    @api.model
    def _to_csv(self, header, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows([[_cell(value) for value in row] for row in rows])
        # With a byte order mark: spreadsheet programs then read it as UTF-8.
        return buffer.getvalue().encode("utf-8-sig")

    @api.model
    def _to_xlsx(self, dataset):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        for sheet_name, (header, rows) in (
            ("korban", self._victim_table(dataset)),
            ("nilai", self._long_table(dataset)),
            ("belum_lengkap", self._missing_table(dataset)),
        ):
            sheet = workbook.add_worksheet(sheet_name)
            sheet.write_row(0, 0, header, bold)
            for index, row in enumerate(rows, start=1):
                sheet.write_row(index, 0, [_cell(value) for value in row])
            sheet.freeze_panes(1, 0)
        workbook.close()
        return buffer.getvalue()


def _cell(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
