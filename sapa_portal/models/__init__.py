from . import sapa_portal_rate_limit
