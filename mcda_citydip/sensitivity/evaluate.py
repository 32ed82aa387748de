"""Batched evaluation: the scores of every alternative under many weight vectors at once.

The decision matrix is fixed; only the weights vary (rows of ``weights``, shape ``k × n``).
Each method's batched kernels live with the method (:mod:`mcda_citydip.ranking`); this
module looks the method up in the registry and asks it. Scores are "higher is better"
(TOPSIS closeness, VIKOR ``−Q``, SAW's weighted sum), identical to the single-vector kernels
up to round-off.

A bisection of pair crossings scores two alternatives per share of a sweep instead:
:meth:`~mcda_citydip.ranking.base.SweepScores.pairs_at` (with the method's sweep kernel).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcda_citydip.model import BoolArray, FloatArray
from mcda_citydip.ranking.methods import get_method
from mcda_citydip.ranking.topsis import topsis_batch
from mcda_citydip.ranking.vikor import vikor_batch

__all__ = ["preference_batch", "topsis_batch", "vikor_batch"]


def preference_batch(
    matrix: FloatArray,
    weights: FloatArray,
    benefit: BoolArray,
    method: str,
    options: Mapping[str, Any] | None = None,
) -> FloatArray:
    """Scores (k × m), higher is better, by the registered ``method`` with ``options``."""
    return get_method(method, options).batch(matrix, weights, benefit)
