from . import sapa_service_type
from . import res_partner
from . import sapa_referral
from . import sapa_case
from . import sapa_case_retention
from . import sapa_case_walker
