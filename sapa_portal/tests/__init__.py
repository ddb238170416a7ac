from . import test_install
from . import test_evidence
from . import test_rate_limit
