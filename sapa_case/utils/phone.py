"""Phone numbers with Google's libphonenumber: Indonesian numbers by default."""

import phonenumbers

DEFAULT_REGION = "ID"


def to_e164(number, region=DEFAULT_REGION):
    """Return ``number`` in E.164 (``+6281234567890``), or ``False`` if it is not a
    valid phone number. Accepts the usual local forms (``0812-3456-7890``,
    ``62812...``, ``+62 812 ...``)."""
    if not number or not isinstance(number, str):
        return False
    text = number.strip()
    # libphonenumber reads letters as keypad digits ("0812-abcd" -> 0812-2223):
    # a mistyped number would then reach a stranger. Refuse letters instead.
    if any(char.isalpha() for char in text):
        return False
    # "62812..." typed without the plus is common in Indonesia.
    if text.startswith("62") and not text.startswith("+"):
        text = "+" + text
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(parsed):
        return False
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def whatsapp_digits(e164):
    """wa.me wants the international number without '+'."""
    return (e164 or "").lstrip("+")
