from . import sapa_complaint
from . import sapa_portal_rate_limit
from . import res_users
