from . import controllers
from . import models
from . import report
from . import database_unavailable
from .hooks import post_init_hook
