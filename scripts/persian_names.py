"""Persian city names from GeoNames: now in the package (:mod:`mcda_citydip.opendata.names`).

Kept so that ``import persian_names`` (``scripts/`` on ``sys.path``) still works.
"""

from mcda_citydip.opendata.names import *  # noqa: F403
