"""Limits of a sensitivity run's options, checked by the library and stated in the CLI's
options (a module with no imports, so the CLI reads them without loading numpy)."""

MAX_SAMPLES = 10**9  # a billion draws: hours of work; counts still fit their integers
MAX_SPREAD = 2.0  # judgment noise ε ln 9 up to ±2 ln 9: from any value past 1/9 and 9
