# Reporting (issue 13): the step history and the service-level report fed by it.
# See "Reporting" in ../README.rst.
from . import sapa_case_step_history
from . import sapa_case
from . import sapa_service_level_report
