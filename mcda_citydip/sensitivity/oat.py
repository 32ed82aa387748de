"""One-at-a-time (OAT) weight sweeps on the simplex, hierarchy-aware.

A *target* is one indicator or one dimension (a child of the goal together with every
indicator below it), given as the group ``G`` of its leaf positions. Its total weight ``t``
goes over ``[0, 1]``; inside the target the indicators keep their proportions and every
other weight is rescaled in proportion, so the weights stay on the simplex:

.. math::

    w_j(t) = t \\, w_j / s \\quad (j ∈ G), \\qquad
    w_j(t) = (1 − t) \\, w_j / (1 − s) \\quad (j ∉ G), \\qquad s = Σ_{j∈G} w_j .

Hence ``w(s) = w``, every ``w_j(t) ≥ 0`` and ``Σ_j w_j(t) = 1`` for every ``t`` in [0, 1] —
unlike additive one-at-a-time perturbations (as in pyrepo-mcda), which can push weights below
zero. Degenerate cases: when the target's current weight ``s`` is 0 its indicators share
``t`` equally; when the rest has weight 0 the other indicators share ``1 − t`` equally.

Along a sweep the ranks of every alternative are recorded, and the interval of ``t`` around
``s`` over which the top alternative stays the same is found by scanning each side and
bisecting the first change to ``XTOL`` (so it does not depend on the display grid).
The pairwise search :func:`pair_crossings` is shared with :mod:`.thresholds`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from mcda_citydip.model import GOAL, FloatArray, Hierarchy, Problem
from mcda_citydip.ranking.result import TIE_TOLERANCE, TIES, rank_values
from mcda_citydip.sensitivity.evaluate import preference_batch

IntArray = npt.NDArray[np.int64]
Scorer = Callable[[FloatArray], FloatArray]
Targets = Literal["indicators", "dimensions", "both"]
Kind = Literal["indicator", "dimension"]

XTOL = 1e-10  # bisection tolerance, relative to the current share (absolute when it is 0)
SCAN_POINTS = 1000  # scan points on each side of the current share before bisection
MAX_BISECTIONS = 200


def sweep_weights(weights: FloatArray, group: Sequence[int], grid: FloatArray) -> FloatArray:
    """Weight vectors (one row per grid value) giving the ``group`` a total share ``t``.

    Parameters
    ----------
    weights : (n,) array
        Current weights, non-negative, summing to 1 (round-off is renormalised).
    group : sequence of int
        Positions of the indicators that move together (one indicator or a dimension).
    grid : (k,) array
        Total weights ``t`` of the group, each in [0, 1].

    Returns
    -------
    (k, n) array
        ``w_j(t) = t·w_j/s`` inside the group, ``(1 − t)·w_j/(1 − s)`` outside; a zero
        share (inside or outside) is split equally.
    """
    current = check_weights(weights)
    inside = np.zeros(len(current), dtype=bool)
    inside[list(group)] = True
    if not inside.any() or inside.all():
        raise ValueError("the group must hold some, but not all, of the indicators")
    t = np.asarray(grid, dtype=float)
    if np.any((t < 0) | (t > 1)):
        raise ValueError("grid values are total weights and must lie in [0, 1]")
    result: FloatArray = np.where(
        inside,
        t[:, None] * _proportions(current, inside),
        (1.0 - t)[:, None] * _proportions(current, ~inside),
    )
    return result


def check_weights(weights: FloatArray) -> FloatArray:
    """``weights`` as floats after checking they are finite, non-negative and sum to 1."""
    current = np.asarray(weights, dtype=float)
    if current.ndim != 1 or np.any(current < 0) or not np.all(np.isfinite(current)):
        raise ValueError("weights must be a vector of finite non-negative numbers")
    total = current.sum()
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"weights must sum to 1 (they sum to {total})")
    normalised: FloatArray = current / total
    return normalised


def _proportions(weights: FloatArray, mask: npt.NDArray[np.bool_]) -> FloatArray:
    """Each masked weight over the masked total (equal shares when that total is 0)."""
    total = weights[mask].sum()
    share = weights / total if total > 0 else np.full_like(weights, 1.0 / mask.sum())
    proportions: FloatArray = np.where(mask, share, 0.0)
    return proportions


def make_scorer(problem: Problem, method: str, options: Mapping[str, Any] | None) -> Scorer:
    """Scores (k × m, higher is better) of ``problem`` for rows of weights."""

    def score(weight_rows: FloatArray) -> FloatArray:
        return preference_batch(problem.matrix, weight_rows, problem.benefit, method, options)

    return score


def ahead(lead: FloatArray, rival: FloatArray) -> npt.NDArray[np.bool_]:
    """True where ``lead`` is strictly ahead of ``rival`` under the tie rule's tolerance."""
    result: npt.NDArray[np.bool_] = lead - rival > TIE_TOLERANCE * np.maximum(1.0, np.abs(rival))
    return result


def flat_ends(matrix: FloatArray, weights: FloatArray, group: Sequence[int]) -> tuple[float, ...]:
    """The ends of the group's share (0, 1) at which every criterion still weighted has the
    same value for every alternative (e.g. an indicator that is 0 for every city, at weight
    1): every alternative ties there and no ranking exists, so such an end is not a change
    of order. Decided on the data, not on the scores: criteria that differ but happen to
    cancel out do make a tie that counts."""
    ends = np.array([0.0, 1.0])
    weighted = sweep_weights(weights, group, ends) > 0
    constant = np.all(matrix == matrix[:1], axis=0)
    flat = np.all(constant[None, :] | ~weighted, axis=1)
    return tuple(float(e) for e in ends[flat])


def flat_note(label: str, ends: Sequence[float]) -> list[str]:
    """The note for :func:`flat_ends`."""
    if 1.0 in ends:
        return [
            f"{label} is equal for every alternative: its weight changes no ranking (at "
            "weight 1 every alternative ties, which is not counted as a change)"
        ]
    if 0.0 in ends:
        return [
            f"{label} alone tells the alternatives apart (the other criteria are equal for "
            "every alternative): at weight 0 every alternative ties, which is not counted as a "
            "change"
        ]
    return []


def pair_crossings(
    score: Scorer,
    weights: FloatArray,
    group: Sequence[int],
    pairs: tuple[IntArray, IntArray],
    flat: Sequence[float] = (),
) -> tuple[FloatArray, FloatArray]:
    """Nearest shares below and above the current one at which pairs stop being ordered.

    For each pair ``p`` (``leaders[p]`` strictly ahead of ``rivals[p]`` at the current share
    ``s``) the group's share is moved down to 0 and up to 1 separately. Each side is scanned
    on ``SCAN_POINTS`` evenly spaced shares (one vectorised evaluation), the first share where
    the leader is no longer strictly ahead (tie or reversal) is bracketed with its neighbour
    and the bracket is bisected to ``XTOL·s``. The returned share is always an evaluated
    point where the order *has* changed; NaN when it never does on that side. An end where
    every alternative ties (``flat``, from :func:`flat_ends`) is not a change.
    """
    leaders, rivals = pairs
    share = float(np.sum(np.asarray(weights)[list(group)]))
    tolerance = XTOL * share if share > 0 else XTOL
    sides = []
    for end in (0.0, 1.0):
        if end == share or len(leaders) == 0:
            sides.append(np.full(len(leaders), np.nan))
            continue
        steps = share + (end - share) * np.linspace(0.0, 1.0, SCAN_POINTS + 1)[1:]
        steps[-1] = end  # exactly 0 or 1, whatever the round-off
        scores = score(sweep_weights(weights, group, steps))
        changed = ~ahead(scores[:, leaders], scores[:, rivals])
        changed[-1] &= end not in flat
        found = changed.any(axis=0)
        first = changed.argmax(axis=0)
        before = np.where(first > 0, steps[np.maximum(first - 1, 0)], share)
        side = np.full(len(leaders), np.nan)
        pairs = (leaders[found], rivals[found])
        side[found] = _bisect(
            score, weights, group, pairs, (before[found], steps[first[found]]), tolerance
        )
        sides.append(side)
    return sides[0], sides[1]


def _bisect(
    score: Scorer,
    weights: FloatArray,
    group: Sequence[int],
    pairs: tuple[IntArray, IntArray],
    brackets: tuple[FloatArray, FloatArray],
    tolerance: float,
) -> FloatArray:
    """Shrink every bracket (ordered end, changed end) at once; return the changed ends."""
    leaders, rivals = pairs
    ahead_at, changed_at = brackets
    rows = np.arange(len(leaders))
    for _ in range(MAX_BISECTIONS):
        still_open = np.abs(changed_at - ahead_at) > tolerance
        if not still_open.any():
            break
        middle = 0.5 * (ahead_at + changed_at)
        scores = score(sweep_weights(weights, group, middle))
        ordered = ahead(scores[rows, leaders], scores[rows, rivals])
        ahead_at = np.where(still_open & ordered, middle, ahead_at)
        changed_at = np.where(still_open & ~ordered, middle, changed_at)
    return changed_at


@dataclass(frozen=True)
class OatTarget:
    """One sweep: the ranks along the grid and the interval keeping the same top.

    ``grid`` holds the target's total weight (the current value included, at
    ``grid[current_index]``); ``ranks[a][k]`` is the rank of ``a`` at ``grid[k]``.
    The top alternative ``top`` stays first for every share strictly between
    ``interval[0]`` and ``interval[1]``. ``below`` (``above``) names the alternative that
    ties with or overtakes it at the lower (upper) end, or is None when the top is kept
    all the way to 0 (to 1), that end included.
    """

    target: str
    kind: Kind
    members: tuple[str, ...]
    current: float
    current_index: int
    grid: tuple[float, ...]
    ranks: Mapping[str, tuple[int, ...]]
    top: str
    interval: tuple[float, float]
    below: str | None
    above: str | None
    notes: tuple[str, ...] = ()

    def ranks_array(self, alternatives: Sequence[str]) -> IntArray:
        """Ranks as an (alternatives × grid) array in the order asked for."""
        return np.array([self.ranks[a] for a in alternatives], dtype=np.int64)

    def to_data(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "kind": self.kind,
            "members": list(self.members),
            "current": self.current,
            "grid": list(self.grid),
            "ranks": {a: list(r) for a, r in self.ranks.items()},
            "top": self.top,
            "interval": list(self.interval),
            "below": self.below,
            "above": self.above,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class OatResult:
    """One-at-a-time sweeps of one method, per indicator and per dimension."""

    method: str
    alternatives: tuple[str, ...]
    weights: Mapping[str, float]
    indicators: Mapping[str, OatTarget]
    dimensions: Mapping[str, OatTarget]
    conventions: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    def to_data(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "alternatives": list(self.alternatives),
            "weights": dict(self.weights),
            "indicators": {k: t.to_data() for k, t in self.indicators.items()},
            "dimensions": {k: t.to_data() for k, t in self.dimensions.items()},
            "conventions": dict(self.conventions),
            "notes": list(self.notes),
        }


def leaves_under(hierarchy: Hierarchy, node_id: str) -> tuple[str, ...]:
    """Leaf ids below ``node_id`` (itself when it is a leaf), in ``hierarchy.leaves`` order."""
    found: set[str] = set()
    stack = [node_id]
    while stack:
        node = hierarchy.nodes[stack.pop()]
        if node.is_leaf:
            found.add(node.id)
        stack.extend(node.children)
    return tuple(leaf for leaf in hierarchy.leaves if leaf in found)


def oat(
    problem: Problem,
    weights: FloatArray,
    method: str,
    options: Mapping[str, Any] | None = None,
    grid_points: int = 101,
    targets: Targets = "both",
) -> OatResult:
    """One-at-a-time sweeps of every indicator and/or every dimension (goal's children).

    Parameters
    ----------
    problem, weights : the decision problem and its current global weights (leaf order).
    method, options : ``topsis`` | ``vikor`` and their options, as for ``preference_batch``.
    grid_points : evenly spaced shares in [0, 1] for the ranks (the current share is added).
    targets : ``indicators``, ``dimensions`` or ``both``.
    """
    current = check_weights(weights)
    score = make_scorer(problem, method, options)
    base = score(current[None, :])[0]
    groups: dict[Kind, dict[str, tuple[str, ...]]] = {"indicator": {}, "dimension": {}}
    if targets in ("indicators", "both"):
        groups["indicator"] = {leaf: (leaf,) for leaf in problem.criteria}
    if targets in ("dimensions", "both"):
        children = problem.hierarchy.goal.children
        groups["dimension"] = {c: leaves_under(problem.hierarchy, c) for c in children}
    notes: list[str] = []
    swept: dict[str, dict[str, OatTarget]] = {"indicator": {}, "dimension": {}}
    for kind, members_of in groups.items():
        for target, members in members_of.items():
            if len(members) == len(problem.criteria):
                notes.append(f"{kind} '{target}' holds every indicator: nothing to trade off")
                continue
            swept[kind][target] = _sweep_target(
                problem, current, score, base, (target, kind, members), grid_points
            )
    return OatResult(
        method=method,
        alternatives=problem.alternatives,
        weights=MappingProxyType(dict(zip(problem.criteria, current.tolist(), strict=True))),
        indicators=MappingProxyType(swept["indicator"]),
        dimensions=MappingProxyType(swept["dimension"]),
        conventions=MappingProxyType(_conventions(method, options, grid_points)),
        notes=tuple(notes),
    )


def _conventions(
    method: str, options: Mapping[str, Any] | None, grid_points: int
) -> dict[str, Any]:
    return {
        "method": method,
        "options": dict(options or {}),
        "sweep": "target share t in [0, 1]; target indicators keep their proportions; "
        "the other weights are rescaled in proportion to 1 − t",
        "grid_points": grid_points,
        "ties": TIES,
        "top_changes": "when the current top is no longer strictly ahead (tie or reversal)",
        "interval_tolerance": f"bisection to {XTOL} × current share, {SCAN_POINTS} scan points "
        "per side",
        "dimensions": f"children of '{GOAL}' with all indicators below them",
    }


def _sweep_target(
    problem: Problem,
    current: FloatArray,
    score: Scorer,
    base: FloatArray,
    target: tuple[str, Kind, tuple[str, ...]],
    grid_points: int,
) -> OatTarget:
    name, kind, members = target
    names = problem.alternatives
    group = [problem.criteria.index(m) for m in members]
    share = float(current[group].sum())
    grid = np.linspace(0.0, 1.0, grid_points)
    grid = np.sort(np.append(grid[np.abs(grid - share) > 1e-12], share))
    scores = score(sweep_weights(current, group, grid))
    ranks = np.array([rank_values(row, higher_is_better=True) for row in scores]).T
    order = np.argsort(-base, kind="stable")
    top, rivals = int(order[0]), order[1:].astype(np.int64)
    leaders = np.full(len(rivals), top, dtype=np.int64)
    notes = degenerate_notes(f"{kind} '{name}'", current, group)
    flat = flat_ends(problem.matrix, current, group)
    notes += flat_note(f"{kind} '{name}'", flat)
    tied = ~ahead(base[leaders], base[rivals])
    below: str | None
    above: str | None
    if tied.any():
        first = names[int(rivals[tied][0])]
        notes.append(f"'{names[top]}' ties with '{first}' for the top: the interval is a point")
        interval, below, above = (share, share), first, first
    else:
        lower, upper = pair_crossings(score, current, group, (leaders, rivals), flat)
        interval, below, above = _interval(lower, upper, rivals, names)
    along = {a: tuple(int(r) for r in ranks[i]) for i, a in enumerate(names)}
    return OatTarget(
        name,
        kind,
        members,
        share,
        int(np.searchsorted(grid, share)),
        tuple(grid.tolist()),
        MappingProxyType(along),
        names[top],
        interval,
        below,
        above,
        tuple(notes),
    )


def _interval(
    lower: FloatArray, upper: FloatArray, rivals: IntArray, names: tuple[str, ...]
) -> tuple[tuple[float, float], str | None, str | None]:
    """Nearest change on each side over all rivals of the top (NaN = never)."""
    lo, below = 0.0, None
    if np.any(~np.isnan(lower)):
        k = int(np.nanargmax(lower))
        lo, below = float(lower[k]), names[int(rivals[k])]
    hi, above = 1.0, None
    if np.any(~np.isnan(upper)):
        k = int(np.nanargmin(upper))
        hi, above = float(upper[k]), names[int(rivals[k])]
    return (lo, hi), below, above


def degenerate_notes(label: str, weights: FloatArray, group: Sequence[int]) -> list[str]:
    """What :func:`sweep_weights` does when the group or the rest has weight 0."""
    inside = np.zeros(len(weights), dtype=bool)
    inside[list(group)] = True
    notes = []
    if weights[inside].sum() == 0:
        notes.append(f"{label} has weight 0: its indicators share its new weight equally")
    if weights[~inside].sum() == 0:
        notes.append(f"{label} has all the weight: the others share the rest equally")
    return notes
