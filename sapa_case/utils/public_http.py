"""Response headers of every public SAPA page (complaint form, status page,
receipt, area lists, letter verification, the referral provider's page).

Always: the page may not be framed by another site (``X-Frame-Options`` and
CSP ``frame-ancestors``: a framed SAPA page could be overlaid to trick a
visitor into clicking), the browser may not guess content types, and no
``Referer`` leaves a SAPA page (a third party must never learn that someone
opened a violence-reporting page; some URLs carry a secret token).

By default also: never stored by a browser or proxy cache (the pages carry
CSRF tokens, tracking codes or secret links) and never indexed by search
engines. The complaint form and the status lookup form are meant to be found:
their routes pass ``index=True``.
"""

FRAME_ANCESTORS = "frame-ancestors 'none'"


def secure_public_response(response, *, index=False, store=False):
    """Set SAPA's public-page headers on ``response`` (an Odoo or werkzeug
    response) and return it."""
    headers = response.headers
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    policy = headers.get("Content-Security-Policy")
    if not policy:
        headers["Content-Security-Policy"] = FRAME_ANCESTORS
    elif "frame-ancestors" not in policy:
        headers["Content-Security-Policy"] = f"{policy.rstrip('; ')}; {FRAME_ANCESTORS}"
    if not store:
        headers["Cache-Control"] = "no-store"
    if not index:
        headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
