"""Batched evaluation: the scores of every alternative under many weight vectors at once.

The decision matrix is fixed; only the weights vary (rows of ``weights``, shape ``k × n``).
Each method's batched kernels live with the method (:mod:`mcda_citydip.ranking`); this
module looks the method up in the registry and asks it. Scores are "higher is better"
(TOPSIS closeness, VIKOR ``−Q``, SAW's weighted sum), identical to the single-vector kernels
up to round-off.

:func:`pair_scorer` scores just two alternatives per weight row (a bisection moves every pair
of alternatives along its own weights): O(n) per row for TOPSIS and SAW, and for VIKOR
O(c·n) with ``c`` the few alternatives that can hold the best or worst ``S`` or ``R`` on the
sweep — instead of O(m·n), which made the pair bisection grow like m³.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcda_citydip.model import BoolArray, FloatArray, IntArray
from mcda_citydip.ranking.base import PairScores
from mcda_citydip.ranking.methods import get_method
from mcda_citydip.ranking.topsis import TopsisPairs, topsis_batch, topsis_parts
from mcda_citydip.ranking.vikor import (
    FRONT_TOLERANCE,
    VikorPairs,
    sweep_candidates,
    vikor_batch,
    vikor_q,
)

__all__ = [
    "FRONT_TOLERANCE",
    "BoolArray",
    "IntArray",
    "TopsisPairs",
    "VikorPairs",
    "pair_scorer",
    "preference_batch",
    "sweep_candidates",
    "topsis_batch",
    "topsis_parts",
    "vikor_batch",
    "vikor_q",
]


def preference_batch(
    matrix: FloatArray,
    weights: FloatArray,
    benefit: BoolArray,
    method: str,
    options: Mapping[str, Any] | None = None,
) -> FloatArray:
    """Scores (k × m), higher is better, by the registered ``method`` with ``options``."""
    return get_method(method, options).batch(matrix, weights, benefit)


def pair_scorer(
    matrix: FloatArray,
    benefit: BoolArray,
    method: str,
    options: Mapping[str, Any] | None,
    sweep: tuple[FloatArray, FloatArray],
) -> PairScores:
    """Scores of chosen pairs for weights on the sweep ``(inside, outside)`` proportions."""
    return get_method(method, options).pairs(matrix, benefit, sweep)
