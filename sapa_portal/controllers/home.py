"""The website's home page (/) is SAPA's: what SAPA is, "Report", "Check status"
and the emergency numbers, in SAPA's layout (not the website's placeholder
home page)."""

from odoo import http
from odoo.addons.website.controllers.main import Website
from odoo.http import request

from .public_page import render_public


class SapaHome(Website):
    @http.route("/", auth="public", website=True, sitemap=True)
    def index(self, **kw):
        homepage_url = request.website._get_cached("homepage_url")
        if homepage_url and homepage_url != "/":
            # A Dinas that chose another home page in the website settings keeps it.
            return super().index(**kw)
        return render_public("sapa_portal.home_page", index=True)
