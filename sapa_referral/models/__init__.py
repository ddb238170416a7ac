from . import sapa_service_type
from . import res_partner
