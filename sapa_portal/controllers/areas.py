"""The area lists of the complaint form (JSON), filled by its script as the
visitor chooses a province, a kabupaten/kota, a kecamatan."""

from odoo import http

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.parsing import to_id  # pylint: disable=import-error
from odoo.addons.sapa_case.utils.public_http import (  # pylint: disable=import-error
    secure_public_response,
)
from odoo.http import request


class SapaAreas(http.Controller):
    @http.route(
        "/sapa/wilayah", type="http", auth="public", methods=["GET"], readonly=True, sitemap=False
    )
    def complaint_areas(self, level=None, parent=None, **kwargs):
        """Areas of one level under a parent: ``[{"id", "name"}]``, empty for an
        unknown level or parent."""
        areas_sudo = request.env["sapa.area"]._sapa_portal_children(
            level if isinstance(level, str) else None, to_id(parent)
        )
        return secure_public_response(
            request.make_json_response([{"id": a.id, "name": a.name} for a in areas_sudo])
        )
