"""citydip: multi-criteria decision analysis for city diplomacy.

Which cities of a region have the capacity to form, or to join, an urban union?
citydip answers with AHP weights from expert judgments, TOPSIS and VIKOR rankings
of the candidate cities, and sensitivity analysis of those rankings.
"""

__version__ = "0.1.0"
