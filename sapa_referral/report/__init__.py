from . import sapa_referral_letter_report
