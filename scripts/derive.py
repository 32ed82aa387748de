"""The indicator functions of the open-data build: now in the package.

Kept so that ``import derive`` (``scripts/`` on ``sys.path``) still works; the code is
:mod:`mcda_citydip.opendata.derive`, :mod:`~mcda_citydip.opendata.twins` and
:mod:`~mcda_citydip.opendata.networks`.
"""

from mcda_citydip.opendata.derive import *  # noqa: F403
from mcda_citydip.opendata.networks import *  # noqa: F403
from mcda_citydip.opendata.twins import *  # noqa: F403
