"""Ranking methods over a fixed problem and a weight vector.

Each method is a pure kernel on arrays plus a thin wrapper that returns a
:class:`~mcda_citydip.ranking.result.RankResult` carrying names and conventions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mcda_citydip.ranking.result import RankResult
from mcda_citydip.ranking.topsis import topsis
from mcda_citydip.ranking.vikor import vikor

METHODS: Mapping[str, Callable[..., RankResult]] = {"topsis": topsis, "vikor": vikor}

__all__ = ["METHODS", "RankResult", "topsis", "vikor"]


def run_method(name: str, *args: Any, **options: Any) -> RankResult:
    """Run the method registered as ``name``."""
    return METHODS[name](*args, **options)
