from . import sapa_letter_report
