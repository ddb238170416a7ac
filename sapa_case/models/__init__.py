from . import sapa_case_stage
