# Official letters: see "Letters" and "How to add a letter" in README.rst.
from . import res_users
from . import ir_actions_report
from . import sapa_letter_type
from . import sapa_letter
from . import sapa_letter_report
from . import sapa_case_letter
from . import sapa_complaint_letter
from . import sapa_letter_verification
