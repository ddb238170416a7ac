from . import phone
from . import date_id
from . import secret
