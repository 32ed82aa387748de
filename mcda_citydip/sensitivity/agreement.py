"""Agreement between the rankings of several methods: ``rs``, ``rw`` and ``WS``.

For rankings ``x`` and ``y`` of ``n`` alternatives (rank 1 = best):

* Spearman's ``r_s``: the Pearson correlation of the two rank vectors, which for
  rankings without ties is ``1 − 6 Σ (x_i − y_i)² / (n (n² − 1))``;
* the weighted Spearman ``r_w`` (Pinto da Costa & Soares 2005, as used by Sałabun &
  Urbaniak 2020), which weighs disagreements near the top more heavily:
  ``r_w = 1 − 6 Σ (x_i − y_i)² ((n − x_i + 1) + (n − y_i + 1)) / (n⁴ + n³ − n² − n)``;
* the rank similarity coefficient of Sałabun, W. & Urbaniak, K. (2020). A new coefficient
  of rankings similarity in decision-making problems. ICCS 2020, LNCS 12137:632–645:
  ``WS = 1 − Σ 2^(−x_i) |x_i − y_i| / max(|x_i − 1|, |x_i − n|)``. ``WS`` is *not*
  symmetric: ``x`` is the reference ranking, so ``ws[a][b]`` takes method ``a`` as the
  reference and compares ``b`` with it.

The coefficients are computed here from those formulas (numpy, a few vector operations);
the tests check them against :mod:`pymcdm.correlations` on random rankings, ties included,
without loading pymcdm (and with it pandas and matplotlib) in a run. A coefficient that is
undefined — ``r_s`` when a ranking ties every alternative, any of them with fewer than two
alternatives — is None.
Ranks follow the "min" tie rule of :mod:`mcda_citydip.ranking.result`; with ties ``r_s`` is
the Pearson correlation of those ranks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
from msgspec import Struct

from mcda_citydip.model import FloatArray, Problem
from mcda_citydip.ranking.methods import compared_methods, get_method
from mcda_citydip.ranking.result import TIES

Coefficient = Callable[[FloatArray, FloatArray], float | None]

#: The compared methods by default (the registry's, with their default options): name →
#: (ranking method, its options). :func:`~mcda_citydip.ranking.methods.compared_methods`
#: gives them with a scenario's options.
AGREEMENT_METHODS: Mapping[str, tuple[str, Mapping[str, Any]]] = MappingProxyType(
    {name: (method, MappingProxyType(o)) for name, (method, o) in compared_methods({}).items()}
)


def _spearman(x: FloatArray, y: FloatArray) -> float | None:
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    dx, dy = x - x.mean(), y - y.mean()
    return float(np.dot(dx, dy) / np.sqrt(np.dot(dx, dx) * np.dot(dy, dy)))


def _weighted_spearman(x: FloatArray, y: FloatArray) -> float | None:
    if len(x) < 2:
        return None
    n = len(x)
    gaps = (x - y) ** 2 * ((n - x + 1) + (n - y + 1))
    return float(1.0 - 6.0 * gaps.sum() / (n**4 + n**3 - n**2 - n))


def _rank_similarity(x: FloatArray, y: FloatArray) -> float | None:
    if len(x) < 2:
        return None
    n = len(x)
    reach = np.maximum(np.abs(x - 1), np.abs(x - n))  # > 0 for n ≥ 2
    return float(1.0 - np.sum(2.0 ** (-x) * np.abs(x - y) / reach))


COEFFICIENTS: Mapping[str, Coefficient] = MappingProxyType(
    {"rs": _spearman, "rw": _weighted_spearman, "ws": _rank_similarity}
)


CONVENTIONS: Mapping[str, str] = MappingProxyType(
    {
        "rs": "Spearman: Pearson correlation of the ranks",
        "rw": "weighted Spearman (Pinto da Costa & Soares 2005)",
        "ws": "WS (Sałabun & Urbaniak 2020); row = reference ranking, not symmetric",
        "ties": TIES,
        "undefined": "None (rs of an all-tied ranking; fewer than 2 alternatives)",
        "implementation": "citydip (numpy), checked against pymcdm.correlations",
    }
)


class Agreement(Struct, frozen=True):
    """Method × method matrices of ``rs``, ``rw`` and ``WS`` (row = reference for ``WS``).

    ``correlations[coefficient][a][b]`` compares the ranking of method ``b`` with that of
    method ``a``; ``rankings`` keeps the compared ranks.
    """

    methods: tuple[str, ...]
    alternatives: tuple[str, ...]
    rankings: Mapping[str, Mapping[str, int]]
    correlations: Mapping[str, Mapping[str, Mapping[str, float | None]]]
    conventions: Mapping[str, Any]

    def to_data(self) -> dict[str, Any]:
        return {
            "methods": list(self.methods),
            "alternatives": list(self.alternatives),
            "rankings": {m: dict(r) for m, r in self.rankings.items()},
            "correlations": {
                name: {a: dict(row) for a, row in matrix.items()}
                for name, matrix in self.correlations.items()
            },
            "conventions": dict(self.conventions),
        }


def method_agreement(rankings: Mapping[str, Mapping[str, int]]) -> Agreement:
    """Compare every pair of rankings (method → alternative → rank) with rs, rw and WS.

    Every ranking must rank the same alternatives; the first one fixes their order.
    """
    methods = tuple(rankings)
    if not methods:
        raise ValueError("no rankings to compare")
    alternatives = tuple(rankings[methods[0]])
    for method in methods:
        if set(rankings[method]) != set(alternatives):
            raise ValueError(f"ranking '{method}' does not rank the same alternatives")
    vectors = {m: np.array([rankings[m][a] for a in alternatives], dtype=float) for m in methods}
    matrices = {
        name: MappingProxyType(
            {
                a: MappingProxyType({b: coefficient(vectors[a], vectors[b]) for b in methods})
                for a in methods
            }
        )
        for name, coefficient in COEFFICIENTS.items()
    }
    return Agreement(
        methods=methods,
        alternatives=alternatives,
        rankings=MappingProxyType(
            {m: MappingProxyType({a: int(rankings[m][a]) for a in alternatives}) for m in methods}
        ),
        correlations=MappingProxyType(matrices),
        conventions=CONVENTIONS,
    )


def agreement_rankings(
    problem: Problem,
    weights: FloatArray,
    methods: Mapping[str, tuple[str, Mapping[str, Any]]] = AGREEMENT_METHODS,
) -> dict[str, dict[str, int]]:
    """Ranks of ``problem`` under each compared method (by default TOPSIS, VIKOR, TOPSIS
    min-max: :data:`AGREEMENT_METHODS`)."""
    return {
        name: dict(get_method(method, options).rank(problem, weights).ranks)
        for name, (method, options) in methods.items()
    }
