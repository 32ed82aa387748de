"""Tests for ``mcda_citydip.sensitivity.pairs`` and the methods' sweep kernels: pair
crossings in chunks within the memory budget, the same as in one piece.

Before the budget, the scan of every pair held ``scan points × pairs`` floats at once (14.9
GiB at 2,000 alternatives) and each bisection step scored all ``m`` alternatives for every
pair (``pairs × m``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from cases import METHOD_OPTIONS, flat_problem, weighted_problems
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.model import Problem
from mcda_citydip.ranking.base import BatchSweep
from mcda_citydip.ranking.methods import get_method
from mcda_citydip.ranking.vikor import VikorSweep
from mcda_citydip.sensitivity import pairs as pairs_module
from mcda_citydip.sensitivity.chunks import SCAN_PAIR_BYTES, SCORE_BYTES
from mcda_citydip.sensitivity.evaluate import vikor_batch
from mcda_citydip.sensitivity.oat import oat
from mcda_citydip.sensitivity.pairs import (
    SCAN_POINTS,
    make_scorer,
    pair_crossings,
    sweep_parts,
    sweep_weights,
)
from mcda_citydip.sensitivity.thresholds import critical_thresholds


def random_problem(m: int, n: int, seed: int) -> tuple[Problem, np.ndarray]:
    rng = np.random.default_rng(seed)
    directions = ["benefit" if b else "cost" for b in rng.random(n) < 0.5]
    problem = flat_problem(rng.uniform(1, 100, (m, n)), directions)
    return problem, rng.dirichlet(np.ones(n))


@settings(deadline=None, max_examples=80)
@given(weighted_problems(6), st.sampled_from(METHOD_OPTIONS), st.booleans(), st.data())
def test_pair_scores_are_the_columns_of_the_sweeps_rows(
    case: tuple[Problem, np.ndarray],
    method: tuple[str, dict[str, Any]],
    by_batch: bool,
    data: st.DataObject,
) -> None:
    """``pairs_at`` scores two alternatives per share (TOPSIS and SAW: their own parts;
    VIKOR: the pair and the candidates for the lowest and highest S and R): bit for bit the
    columns of the sweep's whole rows, which the scan sees, so that the bisection and the
    scan never disagree; the default sweep (``batch`` on the weights) too."""
    problem, weights = case
    name, options = method
    m, n = problem.matrix.shape
    group = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n - 1, unique=True))
    count = data.draw(st.integers(1, 8))
    shares = np.array(
        data.draw(st.lists(st.sampled_from([0.0, 1.0]) | st.floats(0, 1), min_size=count,
                           max_size=count))
    )  # fmt: skip
    leaders = np.array(data.draw(st.lists(st.integers(0, m - 1), min_size=count, max_size=count)))
    rivals = (leaders + data.draw(st.integers(1, max(1, m - 1)))) % m
    scorer = make_scorer(problem, name, options)
    sweep = scorer.sweep(weights, group)
    if by_batch:
        sweep = BatchSweep(scorer.method, problem.matrix, problem.benefit,
                           *sweep_parts(weights, group))  # fmt: skip
    rows = sweep(shares)
    lead, rival = sweep.pairs_at(shares, leaders, rivals)
    index = np.arange(count)
    np.testing.assert_array_equal(lead, rows[index, leaders])
    np.testing.assert_array_equal(rival, rows[index, rivals])


@settings(deadline=None, max_examples=60)
@given(weighted_problems(8), st.data())
def test_vikor_candidates_hold_the_extremes_of_s_and_r(
    case: tuple[Problem, np.ndarray], data: st.DataObject
) -> None:
    """The fronts of VIKOR's sweep hold the lowest and highest S and R of every share."""
    problem, weights = case
    n = problem.matrix.shape[1]
    group = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n - 1, unique=True))
    shares = np.linspace(0, 1, 41)
    s, r, _ = vikor_batch(problem.matrix, sweep_weights(weights, group, shares), problem.benefit)
    sweep = get_method("vikor").sweep(problem.matrix, problem.benefit, sweep_parts(weights, group))
    assert isinstance(sweep, VikorSweep)
    for values, candidates in ((s, sweep.by_sum), (r, sweep.by_max)):
        np.testing.assert_allclose(
            values[:, candidates].min(axis=1), values.min(axis=1), atol=1e-15
        )
        np.testing.assert_allclose(
            values[:, candidates].max(axis=1), values.max(axis=1), atol=1e-15
        )
    t = shares[:, None]  # and, exactly, those of the sweep's own S and R
    own_s = t * sweep.sum_in + (1 - t) * sweep.sum_out
    own_r = np.maximum(t * sweep.max_in, (1 - t) * sweep.max_out)
    for values, candidates in ((own_s, sweep.by_sum), (own_r, sweep.by_max)):
        assert np.array_equal(values[:, candidates].min(axis=1), values.min(axis=1))
        assert np.array_equal(values[:, candidates].max(axis=1), values.max(axis=1))


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
def test_pair_crossings_in_chunks_respect_the_budget_and_change_nothing(
    method: str, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """300 alternatives, all 44,850 pairs: with a 2 MiB budget the scan holds at most 2 MiB of
    scores and pair comparisons at once and the bisection scores pairs in chunks of at most
    2 MiB of work; the crossings are those of one piece (an unbounded budget)."""
    problem, weights = random_problem(300, 3, seed=11)
    scorer = make_scorer(problem, method, options)
    base = scorer(weights[None, :])[0]
    order = np.argsort(-base, kind="stable")
    first, second = np.triu_indices(len(order), k=1)
    pairs = (order[first].astype(np.int64), order[second].astype(np.int64))
    budget = 2 * 2**20
    scans: list[tuple[int, int]] = []
    bisections: list[tuple[int, int]] = []
    not_ahead = pairs_module._not_ahead

    def spy_scan(lead: np.ndarray, rival: np.ndarray, within_one: bool) -> np.ndarray:
        scans.append(lead.shape)
        return not_ahead(lead, rival, within_one)

    sweep = pairs_module.Scorer.sweep

    class Spied:
        """A sweep whose pair scores say how many pairs each call scores."""

        def __init__(self, inner: Any) -> None:
            self.inner, self.pair_bytes = inner, inner.pair_bytes

        def __call__(self, shares: np.ndarray) -> Any:
            return self.inner(shares)

        def pairs_at(self, shares: np.ndarray, lead: np.ndarray, rival: np.ndarray) -> Any:
            bisections.append((len(shares), self.pair_bytes))
            return self.inner.pairs_at(shares, lead, rival)

    def spy_sweep(self: Any, weights: np.ndarray, group: Any) -> Any:
        return Spied(sweep(self, weights, group))

    monkeypatch.setattr(pairs_module, "_not_ahead", spy_scan)
    monkeypatch.setattr(pairs_module.Scorer, "sweep", spy_sweep)
    chunked = pair_crossings(scorer, weights, [0], pairs, budget=budget)
    assert len(scans) > 2 and bisections  # cut into several pieces
    m = len(base)
    for width, rows in scans:
        assert rows * (SCORE_BYTES * m + SCAN_PAIR_BYTES * width) <= budget
    assert sum(rows for _, rows in scans) >= SCAN_POINTS  # every scan point, on some side
    for count, pair_bytes in bisections:
        assert count * pair_bytes <= budget
    monkeypatch.undo()
    whole = pair_crossings(scorer, weights, [0], pairs, budget=2**50)
    for side, other in zip(chunked, whole, strict=True):
        np.testing.assert_array_equal(side, other)


def test_thresholds_of_600_alternatives_with_a_small_budget_are_those_in_one_piece() -> None:
    """m = 600 (179,700 pairs, listed up to the output cap): a 1 MiB budget gives the
    thresholds, pairs and notes of an unbounded one."""
    problem, weights = random_problem(600, 3, seed=5)
    for method, options in (("topsis", {"normalization": "vector"}), ("vikor", {"v": 0.5})):
        small = critical_thresholds(
            problem, weights, method, options, budget=2**20, max_values=6000
        )
        whole = critical_thresholds(
            problem, weights, method, options, budget=2**50, max_values=6000
        )
        assert small.to_data() == whole.to_data()
        assert len(small.pairs) == 990  # the pairs among the first 45 (45 · 44 / 2 · 6 ≤ 6000)


@settings(deadline=None, max_examples=80)
@given(weighted_problems(7), st.sampled_from(METHOD_OPTIONS), st.data())
def test_sweep_kernels_are_the_batch_on_the_sweeps_weights(
    case: tuple[Problem, np.ndarray], method: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    """Method.sweep: four numbers per alternative (TOPSIS's D⁺² and D⁻² in and out of the
    group, VIKOR's S and R, SAW's sum), then O(m) per share; the scores of ``batch`` on the
    weights of :func:`sweep_weights` up to round-off, for a group of any size (a weight-0
    group or rest included: its members share equally)."""
    problem, weights = case
    name, options = method
    n = problem.matrix.shape[1]
    group = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n - 1, unique=True))
    shares = np.array(data.draw(st.lists(st.floats(0, 1), min_size=1, max_size=9)))
    scorer = make_scorer(problem, name, options)
    along = scorer.sweep(weights, group)(shares)
    full = scorer(sweep_weights(weights, group, shares))
    assert along.shape == full.shape
    np.testing.assert_allclose(along, full, rtol=0, atol=1e-12)


def test_a_sweep_whose_parts_share_a_criterion_is_refused() -> None:
    problem, _ = random_problem(5, 3, seed=3)
    method = make_scorer(problem, "topsis", {}).method
    overlapping = (np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5]))
    with pytest.raises(ValueError, match="share a criterion"):
        method.sweep(problem.matrix, problem.benefit, overlapping)


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
@pytest.mark.parametrize("seed", [5, 6])
def test_nearest_crossings_are_those_of_every_pair(
    method: str, options: dict[str, Any], seed: int
) -> None:
    """``nearest``: only the pairs whose change comes first are bisected, yet the nearest
    change on each side and the pairs attaining it are those found by bisecting every pair
    (the top against 400 rivals, on every criterion; and a mask of half the pairs)."""
    problem, weights = random_problem(400, 4, seed=seed)
    scorer = make_scorer(problem, method, options)
    base = scorer(weights[None, :])[0]
    order = np.argsort(-base, kind="stable")
    rivals = order[1:].astype(np.int64)
    leaders = np.full(len(rivals), order[0], dtype=np.int64)
    half = np.arange(len(rivals)) % 2 == 1
    compared = 0
    for k in range(4):
        every = pair_crossings(scorer, weights, [k], (leaders, rivals))
        for mask in (True, half):
            only = pair_crossings(scorer, weights, [k], (leaders, rivals), nearest=mask)
            chosen = np.broadcast_to(np.asarray(mask), rivals.shape)
            for side, (got, full) in enumerate(zip(only, every, strict=True)):
                np.testing.assert_array_equal(got[~chosen], full[~chosen])
                found, wanted = got[chosen], full[chosen]
                if np.isnan(wanted).all():
                    assert np.isnan(found).all()
                    continue
                best = np.nanmax(wanted) if side == 0 else np.nanmin(wanted)
                assert set(np.flatnonzero(found == best)) == set(np.flatnonzero(wanted == best))
                assert np.all(np.isnan(found) | (found == wanted))
                compared += 1
    assert compared >= 4


@pytest.mark.parametrize(("method", "options"), METHOD_OPTIONS)
def test_past_the_scan_work_the_scans_have_fewer_points_and_say_so(
    method: str, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``scan_points``: 1,000 points per side while ``m × 1,000`` fits ``SCAN_WORK``, else
    fewer (at least 100). Here 300 alternatives with the work cut to 30,000 scores per side:
    100 points, said in a note and in the conventions of the thresholds and the sweeps; the
    top's thresholds and the sweeps' intervals are those of the full scan (to the
    bisection's tolerance: no change here reverts within a hundredth of a side)."""
    problem, weights = random_problem(300, 3, seed=21)
    full = critical_thresholds(problem, weights, method, options)
    full_sweeps = oat(problem, weights, method, options, 11, targets="indicators")
    monkeypatch.setattr(pairs_module, "SCAN_WORK", 30_000)
    assert pairs_module.scan_points(30) == SCAN_POINTS
    assert pairs_module.scan_points(300) == 100 and pairs_module.scan_points(10**6) == 100
    coarse = critical_thresholds(problem, weights, method, options)
    coarse_sweeps = oat(problem, weights, method, options, 11, targets="indicators")
    for result in (coarse, coarse_sweeps):
        assert any("100 points per side" in str(note) for note in result.notes)
    assert coarse.conventions["numerics"].startswith("100 scan points per side")
    assert coarse_sweeps.conventions["interval_tolerance"].count("100 scan points") == 1
    assert not any("points per side" in str(note) for note in full.notes)
    for criterion, threshold in full.criteria.items():
        other = coarse.criteria[criterion]
        assert (threshold.top is None) == (other.top is None)
        if threshold.top is not None:
            assert other.top == pytest.approx(threshold.top, rel=1e-8, abs=1e-10)
            assert other.new_top == threshold.new_top
    for name, target in full_sweeps.indicators.items():
        other_target = coarse_sweeps.indicators[name]
        np.testing.assert_allclose(other_target.interval, target.interval, atol=1e-9)
        assert (other_target.below, other_target.above) == (target.below, target.above)
