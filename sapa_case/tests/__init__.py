from . import test_install
from . import test_tour_menu
from . import test_letter_helpers
from . import test_letters
from . import test_letter_numbering
from . import test_letter_verification
