"""SAPA's "not sent yet, try again" page when the database fails *before* any
addon code runs: opening the request's registry or its cursor (a PostgreSQL
restart, connections refused).

Odoo then has no hook for an addon: ``Request._serve_db`` raises, and Odoo
answers with its bare "Not Found" (after falling back to database-less
routing) or "Internal Server Error" page; a visitor without a session yet gets
no database at all (PostgreSQL cannot list them) and the same "Not Found".
This wraps ``Request._serve_db`` and ``Request._serve_nodb`` (once per process,
when the addon is imported: the prefork server imports it before forking its
workers) to answer SAPA's own paths with the page of
``utils/unavailable_page.py`` (built without the database, the posted answers
ready to be sent again). Everything else, and any failure Odoo already
turned into a response (``error_response``, e.g. through
``ir.http._handle_error``), goes on as before. When Odoo cannot answer at all,
the reverse proxy's static page takes over (deploy/).
"""

import logging

from odoo import http

from .utils import unavailable_page

_logger = logging.getLogger(__name__)


def _sapa_serve_db(request_self):
    try:
        return _sapa_serve_db.odoo_serve_db(request_self)
    except Exception as exc:
        httprequest = request_self.httprequest
        if (
            not hasattr(exc, "error_response")
            and (isinstance(exc, http.RegistryError) or unavailable_page.database_failed(exc))
            and unavailable_page.is_sapa_path(httprequest.path)
        ):
            _logger.warning(
                "SAPA: database unavailable before %s %s could start (%s): answered with "
                "the try-again page", httprequest.method, httprequest.path, exc,
            )
            return unavailable_page.response(httprequest)
        raise


def _sapa_serve_nodb(request_self):
    """No database for this request: a visitor without a session (no cookie yet)
    while PostgreSQL cannot list its databases, or Odoo's fallback after the
    registry failed. SAPA's paths exist only with the database: the page."""
    httprequest = request_self.httprequest
    if unavailable_page.is_sapa_path(httprequest.path):
        _logger.warning(
            "SAPA: no database for %s %s: answered with the try-again page",
            httprequest.method, httprequest.path,
        )
        return unavailable_page.response(httprequest)
    return _sapa_serve_nodb.odoo_serve_nodb(request_self)


if not getattr(http.Request._serve_db, "sapa_portal", False):
    _sapa_serve_db.odoo_serve_db = http.Request._serve_db
    _sapa_serve_db.sapa_portal = True
    http.Request._serve_db = _sapa_serve_db
if not getattr(http.Request._serve_nodb, "sapa_portal", False):
    _sapa_serve_nodb.odoo_serve_nodb = http.Request._serve_nodb
    _sapa_serve_nodb.sapa_portal = True
    http.Request._serve_nodb = _sapa_serve_nodb
