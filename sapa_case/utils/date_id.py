"""Dates as Indonesian official letters write them, without depending on the
Indonesian language being installed in the database."""

import datetime

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)

_ROMAN_NUMERALS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)

# Indonesian time zones by their official abbreviation.
_TZ_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def format_date_id(value):
    """``date(2026, 11, 29)`` -> ``"29 November 2026"``. A datetime is written as
    its date (convert it to local time first). Empty -> ``""``."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


def format_datetime_id(value, tz_name=None):
    """An aware or local datetime -> ``"29 November 2026 pukul 14.05 WIB"``
    (Indonesian style: a dot between hours and minutes)."""
    if not value:
        return ""
    text = f"{format_date_id(value)} pukul {value.hour:02d}.{value.minute:02d}"
    zone = _TZ_ABBREVIATIONS.get(tz_name or "")
    return f"{text} {zone}" if zone else text


def to_roman(number):
    """``11`` -> ``"XI"``: the month in a letter number. Accepts 1 to 3999."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 4000:
        raise ValueError(f"{number!r} cannot be written in Roman numerals")
    parts = []
    for value, numeral in _ROMAN_NUMERALS:
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)
