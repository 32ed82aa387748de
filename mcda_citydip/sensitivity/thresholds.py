"""Critical weight thresholds (Triantaphyllou & Sánchez 1997), found numerically.

Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for some
deterministic multi-criteria decision-making methods. Decision Sciences 28(1):151–194.
They define the *threshold* ``δ'_{k,i,j}`` as the smallest change of criterion ``k``'s weight,
expressed as a percentage of that weight, that reverses alternatives ``A_i`` and ``A_j``; the
*most critical criterion* is the one with the smallest threshold for the top alternative.
For the weighted sum they solve it in closed form (SAW here: the tests check the numeric
thresholds against it); for TOPSIS and VIKOR there is none, so every crossing is found
numerically.

Convention (on the simplex, as in :mod:`.oat`): criterion ``k`` gets the new weight
``w_k' = w_k (1 + δ)`` with feasible ``δ ∈ [−1, (1 − w_k)/w_k]``, and the other weights are
rescaled in proportion, ``w_j' = w_j (1 − w_k')/(1 − w_k)``, so they stay non-negative and sum
to 1. The signed fraction ``δ`` is reported with its percentage ``100 δ``. Triantaphyllou &
Sánchez change ``w_k`` alone by an absolute ``Δ`` (the others unchanged, so the sum is
``1 + Δ``) and report ``100 Δ/w_k``; for methods invariant to a common scaling of the weights
(WSM, TOPSIS closeness, VIKOR Q) that is the same weight vector as here up to scale, with
``w_k' = (w_k + Δ)/(1 + Δ)``, i.e. ``Δ = (w_k' − w_k)/(1 − w_k')`` — so their percentage is
larger in size than ``100 δ``. A criterion of weight 0 has no relative change: its threshold
is the *absolute* new weight ``w_k'`` (``measure = "absolute"``) and it is left out of the
most-critical choice.

The order of ``A_i`` above ``A_j`` *changes* where ``A_i`` is no longer strictly ahead (a tie,
which already changes the ranks under the "min" rule, or a reversal). For each criterion
both sides of ``δ = 0`` are scanned (vectorised over the grid), the first change nearest 0 is
bisected to ``10⁻¹⁰`` relative, and the reported ``δ`` is an evaluated point where the order
has changed (see :func:`.oat.pair_crossings`). The smaller ``|δ|`` of the two sides is the
threshold (the decrease on an exact tie); ``None`` when no feasible weight changes the order.
Pairs tied at the current weights have threshold 0. An end of the range at which every
alternative ties (an indicator equal for every alternative, at weight 1) is not a change:
there is no ranking there, so such a criterion's threshold is none, with a note. A reversal
inside one scan step that reverts within that step (``1/1000`` of the side) can be missed.
Ties use the tolerance of :func:`~mcda_citydip.ranking.result.rank_values` (``10⁻¹²``,
relative): where a gap closes only quadratically (a tangency, e.g. at the end of the feasible
range) the pair is declared tied once the gap drops below it, which can move that threshold
by about ``10⁻⁶``.

Size: ``m`` alternatives make ``m(m − 1)/2`` pairs. The scans and bisections run in chunks
within the memory budget (:mod:`.pairs`); the pairs *listed* are all of them while their
``2n`` numbers each fit the output cap (:data:`~.limits.OUTPUT_VALUES`), else the pairs among
the first ``K`` alternatives of the baseline ranking (:func:`listed_pairs`), said in a note
and in the conventions. The top's thresholds always use its pairs with every alternative.

Worked example (two alternatives, two benefit criteria): ``A = (1, 0)``, ``B = (0, 1)``,
``w = (0.6, 0.4)``. TOPSIS (either normalisation: the columns already have unit norm and
range) gives ``C_A = w_1/(w_1 + w_2) = w_1`` and ``C_B = w_2``; VIKOR gives ``S_A = R_A = w_2``,
``S_B = R_B = w_1``, so ``Q_A < Q_B`` iff ``w_1 > w_2``. Both tie at ``w_1 = w_2 = 1/2``: the top
``A`` changes at ``δ_1 = (0.5 − 0.6)/0.6 = −1/6`` and ``δ_2 = (0.5 − 0.4)/0.4 = +1/4``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
from msgspec import Struct

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import BoolArray, FloatArray, IntArray, Problem
from mcda_citydip.ranking.result import TIES
from mcda_citydip.sensitivity.limits import MEMORY_BUDGET, OUTPUT_VALUES, SCAN_WORK
from mcda_citydip.sensitivity.oat import degenerate_notes, flat_ends, flat_note, target_label
from mcda_citydip.sensitivity.pair_listing import cap_note, listed_pairs, pairs_note
from mcda_citydip.sensitivity.pairs import (
    SCAN_POINTS,
    XTOL,
    Scorer,
    ahead,
    check_weights,
    make_scorer,
    pair_crossings,
    scan_note,
    scan_points,
)

Measure = Literal["fraction", "absolute"]


class CriterionThreshold(Struct, frozen=True):
    """The smallest change of one criterion's weight that changes the top alternative.

    ``top`` is the signed fraction ``δ`` (``measure = "fraction"``) or, for a criterion of
    weight 0, the absolute new weight (``measure = "absolute"``); None when no feasible
    weight changes the top. ``top_weight`` is the criterion's weight there and ``new_top``
    the alternative that ties with or overtakes the top there.
    """

    criterion: str
    weight: float
    measure: Measure
    top: float | None
    top_weight: float | None
    new_top: str | None

    @property
    def percent(self) -> float | None:
        """``100 δ`` (thresholds as percentages); None for the absolute measure or none."""
        if self.top is None or self.measure == "absolute":
            return None
        return 100.0 * self.top

    def to_data(self) -> dict[str, Any]:
        return {
            "top": self.top,
            "top_percent": self.percent,
            "measure": self.measure,
            "weight": self.weight,
            "top_weight": self.top_weight,
            "new_top": self.new_top,
        }


class PairThreshold(Struct, frozen=True):
    """Per criterion, the smallest change that stops ``above`` being ahead of ``below``.

    ``thresholds`` holds the signed change ``δ`` (absolute for a criterion of weight 0) and
    ``weights`` the criterion's new weight there; None when no feasible weight changes the
    order. ``tied`` pairs (equal at the current weights; ``above`` is the earlier in input
    order) have threshold 0 for every criterion.
    """

    above: str
    below: str
    tied: bool
    thresholds: Mapping[str, float | None]
    weights: Mapping[str, float | None]

    def to_data(self) -> dict[str, Any]:
        return {
            "above": self.above,
            "below": self.below,
            "tied": self.tied,
            "thresholds": dict(self.thresholds),
            "weights": dict(self.weights),
        }


class Thresholds(Struct, frozen=True):
    """Critical thresholds of one method: per criterion for the top, and per pair.

    ``most_critical`` is the criterion with the smallest ``|δ|`` for the top (T&S's
    "percent-top" critical criterion; ties → the first in criteria order), and
    ``most_critical_any`` the one with the smallest ``|δ|`` over every pair ("percent-any").
    Both are None when no weighted criterion can change the order.
    """

    method: str
    alternatives: tuple[str, ...]
    top: str
    top_tied: bool
    criteria: Mapping[str, CriterionThreshold]
    pairs: tuple[PairThreshold, ...]
    most_critical: str | None
    most_critical_any: str | None
    conventions: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "top": self.top,
            "top_tied": self.top_tied,
            "thresholds": {c: t.to_data() for c, t in self.criteria.items()},
            "most_critical": self.most_critical,
            "most_critical_any": self.most_critical_any,
            "pairs": [p.to_data() for p in self.pairs],
            "conventions": dict(self.conventions),
            "notes": list(self.notes),
        }


def critical_thresholds(
    problem: Problem,
    weights: FloatArray,
    method: str,
    options: Mapping[str, Any] | None = None,
    *,
    budget: int = MEMORY_BUDGET,
    max_values: int = OUTPUT_VALUES,
    listed: int | None = None,
) -> Thresholds:
    """Critical thresholds of every criterion for the top and for every pair.

    Parameters
    ----------
    problem : the decision problem.
    weights : (n,) current global weights in ``problem.criteria`` order, summing to 1.
    method, options : a registered method (:data:`~mcda_citydip.ranking.METHODS`) and its
        options.
    budget : bytes of working arrays at once (:mod:`.limits`); the result does not depend on it.
    max_values : numbers kept for the listed pairs (two per pair and criterion). When every
        pair does not fit, the pairs among the first ``K`` alternatives of the baseline ranking
        are listed (:func:`listed_pairs`, with a note); the top's thresholds still use its
        pairs with every alternative.
    """
    current = check_weights(weights)
    score = make_scorer(problem, method, options)
    base = score(current[None, :])[0]
    order = np.argsort(-base, kind="stable")
    fits = listed_pairs(len(order), len(current), max_values)
    kept = fits if listed is None else min(fits, max(2, listed))
    first, second = np.triu_indices(kept, k=1)
    beyond = order[max(kept, 1) :]  # the top's pairs with the alternatives not listed
    leaders = np.concatenate([order[first], np.full(len(beyond), order[0])]).astype(np.int64)
    rivals = np.concatenate([order[second], beyond]).astype(np.int64)
    ordered = ahead(base[leaders], base[rivals])
    notes: list[str] = scan_note(len(order))
    if not ordered.all():
        notes.append(
            Message(N_("some alternatives tie at the current weights: their threshold is 0"))
        )
    if len(current) == 1:
        notes.append(
            Message(N_("a single criterion: no weight can change, every threshold is none"))
        )
    if kept < len(order):
        cut = (
            cap_note(len(order), kept, max_values) if kept == fits else pairs_note(len(order), kept)
        )
        notes.append(cut)
    shares: dict[str, FloatArray] = {}
    for k, criterion in enumerate(problem.criteria):
        share = np.where(ordered, np.nan, current[k])
        if len(current) > 1:
            flat = flat_ends(problem.matrix, current, [k])
            pairs_k = (leaders, rivals, ordered)
            crossings = _crossings(score, (current, k), pairs_k, len(first), (flat, budget))
            share[ordered] = _nearest(*crossings, float(current[k]))
            notes += degenerate_notes(target_label("criterion", criterion), current, [k])
            notes += flat_note(target_label("criterion", criterion), flat)
        shares[criterion] = share
    deltas = {c: _change(t, float(current[k])) for k, (c, t) in enumerate(shares.items())}
    pairs = _listed(problem.alternatives, (leaders, rivals, ordered), deltas, shares, len(first))
    found = (leaders, rivals, ordered, deltas, shares)
    cap = "output cap" if kept == fits else "pairs"
    return _assemble(problem, (method, options, kept, cap), current, found, pairs, notes)


def _crossings(
    score: Scorer,
    criterion: tuple[FloatArray, int],
    pairs: tuple[IntArray, IntArray, BoolArray],
    listed: int,
    plan: tuple[Sequence[float], int],
) -> tuple[FloatArray, FloatArray]:
    """The crossings (lower, upper) of the ordered pairs on criterion ``k``'s sweep: every
    one of the first ``listed`` pairs, and of the top's pairs beyond them only the nearest
    on each side, which is all the top's threshold needs (:func:`pair_crossings`,
    ``nearest``). ``plan``: the sweep's flat ends and the memory budget."""
    current, k = criterion
    leaders, rivals, ordered = pairs
    flat, budget = plan
    at = np.flatnonzero(ordered)
    chosen = (leaders[at], rivals[at])
    beyond = at >= listed
    return pair_crossings(score, current, [k], chosen, flat, budget, nearest=beyond)


def _listed(
    names: tuple[str, ...],
    pairs: tuple[IntArray, IntArray, BoolArray],
    deltas: dict[str, FloatArray],
    shares: dict[str, FloatArray],
    count: int,
) -> tuple[PairThreshold, ...]:
    """The first ``count`` pairs as results (NaN → None)."""
    leaders, rivals, ordered = (a[:count].tolist() for a in pairs)
    changes = {c: _floats(d[:count]) for c, d in deltas.items()}
    weights = {c: _floats(t[:count]) for c, t in shares.items()}
    return tuple(
        PairThreshold(
            names[leaders[p]],
            names[rivals[p]],
            not ordered[p],
            MappingProxyType({c: d[p] for c, d in changes.items()}),
            MappingProxyType({c: t[p] for c, t in weights.items()}),
        )
        for p in range(count)
    )


def _floats(values: FloatArray) -> list[float | None]:
    """JSON-ready floats: NaN (no threshold) as ``None``."""
    return [None if v != v else v for v in values.tolist()]  # v != v: NaN


def _nearest(lower: FloatArray, upper: FloatArray, weight: float) -> FloatArray:
    """The crossing share nearer to ``weight`` (NaN when none); the decrease on a tie."""
    take_up = np.isnan(lower) | (np.abs(upper - weight) < np.abs(lower - weight))
    nearest: FloatArray = np.where(take_up, upper, lower)
    return nearest


def _change(share: FloatArray, weight: float) -> FloatArray:
    """``δ = (w' − w)/w``, or the absolute change ``w' − w`` when ``w = 0``."""
    change: FloatArray = (share - weight) / (weight if weight > 0 else 1.0)
    return change


def _float(value: float) -> float | None:
    return _floats(np.array([value]))[0]


def _assemble(
    problem: Problem,
    run: tuple[str, Mapping[str, Any] | None, int, str],
    current: FloatArray,
    found: tuple[IntArray, IntArray, BoolArray, dict[str, FloatArray], dict[str, FloatArray]],
    pairs: tuple[PairThreshold, ...],
    notes: list[str],
) -> Thresholds:
    method, options, kept, cap = run
    leaders, rivals, ordered, deltas, shares = found
    top = int(leaders[0]) if len(leaders) else 0
    names = problem.alternatives
    at_top = np.flatnonzero(leaders == top)
    criteria: dict[str, CriterionThreshold] = {}
    for k, criterion in enumerate(problem.criteria):
        delta = deltas[criterion][at_top]
        best = None
        if np.any(~np.isnan(delta)):
            best = int(at_top[np.nanargmin(np.abs(delta))])
        criteria[criterion] = CriterionThreshold(
            criterion,
            float(current[k]),
            "fraction" if current[k] > 0 else "absolute",
            None if best is None else _float(deltas[criterion][best]),
            None if best is None else _float(shares[criterion][best]),
            None if best is None else names[int(rivals[best])],
        )
    return Thresholds(
        method=method,
        alternatives=names,
        top=names[top],
        top_tied=bool(len(leaders)) and not bool(ordered[0]),
        criteria=MappingProxyType(criteria),
        pairs=pairs,
        most_critical=_most_critical({c: t.top for c, t in criteria.items()}, current),
        most_critical_any=_most_critical(_smallest_over_pairs(deltas), current),
        conventions=MappingProxyType(_conventions(method, options, len(names), kept, cap)),
        notes=tuple(dict.fromkeys(notes)),
    )


def _smallest_over_pairs(deltas: Mapping[str, FloatArray]) -> dict[str, float | None]:
    smallest: dict[str, float | None] = {}
    for criterion, delta in deltas.items():
        found = delta[~np.isnan(delta)]
        smallest[criterion] = float(np.abs(found).min()) if len(found) else None
    return smallest


def _most_critical(values: Mapping[str, float | None], current: FloatArray) -> str | None:
    """The weighted criterion with the smallest ``|δ|`` (ties → first)."""
    best: tuple[float, str] | None = None
    for k, (criterion, value) in enumerate(values.items()):
        if value is None or current[k] == 0:
            continue
        if best is None or abs(value) < best[0]:
            best = (abs(value), criterion)
    return None if best is None else best[1]


def _conventions(
    method: str, options: Mapping[str, Any] | None, m: int, kept: int, cap: str
) -> dict[str, Any]:
    return {
        "method": method,
        "options": dict(options or {}),
        "reference": "Triantaphyllou & Sánchez (1997), Decision Sciences 28(1):151–194",
        "threshold": "signed fraction δ of the criterion's weight, w' = w(1 + δ), the other "
        "weights rescaled in proportion; δ ∈ [−1, (1 − w)/w]; percent = 100 δ",
        "zero_weight": "absolute new weight (measure 'absolute'); not a most-critical candidate",
        "order_changes": "when the higher alternative is no longer strictly ahead (tie or "
        f"reversal; ties rule '{TIES}')",
        "none": "no weight in [0, 1] changes the order",
        "numerics": f"{scan_points(m)} scan points per side ({SCAN_POINTS} up to "
        f"{SCAN_WORK // SCAN_POINTS} alternatives), bisection to {XTOL} × weight",
        "most_critical": "smallest |δ| for the top (ties → first criterion)",
        "most_critical_any": "smallest |δ| over every pair (ties → first criterion)",
        "pairs": "every pair, in baseline order"
        if kept == m
        else f"the pairs among the first {kept} of {m} alternatives of the baseline ranking "
        f"({cap}); the top's thresholds use its pairs with every alternative",
    }
