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
The pairwise search :func:`~mcda_citydip.sensitivity.pairs.pair_crossings` (in chunks that
fit the memory budget) is shared with :mod:`.thresholds`. With many alternatives the ranks
along the grid are kept for the first of the baseline ranking only (``max_values``, with a
note); the intervals always use every alternative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
from msgspec import Struct

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import GOAL, FloatArray, Hierarchy, IntArray, Problem
from mcda_citydip.ranking.result import TIES, ranks_of
from mcda_citydip.sensitivity.chunks import RANK_BYTES, SCORE_BYTES, plan_chunks
from mcda_citydip.sensitivity.limits import MEMORY_BUDGET, OUTPUT_VALUES, SCAN_WORK
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
    sweep_weights,
)

Targets = Literal["indicators", "dimensions", "both"]
Kind = Literal["indicator", "dimension"]


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


#: How the notes name what a sweep or a threshold moves (``{kind} '{name}'``).
TARGET_LABELS = {
    "indicator": N_("indicator '{name}'"),
    "dimension": N_("dimension '{name}'"),
    "criterion": N_("criterion '{name}'"),
}


def target_label(kind: str, name: str) -> Message:
    """``indicator 'NET1'``: how a note names a target of ``kind`` (:data:`TARGET_LABELS`)."""
    return Message(TARGET_LABELS[kind], name=name)


def flat_note(label: Message, ends: Sequence[float]) -> list[str]:
    """The note for :func:`flat_ends`; ``label`` from :func:`target_label`."""
    if 1.0 in ends:
        return [
            Message(
                N_(
                    "{label} is equal for every alternative: its weight changes no ranking (at "
                    "weight 1 every alternative ties, which is not counted as a change)"
                ),
                label=label,
            )
        ]
    if 0.0 in ends:
        return [
            Message(
                N_(
                    "{label} alone tells the alternatives apart (the other criteria are equal "
                    "for every alternative): at weight 0 every alternative ties, which is not "
                    "counted as a change"
                ),
                label=label,
            )
        ]
    return []


class OatTarget(Struct, frozen=True):
    """One sweep: the ranks along the grid and the interval keeping the same top.

    ``grid`` holds the target's total weight (the current value included, at
    ``grid[current_index]``); ``ranks[a][k]`` is the rank of ``a`` at ``grid[k]`` (every
    alternative, unless the output cap kept the first of the baseline ranking only: see the
    result's notes).
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


class OatResult(Struct, frozen=True):
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
    """Leaf ids below ``node_id`` (:meth:`Hierarchy.leaves_under`)."""
    return hierarchy.leaves_under(node_id)


def oat(
    problem: Problem,
    weights: FloatArray,
    method: str,
    options: Mapping[str, Any] | None = None,
    grid_points: int = 101,
    targets: Targets = "both",
    *,
    budget: int = MEMORY_BUDGET,
    max_values: int = OUTPUT_VALUES,
) -> OatResult:
    """One-at-a-time sweeps of every indicator and/or every dimension (goal's children).

    Parameters
    ----------
    problem, weights : the decision problem and its current global weights (leaf order).
    method, options : a registered method (:data:`~mcda_citydip.ranking.METHODS`) and its
        options.
    grid_points : evenly spaced shares in [0, 1] for the ranks (the current share is added).
    targets : ``indicators``, ``dimensions`` or ``both``.
    budget : bytes of working arrays at once (:mod:`.limits`); the result does not depend on it.
    max_values : ranks kept along the grids over all targets; beyond it, the ranks of the
        first alternatives of the baseline ranking only (with a note).
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
    notes: list[str] = scan_note(len(problem.alternatives))
    swept: dict[str, dict[str, OatTarget]] = {"indicator": {}, "dimension": {}}
    order = np.argsort(-base, kind="stable")
    sweeps = sum(len(m) < len(problem.criteria) for g in groups.values() for m in g.values())
    kept = listed_alternatives(len(order), (grid_points + 1) * sweeps, max_values)
    listed = np.sort(order[:kept])
    if kept < len(order):
        notes.append(
            Message(
                N_(
                    "one-at-a-time sweeps: ranks along the grid are listed for the first "
                    "{kept:,} of {count:,} alternatives of the baseline ranking (cap: "
                    "{cap:,} numbers); the intervals and tops use every alternative"
                ),
                kept=kept,
                count=len(order),
                cap=max_values,
            )
        )
    for kind, members_of in groups.items():
        for target, members in members_of.items():
            if len(members) == len(problem.criteria):
                notes.append(
                    Message(
                        N_("{label} holds every indicator: nothing to trade off"),
                        label=target_label(kind, target),
                    )
                )
                continue
            swept[kind][target] = _sweep_target(
                problem, (current, score, base), (target, kind, members), grid_points,
                (listed, budget),
            )  # fmt: skip
    return OatResult(
        method=method,
        alternatives=problem.alternatives,
        weights=MappingProxyType(dict(zip(problem.criteria, current.tolist(), strict=True))),
        indicators=MappingProxyType(swept["indicator"]),
        dimensions=MappingProxyType(swept["dimension"]),
        conventions=MappingProxyType(_conventions(method, options, grid_points, kept, len(order))),
        notes=tuple(notes),
    )


def listed_alternatives(m: int, per_alternative: int, max_values: int) -> int:
    """How many alternatives (the first of the baseline ranking) keep their ``per_alternative``
    numbers within ``max_values``: all ``m`` when they fit, else as many as fit (at least 1)."""
    if m * per_alternative <= max_values:
        return m
    return min(m, max(1, max_values // max(per_alternative, 1)))


def _conventions(
    method: str, options: Mapping[str, Any] | None, grid_points: int, kept: int, m: int
) -> dict[str, Any]:
    points = scan_points(m)
    return {
        "method": method,
        "options": dict(options or {}),
        "sweep": "target share t in [0, 1]; target indicators keep their proportions; "
        "the other weights are rescaled in proportion to 1 − t",
        "grid_points": grid_points,
        "ties": TIES,
        "top_changes": "when the current top is no longer strictly ahead (tie or reversal)",
        "interval_tolerance": f"bisection to {XTOL} × current share, {points} scan points "
        f"per side ({SCAN_POINTS} up to {SCAN_WORK // SCAN_POINTS} alternatives)",
        "dimensions": f"children of '{GOAL}' with all indicators below them",
        "ranks_listed": f"the first {kept} alternatives of the baseline ranking (every one "
        "when the ranks of all fit the output cap)",
    }


def _sweep_target(
    problem: Problem,
    baseline: tuple[FloatArray, Scorer, FloatArray],
    target: tuple[str, Kind, tuple[str, ...]],
    grid_points: int,
    plan: tuple[IntArray, int],
) -> OatTarget:
    current, score, base = baseline
    listed, budget = plan
    name, kind, members = target
    names = problem.alternatives
    group = [problem.criteria.index(m) for m in members]
    share = float(current[group].sum())
    grid = np.linspace(0.0, 1.0, grid_points)
    grid = np.sort(np.append(grid[np.abs(grid - share) > 1e-12], share))
    ranks = np.empty((len(listed), len(grid)), dtype=np.int64)
    scored = score.sweep(current, group)
    for rows in plan_chunks(len(grid), (SCORE_BYTES + RANK_BYTES) * len(names), budget):
        ranks[:, rows] = ranks_of(scored(grid[rows]), listed, higher_is_better=True).T
    order = np.argsort(-base, kind="stable")
    top, rivals = int(order[0]), order[1:].astype(np.int64)
    leaders = np.full(len(rivals), top, dtype=np.int64)
    notes = degenerate_notes(target_label(kind, name), current, group)
    flat = flat_ends(problem.matrix, current, group)
    notes += flat_note(target_label(kind, name), flat)
    tied = ~ahead(base[leaders], base[rivals])
    below: str | None
    above: str | None
    if tied.any():
        first = names[int(rivals[tied][0])]
        notes.append(
            Message(
                N_("'{top}' ties with '{rival}' for the top: the interval is a point"),
                top=names[top],
                rival=first,
            )
        )
        interval, below, above = (share, share), first, first
    else:
        pairs = (leaders, rivals)
        lower, upper = pair_crossings(score, current, group, pairs, flat, budget, nearest=True)
        interval, below, above = _interval(lower, upper, rivals, names)
    along = {names[i]: tuple(row) for i, row in zip(listed.tolist(), ranks.tolist(), strict=True)}
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


def degenerate_notes(label: Message, weights: FloatArray, group: Sequence[int]) -> list[str]:
    """What :func:`sweep_weights` does when the group or the rest has weight 0; ``label``
    from :func:`target_label`."""
    inside = np.zeros(len(weights), dtype=bool)
    inside[list(group)] = True
    notes: list[str] = []
    if weights[inside].sum() == 0:
        notes.append(
            Message(
                N_("{label} has weight 0: its indicators share its new weight equally"),
                label=label,
            )
        )
    if weights[~inside].sum() == 0:
        notes.append(
            Message(
                N_("{label} has all the weight: the others share the rest equally"), label=label
            )
        )
    return notes
