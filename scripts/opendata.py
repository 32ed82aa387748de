"""Readers, name matching and countries of the open-data build: now in the package.

Kept so that ``import opendata`` (``scripts/`` on ``sys.path``: the back-test scripts and the
tests of ``tests/scripts``) still works; the code is :mod:`mcda_citydip.opendata`.
"""

from mcda_citydip.opendata.countries import SOURCE_VARIANTS, country_iso2  # noqa: F401
from mcda_citydip.opendata.matching import (  # noqa: F401
    EARTH_RADIUS_KM,
    haversine_km,
    match_places,
    name_keys,
    normalise,
    strip_affixes,
)
from mcda_citydip.opendata.readers import *  # noqa: F403
from mcda_citydip.opendata.sources import SOURCES, Source  # noqa: F401
