# Reporting (issue 13): the step history and the service-level report fed by it;
# the SIMFONI-PPA lists, dataset and export. See "Reporting" in ../README.rst.
from . import sapa_case_step_history
from . import sapa_case
from . import sapa_service_level_report
from . import sapa_classification_mixin
from . import sapa_age_band
from . import sapa_occupation
from . import sapa_simfoni_service
from . import sapa_simfoni_service_map
from . import sapa_case_victim
from . import sapa_case_perpetrator
from . import sapa_report_log
from . import sapa_simfoni
from . import wizard
from . import sapa_monthly_recap
from . import report_sapa_monthly_recap
from . import report_sapa_simfoni_sheet
