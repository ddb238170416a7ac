from . import test_install
from . import test_tour_menu
from . import test_access_log
from . import test_workflow
from . import test_guard
from . import test_access
from . import test_monitoring
from . import test_tours
