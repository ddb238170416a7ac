from . import test_install
from . import test_evidence
from . import test_rate_limit
from . import test_complaint_form
from . import test_status_page
from . import test_portal_my
from . import test_tours
from . import test_receipt_download
