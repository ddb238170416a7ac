import logging

import psycopg2

from odoo import models

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.public_http import (  # pylint: disable=import-error
    secure_public_response,
)
from odoo.http import Response, request
from odoo.sql_db import PoolError

from ..utils import unavailable_page

_logger = logging.getLogger(__name__)

# A database that cannot answer now: lost or refused connection, restart,
# no free connection, a serialisation failure left after Odoo's retries.
DATABASE_ERRORS = (psycopg2.OperationalError, psycopg2.InterfaceError, PoolError)


def database_failed(exception):
    """True if ``exception``, or one it was raised while handling, is the
    database failing (not a programming error)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_ERRORS):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """On a public SAPA page, a failing database gets SAPA's "not sent yet,
        try again" page (503), built without the database, instead of Odoo's
        bare error page."""
        try:
            httprequest = request.httprequest
            if database_failed(exception) and unavailable_page.is_sapa_path(httprequest.path):
                _logger.warning(
                    "SAPA: database unavailable during %s %s (%s): answered with the "
                    "try-again page",
                    httprequest.method, httprequest.path, type(exception).__name__,
                )
                response = Response(
                    unavailable_page.render(httprequest),
                    status=503,
                    content_type="text/html; charset=utf-8",
                    headers=[("Retry-After", "10")],
                )
                return secure_public_response(response)
        except Exception:
            _logger.exception("SAPA: the try-again page failed")
        return super()._handle_error(exception)
