from . import public_page
from . import complaint_form
from . import status
from . import areas
from . import portal
from . import home
