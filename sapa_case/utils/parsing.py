"""Integers and record ids from the outside world (posted forms, URLs, system
parameters): one strict parser for every SAPA controller and setting.

Python's ``int()`` is too lenient for input that reaches SQL: it accepts
``" 12 "``, ``"1_000"``, ``"+7"``, non-ASCII digits (``"١٢"``) and numbers of
any size, while PostgreSQL's ``integer`` column (every ``id``, every
Many2one) ends at 2,147,483,647 and answers a bigger one with an error (a 500
for the visitor). Here a number is at most 18 ASCII digits with an optional
leading minus, bounded by the caller; anything else is "not a number".
"""

import re

# PostgreSQL's integer (int4): the type of ids and of Integer fields.
PG_INT_MAX = 2**31 - 1
PG_INT_MIN = -(2**31)

_INTEGER = re.compile(r"-?[0-9]{1,18}")


def to_int(value, default=None, minimum=PG_INT_MIN, maximum=PG_INT_MAX):
    """``value`` (an int, or a string of ASCII digits with an optional leading
    ``-``, surrounding spaces ignored) as an int within ``[minimum, maximum]``;
    ``default`` when it is empty, malformed or out of bounds. Booleans are not
    numbers."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return default
    if minimum is not None and number < minimum:
        return default
    if maximum is not None and number > maximum:
        return default
    return number


def to_id(value):
    """A record id (1 to PostgreSQL's integer maximum) from ``value``, else None.
    Whether the record exists, and may be seen, is the caller's question."""
    return to_int(value, default=None, minimum=1, maximum=PG_INT_MAX)


def to_ids(values, limit=100):
    """Distinct record ids from a list of posted values, in order. None if any
    value is not an id or if there are more than ``limit`` of them: a list
    with a bad element is a bad list."""
    if not isinstance(values, (list, tuple)) or len(values) > limit:
        return None
    ids = []
    for value in values:
        record_id = to_id(value)
        if record_id is None:
            return None
        if record_id not in ids:
            ids.append(record_id)
    return ids


# C0 control characters and DEL, except tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\t\n\r]")


def is_readable_text(text, multiline=False):
    """False when ``text`` holds what no keyboard types and no database should
    store: control characters (PostgreSQL refuses NUL outright), line breaks in
    a one-line field, or U+FFFD, which the web server puts in place of bytes
    that were not UTF-8. A browser never sends these from a SAPA page."""
    if not isinstance(text, str):
        return False
    if "\ufffd" in text or _CONTROL.search(text):
        return False
    return multiline or not _LINE_BREAK.search(text)
