from . import sapa_service_type
from . import res_partner
from . import sapa_referral
from . import sapa_case
from . import sapa_case_walker
from . import sapa_simfoni_service_map
from . import sapa_simfoni
from . import sapa_monthly_recap
