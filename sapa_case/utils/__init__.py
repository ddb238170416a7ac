from . import phone
from . import date_id
from . import parsing
from . import public_http
from . import secret
