from . import sapa_complaint_electronic_receipt
