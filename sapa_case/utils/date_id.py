"""Dates as Indonesian official letters write them, through Babel's ``id``
locale (so they do not depend on the Indonesian language being installed in
the database): "29 November 2026", "29 November 2026 pukul 14.05 WIB".
Only the Roman month of letter numbers has no Babel pattern."""

import datetime

import pytz
from babel.dates import format_date, format_datetime

LOCALE = "id_ID"
DATE_PATTERN = "d MMMM y"
# Indonesian style: "pukul", a dot between hours and minutes, the zone's
# official short name (WIB, WITA, WIT) from Babel's Indonesian data.
DATETIME_PATTERN = "d MMMM y 'pukul' HH.mm"

_ROMAN_NUMERALS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def format_date_id(value):
    """``date(2026, 11, 29)`` -> ``"29 November 2026"``. A datetime is written as
    its date (convert it to local time first). Empty -> ``""``."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        value = value.date()
    return format_date(value, DATE_PATTERN, locale=LOCALE)


def format_datetime_id(value, tz_name=None):
    """A local (naive) datetime in ``tz_name`` -> ``"29 November 2026 pukul
    14.05 WIB"``; without a zone, no zone is written."""
    if not value:
        return ""
    if not tz_name:
        return format_datetime(value.replace(tzinfo=None), DATETIME_PATTERN, locale=LOCALE)
    zone = pytz.timezone(tz_name)
    local = value.astimezone(zone) if value.tzinfo else zone.localize(value)
    return format_datetime(local, DATETIME_PATTERN + " zzz", tzinfo=zone, locale=LOCALE)


def to_roman(number):
    """``11`` -> ``"XI"``: the month in a letter number. Accepts 1 to 3999."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 < number < 4000:
        raise ValueError(f"{number!r} cannot be written in Roman numerals")
    parts = []
    for value, numeral in _ROMAN_NUMERALS:
        count, number = divmod(number, value)
        parts.append(numeral * count)
    return "".join(parts)
