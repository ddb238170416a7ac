"""The status page and the receipt (tanda terima) download, for whoever holds a
complaint's reference and secret tracking code.

* Lookups go through ``sapa.complaint._find_by_tracking_code`` (constant-time);
  a wrong code and an unknown reference get the same page.
* Failed lookups count per client network (``sapa.portal.rate.limit``, scope
  ``status``); once over the limit even the right code is refused for a while.
* The receipt is a POST of reference + code, like the status page (same
  refusal, same rate limit); the PDF is rendered as superuser for that one
  complaint only and shows no identity and no story.
"""

from odoo import http

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.public_http import (  # pylint: disable=import-error
    secure_public_response,
)
from odoo.http import content_disposition, request

from .public_page import client_address, posted_text, render_public

ELECTRONIC_RECEIPT_REPORT = "sapa_portal.action_report_complaint_electronic_receipt"


class SapaComplaintStatus(http.Controller):
    @http.route(
        "/sapa/status", type="http", auth="public", website=True, methods=["GET"], sitemap=True
    )
    def complaint_status_form(self, ref=None, **kwargs):
        return self._render_status({"reference": posted_text(ref)}, index=True)

    @http.route(
        "/sapa/status", type="http", auth="public", website=True, methods=["POST"], sitemap=False
    )
    def complaint_status(self, reference=None, code=None, **kwargs):
        reference, code = posted_text(reference), posted_text(code)
        complaint_sudo, refusal = self._lookup(reference, code)
        if refusal:
            return self._render_status(refusal)
        return self._render_status(
            {
                "reference": reference,
                "complaint_reference": complaint_sudo.name,
                "date_received": complaint_sudo._date_received_local(),
                "public_status": complaint_sudo._public_status(),
                # Typed by the visitor: lets the result page offer the receipt download.
                "code": code,
            }
        )

    @http.route(
        "/sapa/tanda-terima", type="http", auth="public", website=True, methods=["POST"],
        sitemap=False,
    )
    def complaint_receipt_pdf(self, reference=None, code=None, **kwargs):
        """The receipt of the complaint ``reference`` as PDF, for whoever holds its
        tracking code: the issued (numbered, signed) receipt if there is one, else
        an electronic receipt. It shows no identity and no story."""
        reference, code = posted_text(reference), posted_text(code)
        complaint_sudo, refusal = self._lookup(reference, code)
        if refusal:
            return self._render_status(refusal)
        content = self._receipt_pdf(complaint_sudo)
        file_name = "Tanda Terima %s.pdf" % complaint_sudo.name.replace("/", "-")
        return secure_public_response(
            request.make_response(
                content,
                headers=[
                    ("Content-Type", "application/pdf"),
                    ("Content-Length", len(content)),
                    ("Content-Disposition", content_disposition(file_name)),
                ],
            )
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _lookup(self, reference, code):
        """``(complaint_sudo, None)``, or ``(empty, values of the refusal page)``
        when the client is over the limit of failed lookups or nothing matches
        (which counts as a failed lookup)."""
        rate_limit_sudo = request.env["sapa.portal.rate.limit"].sudo()
        empty = request.env["sapa.complaint"].sudo().browse()
        if rate_limit_sudo._is_blocked("status", client_address()):
            return empty, {"reference": reference, "blocked": True}
        complaint_sudo = request.env["sapa.complaint"]._find_by_tracking_code(reference, code)
        if not complaint_sudo:
            rate_limit_sudo._hit("status", client_address())
            return empty, {"reference": reference, "not_found": True}
        return complaint_sudo, None

    def _receipt_pdf(self, complaint_sudo):
        """The stored PDF of the issued receipt, else the electronic receipt
        (under Odoo's test mode: its HTML, as Odoo's own /report/pdf gives)."""
        complaint_sudo.ensure_one()
        letter_sudo = request.env["sapa.letter"]._get_issued(complaint_sudo, "receipt")
        attachment_sudo = letter_sudo.attachment_id.sudo()
        if attachment_sudo.mimetype == "application/pdf" and attachment_sudo.raw:
            return attachment_sudo.raw
        content, _content_type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(ELECTRONIC_RECEIPT_REPORT, [complaint_sudo.id])
        )
        return content

    def _render_status(self, values, index=False):
        return render_public("sapa_portal.complaint_status_page", values, index=index)
