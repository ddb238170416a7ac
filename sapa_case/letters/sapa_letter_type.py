from string import Formatter

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils.date_id import to_roman

DEFAULT_NUMBER_FORMAT = "{classification}/{number:04d}/{unit}/{month_roman}/{year}"
NUMBER_PLACEHOLDERS = ("classification", "number", "unit", "month_roman", "month", "year")


def format_letter_number(pattern, values):
    """Fill ``pattern`` with ``values`` like ``str.format``, but only with the
    plain placeholders of NUMBER_PLACEHOLDERS (no attribute or index access, no
    conversion): the pattern is configuration typed by a manager."""
    parts = []
    for literal, field_name, spec, conversion in Formatter().parse(pattern):
        parts.append(literal)
        if field_name is None:
            continue
        if field_name not in NUMBER_PLACEHOLDERS or conversion:
            raise ValueError(f"unknown placeholder {{{field_name}}}")
        parts.append(format(values[field_name], spec or ""))
    return "".join(parts)


def _placeholders(pattern):
    return {field_name for _literal, field_name, _spec, _conv in Formatter().parse(pattern)}


class SapaLetterType(models.Model):
    """A kind of official letter (surat tugas, tanda terima...): how its number is
    built and which QWeb report renders it. Numbers come from the type's own
    ir.sequence: standard implementation (a PostgreSQL sequence, so two letters
    signed at the same moment never get the same number) with one date range per
    year (the running number starts again at 1 every year)."""

    _name = "sapa.letter.type"
    _description = "SAPA Letter Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, sapa_class="config")
    code = fields.Char(
        required=True,
        help="Technical code the workflows use to issue this letter, e.g. 'assignment'.",
        sapa_class="config",
    )
    sequence = fields.Integer(default=10, sapa_class="config")
    active = fields.Boolean(default=True, sapa_class="config")
    classification_code = fields.Char(
        string="Classification code",
        required=True,
        help="Archive classification code of the letter (kode klasifikasi arsip), "
        "e.g. 400.2.7.",
        sapa_class="config",
    )
    unit_code = fields.Char(
        string="Unit code",
        required=True,
        help="Code of the issuing unit, e.g. DP3A.",
        sapa_class="config",
    )
    number_format = fields.Char(
        required=True,
        default=DEFAULT_NUMBER_FORMAT,
        help="Placeholders: {classification}, {number} (running number of the year, "
        "e.g. {number:04d}), {unit}, {month_roman}, {month}, {year}.",
        sapa_class="config",
    )
    sequence_id = fields.Many2one(
        "ir.sequence",
        string="Numbering sequence",
        copy=False,
        ondelete="restrict",
        help="Running numbers, restarting every year. Letter types that print the same "
        "classification and unit codes share one sequence (the unit's register of "
        "outgoing letters); left empty, a new sequence is created.",
        sapa_class="config",
    )
    report_id = fields.Many2one(
        "ir.actions.report",
        required=True,
        ondelete="restrict",
        domain="[('report_type', '=', 'qweb-pdf')]",
        help="QWeb PDF report that renders this letter.",
        sapa_class="config",
    )
    model = fields.Char(related="report_id.model", string="Document model", sapa_class="config")
    number_example = fields.Char(compute="_compute_number_example", sapa_class="config")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a letter type must be unique."),
    ]

    @api.depends("number_format", "classification_code", "unit_code")
    def _compute_number_example(self):
        example_date = self.env.company._sapa_today()
        for letter_type in self:
            try:
                letter_type.number_example = letter_type._format_number(123, example_date)
            except (ValueError, KeyError, TypeError):
                letter_type.number_example = False

    @api.constrains("number_format")
    def _check_number_format(self):
        for letter_type in self:
            try:
                example = letter_type._format_number(1, self.env.company._sapa_today())
            except (ValueError, KeyError, TypeError) as error:
                raise ValidationError(
                    _("The number format of %(type)s is not valid: %(error)s",
                      type=letter_type.name, error=error)
                ) from error
            if "number" not in _placeholders(letter_type.number_format):
                raise ValidationError(
                    _("The number format of %(type)s must contain {number}: got %(example)s",
                      type=letter_type.name, example=example)
                )

    @api.constrains("classification_code", "unit_code", "number_format", "sequence_id")
    def _check_shared_numbering(self):
        for letter_type in self:
            clash = self.with_context(active_test=False).search([
                ("id", "!=", letter_type.id),
                ("classification_code", "=", letter_type.classification_code),
                ("unit_code", "=", letter_type.unit_code),
                ("number_format", "=", letter_type.number_format),
                ("sequence_id", "!=", letter_type.sequence_id.id),
            ], limit=1)
            if clash:
                raise ValidationError(
                    _("%(type)s and %(other)s would print the same numbers: with the same "
                      "classification code, unit code and number format they must share "
                      "one numbering sequence.", type=letter_type.name, other=clash.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("sequence_id"):
                vals["sequence_id"] = self._create_sequence(vals).id
        return super().create(vals_list)

    @api.model
    def _create_sequence(self, vals):
        return self.env["ir.sequence"].sudo().create({
            "name": _("SAPA letter: %s", vals.get("name") or vals.get("code")),
            "code": f"sapa.letter.{vals.get('code')}",
            "implementation": "standard",
            "use_date_range": True,
            "padding": 0,
            "company_id": False,
        })

    # ------------------------------------------------------------------
    # Numbering
    # ------------------------------------------------------------------
    @api.model
    def _get_by_code(self, code):
        """The letter type ``code``, as superuser (configuration, not case data)."""
        letter_type_sudo = self.sudo().search([("code", "=", code)], limit=1)
        if not letter_type_sudo:
            raise UserError(_("No SAPA letter type with the code '%s' is configured.", code))
        return letter_type_sudo

    def _format_number(self, running, date):
        self.ensure_one()
        return format_letter_number(self.number_format, {
            "classification": self.classification_code or "",
            "number": running,
            "unit": self.unit_code or "",
            "month_roman": to_roman(date.month),
            "month": date.month,
            "year": date.year,
        })

    def _next_running_number(self, date):
        """Draw the next running number of ``date``'s year from the sequence."""
        self.ensure_one()
        sequence_sudo = self.sequence_id.sudo()
        if not sequence_sudo:
            raise UserError(_("The letter type %s has no numbering sequence.", self.name))
        if sequence_sudo.implementation != "standard" or not sequence_sudo.use_date_range:
            raise UserError(
                _("The sequence of letter type %s must use the standard implementation "
                  "and date ranges (a yearly reset).", self.name)
            )
        year_range = self.env["ir.sequence.date_range"].sudo().search([
            ("sequence_id", "=", sequence_sudo.id),
            ("date_from", "<=", date),
            ("date_to", ">=", date),
        ], limit=1)
        if not year_range:
            # The first letter of a year creates that year's range. Two
            # transactions doing it at once: the second would fail on the
            # range's unique constraint, an error the user sees. Writing the
            # sequence row first makes the second wait, then fail with a
            # serialization error instead, which Odoo retries transparently (the
            # retry finds the range and draws number 2).
            self.env.cr.execute(
                "UPDATE ir_sequence SET write_date = write_date WHERE id = %s",
                [sequence_sudo.id],
            )
        running = sequence_sudo._next(sequence_date=date)
        try:
            return int(running)
        except ValueError:
            raise UserError(
                _("The sequence of letter type %s must have no prefix or suffix: the "
                  "letter type's number format builds the number.", self.name)
            )

    def _next_number(self, date):
        """The next letter number of this type for ``date``, e.g.
        ``400.2.7/0123/DP3A/XI/2026``. Each call consumes a number."""
        self.ensure_one()
        return self._format_number(self._next_running_number(date), date)
