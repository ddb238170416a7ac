from . import sapa_letter_verification
