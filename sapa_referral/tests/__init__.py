from . import test_referral_workflow
from . import test_referral_access
from . import test_referral_overdue
from . import test_provider_page
from . import test_referral_letter_verification
from . import test_tour
from . import test_referral_consent
from . import test_referral_sign_activity
