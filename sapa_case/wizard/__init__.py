from . import sapa_complaint_reject
from . import sapa_complaint_link
from . import sapa_case_send_back
