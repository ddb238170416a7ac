from . import evidence
