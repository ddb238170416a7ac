import ipaddress
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools.misc import hmac

EPOCH = datetime(1970, 1, 1)

# scope: (ir.config_parameter holding the limit, default limit)
SCOPES = {
    "submit": ("sapa_portal.rate_limit", 5),
    "status": ("sapa_portal.status_rate_limit", 10),
}
WINDOW_PARAM = "sapa_portal.rate_limit_window"
DEFAULT_WINDOW = 600  # seconds


class SapaPortalRateLimit(models.Model):
    """Counters of the public SAPA routes per client, in the database so that every
    worker sees the same numbers.

    One row per scope, client and fixed window holds the number of hits. A hit is
    counted with a single ``INSERT ... ON CONFLICT DO UPDATE``: two requests of the
    same client at the same moment are serialised by PostgreSQL (the later one is
    retried by Odoo), so the count is exact. The limit is checked against a sliding
    estimate, ``current + previous * (part of the previous window still in
    range)``, which avoids a double burst at a window boundary. The client's
    address is never stored, only a keyed hash of it (IPv6 per /64 network).
    Rows older than a day are purged by a cron.
    """

    _name = "sapa.portal.rate.limit"
    _description = "SAPA Portal Rate Limit Counter"
    _log_access = False
    _order = "window_start desc, id desc"

    scope = fields.Selection(
        [("submit", "Complaint submission"), ("status", "Failed status lookup")],
        required=True,
        sapa_class="workflow",
    )
    client_key = fields.Char(
        required=True, help="Keyed hash of the client's network address (not the address).",
        sapa_class="workflow",
    )
    window_start = fields.Datetime(required=True, index=True, sapa_class="workflow")
    hits = fields.Integer(required=True, default=0, sapa_class="workflow")

    _sql_constraints = [
        (
            "window_unique",
            "UNIQUE(scope, client_key, window_start)",
            "One counter per scope, client and window.",
        ),
    ]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _get_limit(self, scope):
        """Return (limit, window in seconds) for ``scope``; a limit of 0 turns the
        check off (used by the benchmark)."""
        param_name, default = SCOPES[scope]
        params = self.env["ir.config_parameter"].sudo()
        return (
            self._to_positive_int(params.get_param(param_name), default),
            self._to_positive_int(params.get_param(WINDOW_PARAM), DEFAULT_WINDOW) or 1,
        )

    @staticmethod
    def _to_positive_int(value, default):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return default
        return number if number >= 0 else default

    @api.model
    def _client_key(self, address):
        """Keyed hash of the client's network: an IPv6 client can change its address
        within its /64 at will, so the /64 is what counts."""
        try:
            ip = ipaddress.ip_address((address or "").strip())
        except ValueError:
            network = "unknown"
        else:
            if ip.version == 6 and ip.ipv4_mapped:
                ip = ip.ipv4_mapped
            if ip.version == 6:
                network = str(ipaddress.ip_network(f"{ip}/64", strict=False))
            else:
                network = str(ip)
        return hmac(self.env(su=True), "sapa_portal.rate_limit", network)

    @staticmethod
    def _window(now, window):
        index = int((now - EPOCH).total_seconds()) // window
        start = EPOCH + timedelta(seconds=index * window)
        elapsed = (now - start).total_seconds() / window
        return start, start - timedelta(seconds=window), elapsed

    def _estimate(self, scope, client_key, current_hits, previous_start, elapsed):
        self.env.cr.execute(
            """SELECT hits FROM sapa_portal_rate_limit
                WHERE scope = %s AND client_key = %s AND window_start = %s""",
            (scope, client_key, previous_start),
        )
        row = self.env.cr.fetchone()
        previous_hits = row[0] if row else 0
        return current_hits + previous_hits * (1.0 - elapsed)

    # ------------------------------------------------------------------
    # API for the controllers
    # ------------------------------------------------------------------
    @api.model
    def _is_blocked(self, scope, address):
        """True if the client is already over the limit of ``scope`` (counts nothing)."""
        limit, window = self._get_limit(scope)
        if not limit:
            return False
        client_key = self._client_key(address)
        start, previous_start, elapsed = self._window(fields.Datetime.now(), window)
        self.env.cr.execute(
            """SELECT hits FROM sapa_portal_rate_limit
                WHERE scope = %s AND client_key = %s AND window_start = %s""",
            (scope, client_key, start),
        )
        row = self.env.cr.fetchone()
        current_hits = row[0] if row else 0
        return self._estimate(scope, client_key, current_hits, previous_start, elapsed) >= limit

    @api.model
    def _hit(self, scope, address):
        """Count one hit of the client in ``scope``. Return False if this hit goes
        over the limit (the caller then refuses the request), True otherwise."""
        limit, window = self._get_limit(scope)
        if not limit:
            return True
        client_key = self._client_key(address)
        start, previous_start, elapsed = self._window(fields.Datetime.now(), window)
        self.env.cr.execute(
            """INSERT INTO sapa_portal_rate_limit (scope, client_key, window_start, hits)
                    VALUES (%s, %s, %s, 1)
               ON CONFLICT (scope, client_key, window_start)
               DO UPDATE SET hits = sapa_portal_rate_limit.hits + 1
               RETURNING hits""",
            (scope, client_key, start),
        )
        current_hits = self.env.cr.fetchone()[0]
        self.invalidate_model()
        return self._estimate(scope, client_key, current_hits, previous_start, elapsed) <= limit

    @api.model
    def _gc_counters(self):
        """Cron: forget the counters older than a day (or than two windows, if a
        window is set longer than half a day): no check reads them any more."""
        window = max(self._get_limit(scope)[1] for scope in SCOPES)
        keep = max(timedelta(days=1), timedelta(seconds=2 * window))
        self.env.cr.execute(
            "DELETE FROM sapa_portal_rate_limit WHERE window_start < %s",
            (fields.Datetime.now() - keep,),
        )
        self.invalidate_model()
