from . import complaint_form
from . import portal
