from . import complaint_form
