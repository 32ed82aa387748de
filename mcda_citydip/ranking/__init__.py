"""Ranking methods over a fixed problem and a weight vector.

Each method is a class (:mod:`~mcda_citydip.ranking.base`) holding its checked options, its
kernels for one weight vector and for many, and the columns it shows; the registry
:data:`~mcda_citydip.ranking.methods.METHODS` lists them. ``topsis``, ``vikor`` and ``saw``
are the functional forms, each returning a :class:`~mcda_citydip.ranking.result.RankResult`
carrying names and conventions.
"""

from __future__ import annotations

from typing import Any

from mcda_citydip.ranking.base import Method
from mcda_citydip.ranking.methods import METHODS, compared_methods, get_method, method_label
from mcda_citydip.ranking.result import RankResult
from mcda_citydip.ranking.saw import SAW, saw
from mcda_citydip.ranking.topsis import TOPSIS, topsis
from mcda_citydip.ranking.vikor import VIKOR, vikor

__all__ = [
    "METHODS",
    "SAW",
    "TOPSIS",
    "VIKOR",
    "Method",
    "RankResult",
    "compared_methods",
    "get_method",
    "method_label",
    "run_method",
    "saw",
    "topsis",
    "vikor",
]


def run_method(name: str, *args: Any, **options: Any) -> RankResult:
    """Run the method registered as ``name`` with ``options``."""
    return get_method(name, options).rank(*args)
