import ipaddress
from datetime import timedelta

from odoo import api, fields, models

# sapa_case is on Odoo's addons path, which pylint does not know.
from odoo.addons.sapa_case.utils.parsing import to_int  # pylint: disable=import-error
from odoo.tools.misc import hmac
from odoo.tools.sql import create_index

# scope: (ir.config_parameter holding the limit, default limit)
SCOPES = {
    "submit": ("sapa_portal.rate_limit", 5),
    "status": ("sapa_portal.status_rate_limit", 10),
}
WINDOW_PARAM = "sapa_portal.rate_limit_window"
DEFAULT_WINDOW = 600  # seconds
MAX_LIMIT = 1_000_000
MAX_WINDOW = 7 * 24 * 3600


class SapaPortalRateLimit(models.Model):
    """Hits of the public SAPA routes per client network, in the database so
    that every worker sees them, counted over a sliding window.

    Design: **insert-only**. Each hit is one new row (scope, keyed hash of the
    client's network, time); the number of hits of a client is the count of
    its rows of the last ``window`` seconds, read by the same statement that
    inserts the hit (one query). No row is ever updated, so concurrent requests
    never wait for each other nor fail with "could not serialize access due to
    concurrent update" (the single counter row of the previous design did, up
    to HTTP 500 for 16 clients behind one address). The price: under Odoo's
    REPEATABLE READ transactions, hits of other requests not yet committed are
    not seen, so a count can be short by the number of requests running at
    that moment (at most the number of workers): precise enough for a limit
    that *holds* submissions for review and slows down code guessing.

    The client's address is never stored, only a keyed hash of it (IPv6 per
    /64 network). Rows older than the window (at least a day) are purged
    hourly by a cron.
    """

    _name = "sapa.portal.rate.limit"
    _description = "SAPA Portal Rate Limit Hit"
    _log_access = False
    _order = "hit_at desc, id desc"

    scope = fields.Selection(
        [("submit", "Complaint submission"), ("status", "Failed status lookup")],
        required=True,
        sapa_class="workflow",
    )
    client_key = fields.Char(
        required=True, help="Keyed hash of the client's network address (not the address).",
        sapa_class="workflow",
    )
    hit_at = fields.Datetime(required=True, index=True, sapa_class="workflow")

    def init(self):
        # The count of a client's recent hits reads this index only.
        create_index(
            self.env.cr,
            "sapa_portal_rate_limit_client_idx",
            self._table,
            ["client_key", "scope", "hit_at"],
        )
        return super().init()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _get_limit(self, scope):
        """Return (limit, window in seconds) for ``scope``; a limit of 0 turns the
        check off (used by the benchmark)."""
        param_name, default = SCOPES[scope]
        params = self.env["ir.config_parameter"].sudo()
        limit = to_int(params.get_param(param_name), default, minimum=0, maximum=MAX_LIMIT)
        window = to_int(
            params.get_param(WINDOW_PARAM), DEFAULT_WINDOW, minimum=1, maximum=MAX_WINDOW
        )
        return limit, window

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

    # ------------------------------------------------------------------
    # API for the controllers
    # ------------------------------------------------------------------
    @api.model
    def _is_blocked(self, scope, address):
        """True if the client is already at the limit of ``scope`` (counts nothing)."""
        limit, window = self._get_limit(scope)
        if not limit:
            return False
        self.env.cr.execute(
            """SELECT count(*) FROM sapa_portal_rate_limit
                WHERE client_key = %s AND scope = %s AND hit_at > %s""",
            (self._client_key(address), scope, fields.Datetime.now() - timedelta(seconds=window)),
        )
        return self.env.cr.fetchone()[0] >= limit

    @api.model
    def _hit(self, scope, address):
        """Count one hit of the client in ``scope``. Return the number of its hits
        in the window, this one included (0 when the limit is off): the caller
        compares it with ``_get_limit(scope)``."""
        limit, window = self._get_limit(scope)
        if not limit:
            return 0
        now = fields.Datetime.now()
        client_key = self._client_key(address)
        # One statement: the CTE inserts, the SELECT (same snapshot, so without
        # the new row) counts the earlier hits.
        self.env.cr.execute(
            """WITH hit AS (
                   INSERT INTO sapa_portal_rate_limit (scope, client_key, hit_at)
                   VALUES (%s, %s, %s)
               )
               SELECT count(*) + 1 FROM sapa_portal_rate_limit
                WHERE client_key = %s AND scope = %s AND hit_at > %s""",
            (scope, client_key, now, client_key, scope, now - timedelta(seconds=window)),
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _gc_counters(self):
        """Cron: forget the hits older than a day (or than the window, if it is
        set longer): no check reads them any more."""
        window = max(self._get_limit(scope)[1] for scope in SCOPES)
        keep = max(timedelta(days=1), timedelta(seconds=window))
        self.env.cr.execute(
            "DELETE FROM sapa_portal_rate_limit WHERE hit_at < %s",
            (fields.Datetime.now() - keep,),
        )
        self.invalidate_model()
