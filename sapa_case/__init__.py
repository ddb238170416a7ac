from . import models
from . import utils
from . import wizard
from . import letters
from . import reporting
