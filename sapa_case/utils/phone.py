"""Phone numbers through Odoo's ``phone_validation`` (libphonenumber):
Indonesian numbers by default."""

from odoo.addons.phone_validation.tools.phone_validation import phone_format
from odoo.exceptions import UserError

DEFAULT_REGION = "ID"
DEFAULT_DIAL_CODE = 62


def to_e164(number, region=DEFAULT_REGION, dial_code=DEFAULT_DIAL_CODE):
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
    try:
        return phone_format(text, region, dial_code, force_format="E164", raise_exception=True)
    except UserError:
        return False


def whatsapp_digits(e164):
    """wa.me wants the international number without '+'."""
    return (e164 or "").lstrip("+")
