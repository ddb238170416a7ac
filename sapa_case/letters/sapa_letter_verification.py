import re

from odoo import http
from odoo.http import request

from ..utils.date_id import format_date_id
from ..utils.public_http import secure_public_response

# What secrets.token_urlsafe(24) produces (see sapa.letter).
CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{32}")


class SapaLetterVerification(http.Controller):
    @http.route(
        ["/sapa/verifikasi", "/sapa/verifikasi/<string:code>"],
        type="http", auth="public", methods=["GET"],
    )
    def sapa_letter_verification(self, code=None, **kwargs):
        """Public page opened by the QR code of a letter: says whether the letter is
        genuine and shows only its number, date, type and signatory. An unknown,
        altered or malformed code gets the same page saying it is not valid, with
        HTTP status 404."""
        letter_sudo = request.env["sapa.letter"].sudo().browse()
        if code and CODE_PATTERN.fullmatch(code):
            # The unique, indexed code is the only key: no id from the request.
            letter_sudo = request.env["sapa.letter"].sudo().search(
                [("verification_code", "=", code)], limit=1
            )
        values = {"valid": bool(letter_sudo), "letter": False}
        if letter_sudo:
            # An explicit allow-list: nothing about the case or the victim.
            values["letter"] = {
                "number": letter_sudo.name,
                "date": format_date_id(letter_sudo.date),
                "type": letter_sudo.letter_type_id.name,
                "signatory_name": letter_sudo.signatory_name,
                "signatory_position": letter_sudo.signatory_position,
            }
        return secure_public_response(
            request.render(
                "sapa_case.letter_verification_page", values, status=200 if letter_sudo else 404
            )
        )
