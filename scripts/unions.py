"""The union a case is about: now in the package (:mod:`mcda_citydip.opendata.unions`).

Kept so that ``import unions`` (``scripts/`` on ``sys.path``) still works.
"""

from mcda_citydip.opendata.unions import *  # noqa: F403
