from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.parsing import to_id  # pylint: disable=import-error
from odoo.addons.sapa_case.utils.public_http import (  # pylint: disable=import-error
    secure_public_response,
)
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from .public_page import quick_exit_url

# Pages of the list: far more than anyone has reports, far less than SQL's limits.
MAX_PAGE = 10000


class SapaCustomerPortal(CustomerPortal):
    """"My complaints" for logged-in reporters.

    Only the owner opens a complaint here: access goes through the access rights
    and the portal record rule (``_document_check_access`` without a token). The
    ``access_token`` of portal.mixin is deliberately not honoured: the only
    bearer secret of a complaint is its tracking code, of which only a hash is
    kept, while an access token would be readable by staff and end up in e-mails.
    """

    def _sapa_complaint_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sapa_complaint_count" in counters:
            Complaint = request.env["sapa.complaint"]
            values["sapa_complaint_count"] = (
                Complaint.search_count(self._sapa_complaint_domain())
                if Complaint.has_access("read")
                else 0
            )
        return values

    @http.route(
        ["/my/sapa-complaints", "/my/sapa-complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_sapa_complaints(self, page=1, **kwargs):
        page = min(page, MAX_PAGE)
        Complaint = request.env["sapa.complaint"]
        domain = self._sapa_complaint_domain()
        can_read = Complaint.has_access("read")
        count = Complaint.search_count(domain) if can_read else 0
        pager = portal_pager(
            url="/my/sapa-complaints", total=count, page=page, step=self._items_per_page
        )
        complaints = (
            Complaint.search(
                domain,
                order="date_received desc, id desc",
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if can_read
            else Complaint
        )
        values = self._prepare_portal_layout_values()
        values.update(
            # sudo: the public status reads the case, which portal users may not.
            complaints_sudo=complaints.sudo(),
            page_name="sapa_complaint",
            default_url="/my/sapa-complaints",
            pager=pager,
            quick_exit_url=quick_exit_url(),
        )
        return secure_public_response(
            request.render("sapa_portal.portal_my_sapa_complaints", values)
        )

    @http.route("/my/sapa-complaints/<int:complaint_id>", type="http", auth="user", website=True)
    def portal_my_sapa_complaint(self, complaint_id, **kwargs):
        # The URL's number may be beyond what an id can be (SQL would fail).
        if not to_id(complaint_id):
            return request.redirect("/my")
        try:
            complaint_sudo = self._document_check_access("sapa.complaint", complaint_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            complaint_sudo=complaint_sudo,
            public_status=complaint_sudo._public_status(),
            page_name="sapa_complaint",
            quick_exit_url=quick_exit_url(),
        )
        return secure_public_response(
            request.render("sapa_portal.portal_my_sapa_complaint", values)
        )
