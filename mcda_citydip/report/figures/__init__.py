"""Figures for the HTML study report: each function returns a :class:`Figure`, one inline,
self-contained ``<svg>`` element (text as paths, ids prefixed per figure, no external
reference) with its alt text and caption.

matplotlib is imported inside the figure functions only: importing this package does not
import it. Every figure is deterministic (the same input gives byte-identical SVG).
"""

from mcda_citydip.report.figures.geo import map_figure
from mcda_citydip.report.figures.rankings import acceptability_figure, scores_figure
from mcda_citydip.report.figures.sensitivity import sweeps_figure, tornado_figure
from mcda_citydip.report.figures.svg import PALETTE, Figure
from mcda_citydip.report.figures.weights import weights_figure

__all__ = [
    "PALETTE",
    "Figure",
    "acceptability_figure",
    "map_figure",
    "scores_figure",
    "sweeps_figure",
    "tornado_figure",
    "weights_figure",
]
