from . import sapa_complaint_reject
from . import sapa_complaint_link
