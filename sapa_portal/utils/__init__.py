from . import evidence
from . import unavailable_page
