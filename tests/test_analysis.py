"""Tests for ``mcda_citydip.analysis``: ``analyse`` (SMAA-2, thresholds, sweeps, agreement,
rank reversal on one scenario) and its JSON data ``SensitivityReport.to_data``.

The hand-solved case (as in the docstring of ``sensitivity/thresholds.py``): two alternatives
``A = (1, 0)`` and ``B = (0, 1)`` on two benefit criteria with weights ``w = (w1, w2)``.
TOPSIS with vector normalisation (the columns already have unit norm) gives closeness
``C_A = w1/(w1 + w2) = w1`` and ``C_B = w2``; VIKOR gives ``S_A = R_A = w2`` and
``S_B = R_B = w1``. With either method ``A`` is first iff ``w1 > w2``, i.e. ``w1 > 1/2``. So:

* at ``w = (0.6, 0.4)`` the top changes when ``w1`` reaches 0.5: ``δ1 = (0.5 − 0.6)/0.6 = −1/6``
  and ``δ2 = (0.5 − 0.4)/0.4 = +1/4``;
* with weights uniform on the simplex ``w1 ~ U(0, 1)``: ``P(A first) = 1/2``, and the central
  weights are ``E[w | w1 > 1/2] = (3/4, 1/4)`` for ``A`` and ``(1/4, 3/4)`` for ``B``;
* with Dirichlet(``c·w``), ``w1 ~ Beta(c·0.6, c·0.4)``; at ``c = 10``, ``Beta(6, 4)`` and
  ``P(w1 > 1/2) = P(Binomial(9, 1/2) ≤ 5) = (1 + 9 + 36 + 84 + 126 + 126)/512 = 382/512``;
* from the AHP judgment ``c1 : c2 = a`` the weights are ``(a, 1)/(1 + a)``; at ``a = 3`` that is
  ``(3/4, 1/4)``, so ``δ1 = (0.5 − 0.75)/0.75 = −1/3`` and ``δ2 = (0.5 − 0.25)/0.25 = +1``.
  Judgment draws take ``ln a = ln 3 + ε ln 9`` with ``ε ~ U(−s, s)`` (clipped to ``[−ln 9, ln 9]``,
  which keeps the sign): ``A`` is first iff ``ε > −1/2``, so at ``s = 1`` ``P(A first) = 3/4``;
* relative noise on the values multiplies each column by one positive number (the zeros stay
  zero); vector normalisation undoes that, so value uncertainty changes nothing and the
  confidence factors stay exactly 1.

Monte Carlo shares are checked within 4 binomial standard deviations.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cases import TWO_BY_TWO

from mcda_citydip.analysis import DRAWS, SensitivitySettings, analyse
from mcda_citydip.errors import MethodError
from mcda_citydip.files.scenario import Scenario, default_scenario_path, load_scenario
from mcda_citydip.sensitivity.distributed import thread_mapper

SAMPLES = 4000
TOP_KEYS = ("rank_acceptability", "central_weights", "confidence", "thresholds", "correlations")


TWO_BY_TWO_AHP = """\
format: citydip/scenario
version: 1
name: Two alternatives, two criteria, one judgment
criteria:
  - {id: c1, direction: benefit}
  - {id: c2, direction: benefit}
alternatives:
  A: {c1: 1, c2: 0}
  B: {c1: 0, c2: 1}
judgments:
  - expert: one
    comparisons:
      goal: [[c1, c2, 3]]
"""

# Two dimensions, five indicators, four alternatives, one expert with consistent judgments.
SMALL_AHP = """\
format: citydip/scenario
version: 1
name: Small AHP scenario
criteria:
  - id: ECO
    children:
      - {id: GDP, direction: benefit}
      - {id: DIST, direction: cost}
  - id: SOC
    children:
      - {id: EDU, direction: benefit}
      - {id: RISK, direction: cost}
      - {id: HEAL, direction: benefit}
alternatives:
  Alpha: {GDP: 10, DIST: 500, EDU: 3, RISK: 2, HEAL: 4}
  Beta: {GDP: 8, DIST: 200, EDU: 4, RISK: 1, HEAL: 2}
  Gamma: {GDP: 6, DIST: 700, EDU: 2, RISK: 3, HEAL: 5}
  Delta: {GDP: 9, DIST: 400, EDU: 5, RISK: 2, HEAL: 3}
judgments:
  - expert: tester
    comparisons:
      goal: [[ECO, SOC, 2]]
      ECO: [[GDP, DIST, 3]]
      SOC: [[EDU, RISK, 2], [EDU, HEAL, 4], [RISK, HEAL, 2]]
"""


def scenario_from(tmp_path: Path, text: str) -> Scenario:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


@pytest.fixture
def two_by_two(tmp_path: Path) -> Scenario:
    return scenario_from(tmp_path, TWO_BY_TWO)


@pytest.fixture
def two_by_two_ahp(tmp_path: Path) -> Scenario:
    return scenario_from(tmp_path, TWO_BY_TWO_AHP)


@pytest.fixture
def small_ahp(tmp_path: Path) -> Scenario:
    return scenario_from(tmp_path, SMALL_AHP)


@pytest.fixture(scope="module")
def default_scenario() -> Scenario:
    return load_scenario(default_scenario_path())


def data_of(scenario: Scenario, **settings: Any) -> dict[str, Any]:
    return analyse(scenario, SensitivitySettings(**settings)).to_data()


def binomial_tolerance(p: float, n: int) -> float:
    return 4 * math.sqrt(p * (1 - p) / n)


def assert_baseline_with_certainty(data: dict[str, Any]) -> None:
    """Every alternative at its baseline rank in every draw."""
    ranks = data["baseline_ranks"]
    m = len(ranks)
    assert sorted(ranks.values()) == list(range(1, m + 1)), ranks
    for name, rank in ranks.items():
        expected = [0.0] * m
        expected[rank - 1] = 1.0
        assert data["rank_acceptability"][name] == expected, name


def assert_doubly_stochastic(acceptability: dict[str, list[float]]) -> None:
    matrix = np.array(list(acceptability.values()))
    m = len(acceptability)
    assert matrix.shape == (m, m)
    assert np.all(matrix >= 0)
    for row in matrix:
        assert math.fsum(row) == pytest.approx(1.0, abs=1e-12)
    for column in matrix.T:
        assert math.fsum(column) == pytest.approx(1.0, abs=1e-12)


# ---------------------------------------------------------------- hand-solved cases


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_thresholds_of_the_two_by_two_case(two_by_two, method):
    data = data_of(two_by_two, method=method, samples=100)
    assert data["method"] == method
    assert data["top"] == "A"
    c1, c2 = data["thresholds"]["c1"], data["thresholds"]["c2"]
    assert c1["top"] == pytest.approx(-1 / 6, abs=1e-6)
    assert c2["top"] == pytest.approx(1 / 4, abs=1e-6)
    assert c1["top_percent"] == pytest.approx(-100 / 6, abs=1e-4)
    assert c2["top_percent"] == pytest.approx(25.0, abs=1e-4)
    assert c1["top_weight"] == pytest.approx(0.5, abs=1e-6)
    assert c2["top_weight"] == pytest.approx(0.5, abs=1e-6)
    assert c1["new_top"] == c2["new_top"] == "B"
    assert data["most_critical"] == "c1"


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_uniform_weights_give_each_alternative_one_half(two_by_two, method):
    data = data_of(two_by_two, method=method, draw="uniform", samples=SAMPLES, seed=11)
    first = data["rank_acceptability"]["A"][0]
    assert first == pytest.approx(0.5, abs=binomial_tolerance(0.5, SAMPLES))
    assert data["rank_acceptability"]["B"] == pytest.approx([1 - first, first], abs=1e-12)
    # E[w1 | w1 > 1/2] = 3/4 with w1 ~ U(0, 1): sd 1/sqrt(48) per draw, about N/2 draws.
    spread = 4 / math.sqrt(48) / math.sqrt(SAMPLES / 2 * 0.9)
    assert data["central_weights"]["A"]["c1"] == pytest.approx(0.75, abs=spread)
    assert data["central_weights"]["B"]["c2"] == pytest.approx(0.75, abs=spread)
    for name in ("A", "B"):
        assert math.fsum(data["central_weights"][name].values()) == pytest.approx(1.0)
    assert data["confidence"] == {"A": 1.0, "B": 1.0}


def test_dirichlet_acceptability_is_the_beta_tail(two_by_two):
    data = data_of(two_by_two, draw="dirichlet", concentration=10.0, samples=SAMPLES, seed=5)
    exact = 382 / 512  # P(Beta(6, 4) > 1/2)
    first = data["rank_acceptability"]["A"][0]
    assert first == pytest.approx(exact, abs=binomial_tolerance(exact, SAMPLES))


def test_judgment_draws_by_hand(two_by_two_ahp):
    data = data_of(two_by_two_ahp, draw="judgments", spread=1.0, samples=SAMPLES, seed=3)
    first = data["rank_acceptability"]["A"][0]
    assert first == pytest.approx(0.75, abs=binomial_tolerance(0.75, SAMPLES))
    assert data["thresholds"]["c1"]["top"] == pytest.approx(-1 / 3, abs=1e-6)
    assert data["thresholds"]["c2"]["top"] == pytest.approx(1.0, abs=1e-6)


def test_value_uncertainty_that_normalisation_undoes(two_by_two):
    calls: list[tuple[int, int]] = []
    settings = SensitivitySettings(draw="uniform", values=0.2, samples=SAMPLES, seed=9)
    data = analyse(two_by_two, settings, lambda done, total: calls.append((done, total))).to_data()
    first = data["rank_acceptability"]["A"][0]
    assert first == pytest.approx(0.5, abs=binomial_tolerance(0.5, SAMPLES))
    assert data["confidence"] == {"A": 1.0, "B": 1.0}
    # two methods (the scenario's), each with a second pass for the confidence factors
    assert calls[-1] == (4 * SAMPLES, 4 * SAMPLES)
    assert [total for _, total in calls] == [4 * SAMPLES] * len(calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


# ---------------------------------------------------------------- no perturbation


def test_huge_concentration_keeps_the_two_by_two_baseline(two_by_two):
    data = data_of(two_by_two, draw="dirichlet", concentration=1e9, samples=SAMPLES)
    assert data["baseline_ranks"] == {"A": 1, "B": 2}
    assert_baseline_with_certainty(data)
    assert data["confidence"]["A"] == 1.0
    assert data["central_weights"]["A"]["c1"] == pytest.approx(0.6, abs=1e-4)
    assert data["central_weights"]["B"] is None  # never first


def test_huge_concentration_keeps_the_default_baseline(default_scenario):
    data = data_of(default_scenario, draw="dirichlet", concentration=1e9, samples=2000)
    assert_baseline_with_certainty(data)


def test_judgments_without_spread_keep_the_two_by_two_baseline(two_by_two_ahp):
    data = data_of(two_by_two_ahp, draw="judgments", spread=0.0, samples=SAMPLES)
    assert_baseline_with_certainty(data)
    assert data["baseline_ranks"] == {"A": 1, "B": 2}
    assert data["central_weights"]["A"]["c1"] == pytest.approx(0.75, abs=1e-12)
    assert data["central_weights"]["A"]["c2"] == pytest.approx(0.25, abs=1e-12)


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_judgments_without_spread_keep_the_small_baseline(small_ahp, method):
    data = data_of(small_ahp, method=method, draw="judgments", spread=0.0, samples=2000)
    assert_baseline_with_certainty(data)


def test_judgments_without_spread_keep_the_default_baseline(default_scenario):
    data = data_of(default_scenario, draw="judgments", spread=0.0, samples=2000)
    assert_baseline_with_certainty(data)


# ---------------------------------------------------------------- invariants


@pytest.mark.parametrize("draw", [d for d in DRAWS if d != "missing"])  # small_ahp has no gap
def test_acceptability_rows_and_columns_sum_to_one(small_ahp, draw):
    data = data_of(small_ahp, draw=draw, spread=0.5, concentration=5.0, samples=3000, seed=2)
    assert_doubly_stochastic(data["rank_acceptability"])
    assert set(data["rank_acceptability"]) == {"Alpha", "Beta", "Gamma", "Delta"}


def test_missing_cell_draws_of_the_default_scenario_sum_to_one(default_scenario):
    """--draw missing: the default scenario's imputed cells drawn, weights fixed."""
    data = data_of(default_scenario, draw="missing", samples=2000, seed=4)
    assert_doubly_stochastic(data["rank_acceptability"])
    assert data["conventions"]["smaa"]["draw"]["kind"].startswith("missing cells")


def test_a_scenario_without_gaps_has_no_missing_draws(small_ahp):
    with pytest.raises(MethodError, match="no cell is missing or imputed"):
        data_of(small_ahp, draw="missing", samples=100, seed=1)


def test_acceptability_of_the_default_scenario_sums_to_one(default_scenario):
    data = data_of(default_scenario, draw="uniform", values=0.1, samples=2000, seed=4)
    assert_doubly_stochastic(data["rank_acceptability"])
    assert all(0.0 <= c <= 1.0 for c in data["confidence"].values())


def test_same_seed_same_data(default_scenario):
    settings = SensitivitySettings(draw="uniform", values=0.05, samples=5000, seed=17)
    first = analyse(default_scenario, settings).to_data()
    again = analyse(default_scenario, settings).to_data()
    assert json.dumps(first, allow_nan=False) == json.dumps(again, allow_nan=False)


def test_same_seed_same_data_on_threads(default_scenario):
    """Chunks on 3 threads (finishing in any order) give the result of one process."""
    settings = SensitivitySettings(draw="dirichlet", values=0.05, samples=9000, seed=8)
    alone = analyse(default_scenario, settings).to_data()
    threaded = analyse(default_scenario, settings, map_chunks=thread_mapper(3)).to_data()
    assert threaded == alone


def test_different_seed_different_acceptability(default_scenario, two_by_two):
    one = data_of(default_scenario, draw="uniform", samples=2000, seed=1)
    two = data_of(default_scenario, draw="uniform", samples=2000, seed=2)
    assert one["rank_acceptability"] != two["rank_acceptability"]
    one = data_of(two_by_two, draw="uniform", samples=2000, seed=1)
    two = data_of(two_by_two, draw="uniform", samples=2000, seed=2)
    assert one["central_weights"] != two["central_weights"]


@pytest.mark.parametrize("methods", [("vikor",), ("topsis", "vikor")])
def test_progress_reaches_the_number_of_draws(two_by_two, methods):
    """One bar over the draws of every method run, never going back."""
    calls: list[tuple[int, int]] = []
    samples = 9000  # three blocks of draws
    total = samples * len(methods)
    analyse(
        two_by_two,
        SensitivitySettings(samples=samples, methods=methods),
        lambda done, total: calls.append((done, total)),
    )
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert {t for _, t in calls} == {total}


def test_every_method_run_has_its_own_checks_and_the_first_is_at_the_top(two_by_two):
    """``methods`` in the JSON holds the same keys per method; the top-level keys (the
    contract) are those of the first method; agreement is shared. The two-by-two thresholds
    are −1/6 and +1/4 by both methods (worked by hand in ``tests/cases.py``)."""
    settings = SensitivitySettings(samples=3000, methods=("vikor", "topsis"))
    report = analyse(two_by_two, settings)
    assert [r.method for r in report.reports] == ["vikor", "topsis"]
    data = report.to_data()
    assert list(data["methods"]) == ["vikor", "topsis"] and data["method"] == "vikor"
    for key in ("rank_acceptability", "thresholds", "oat", "reversal", "central_weights"):
        assert data[key] == data["methods"]["vikor"][key], key
    for method in ("vikor", "topsis"):
        thresholds = data["methods"][method]["thresholds"]
        assert thresholds["c1"]["top"] == pytest.approx(-1 / 6, abs=1e-8)
        assert thresholds["c2"]["top"] == pytest.approx(1 / 4, abs=1e-8)
        assert data["methods"][method]["conventions"]["smaa"]["method"]["name"] == method
    only = analyse(two_by_two, SensitivitySettings(samples=3000, method="topsis")).to_data()
    assert list(only["methods"]) == ["topsis"]
    assert only["rank_acceptability"] == data["methods"]["topsis"]["rank_acceptability"]


# ---------------------------------------------------------------- the default scenario


@pytest.mark.parametrize("draw", DRAWS)
def test_default_scenario_with_every_draw(default_scenario, draw):
    report = analyse(default_scenario, SensitivitySettings(draw=draw, samples=500, seed=1))
    data = report.to_data()
    text = json.dumps(data, allow_nan=False)  # NaN or infinity raise ValueError
    assert json.loads(text) == data
    for key in TOP_KEYS:
        assert key in data
    names = list(data["baseline_ranks"])
    assert list(data["rank_acceptability"]) == names
    assert all(len(row) == len(names) for row in data["rank_acceptability"].values())
    assert data["options"]["draw"] == draw
    assert data["options"]["samples"] == 500
    # Indicators without data are dropped: the analysis is over the indicators kept.
    kept = set(data["thresholds"])
    assert kept == set(report.smaa.criteria)
    assert len(kept) < len(default_scenario.hierarchy.leaves)
    assert any("dropped" in note for note in data["notes"])
    for central in data["central_weights"].values():
        if central is not None:
            assert set(central) == kept
            assert math.fsum(central.values()) == pytest.approx(1.0)
    assert set(data["correlations"]) >= {"rs", "rw", "ws"}


# ---------------------------------------------------------------- errors


def test_judgment_draws_need_judgments(two_by_two):
    with pytest.raises(MethodError, match="judgments"):
        analyse(two_by_two, SensitivitySettings(draw="judgments", samples=10))


def test_unknown_draw(two_by_two):
    with pytest.raises(MethodError, match="bogus"):
        analyse(two_by_two, SensitivitySettings(draw="bogus", samples=10))


def test_unknown_method(two_by_two):
    with pytest.raises(MethodError, match="electre"):
        analyse(two_by_two, SensitivitySettings(method="electre", samples=10))


# ---------------------------------------------------------------- memory budget


def many_alternatives(tmp_path: Path, m: int, seed: int) -> Scenario:
    """Two dimensions, three indicators, ``m`` alternatives of random data (a CSV)."""
    rng = np.random.default_rng(seed)
    rows = "\n".join(
        f"A{i}," + ",".join(f"{v:.6f}" for v in row)
        for i, row in enumerate(rng.uniform(1, 100, (m, 3)))
    )
    (tmp_path / "data.csv").write_text(f"city,E1,E2,S1\n{rows}\n", encoding="utf-8")
    return scenario_from(
        tmp_path,
        """\
format: citydip/scenario
version: 1
name: Many alternatives
criteria:
  - id: E
    children:
      - {id: E1, direction: benefit}
      - {id: E2, direction: cost}
  - id: S
    children:
      - {id: S1, direction: benefit}
alternatives: data.csv
weights: {E1: 0.4, E2: 0.25, S1: 0.35}
methods:
  topsis: {normalization: vector}
  vikor: {v: 0.5}
""",
    )


def test_600_alternatives_with_a_small_memory_budget_give_the_same_report(tmp_path):
    """m = 600 with a 1 MiB working budget (every pair scan, bisection, sweep and the
    confidence pass in many chunks) gives the JSON of an unbounded budget. The output cap
    (lowered here to keep the test short) cuts the rank acceptability to ranks 1…10, the
    pairs listed, the ranks along the sweeps and the removals, each with a note."""
    scenario = many_alternatives(tmp_path, 600, seed=9)
    common = {
        "samples": 2_000,
        "draw": "uniform",
        "output_values": 6_000,
        "pair_alternatives": None,
    }
    small = data_of(scenario, memory_budget=2**20, **common)
    whole = data_of(scenario, memory_budget=2**50, **common)
    assert small["options"]["memory_budget"] == 2**20
    for data in (small, whole):  # the budgets stated differ; nothing else may
        data.pop("options")
        for part in (data, *data["methods"].values()):
            part.pop("options", None)
            part["conventions"].pop("limits", None)
    assert small == whole
    assert all(len(row) == 10 for row in small["rank_acceptability"].values())
    assert len(small["pair_thresholds"]) == 990
    for needle in ("only ranks 1–10", "listed are the 990 pairs", "sweeps: ranks along"):
        assert any(needle in note for note in small["notes"]), needle
    assert any("rank reversal:" in note for note in small["methods"]["vikor"]["notes"])


def test_pair_thresholds_are_for_the_first_40_by_default_and_the_same_numbers(tmp_path):
    """m = 60: by default the pairs among the first 40 of the baseline ranking (780 of 1,770)
    are computed, with a note; each is the same as with every pair computed, and so is every
    criterion's threshold for the top (its pairs with every alternative are always computed).
    ``pair_alternatives=7`` lists 21 pairs."""
    scenario = many_alternatives(tmp_path, 60, seed=4)
    common = {"samples": 200, "draw": "uniform"}
    capped = data_of(scenario, **common)
    every = data_of(scenario, pair_alternatives=None, **common)
    few = data_of(scenario, pair_alternatives=7, **common)
    assert capped["options"]["pair_alternatives"] == 40
    assert (len(capped["pair_thresholds"]), len(every["pair_thresholds"])) == (780, 1770)
    assert len(few["pair_thresholds"]) == 21
    listed = {(p["above"], p["below"]): p for p in every["pair_thresholds"]}
    for found in (*capped["pair_thresholds"], *few["pair_thresholds"]):
        assert found == listed[(found["above"], found["below"])]
    assert capped["thresholds"] == every["thresholds"] == few["thresholds"]
    assert any("among the first 40 alternatives" in note for note in capped["notes"])
    assert not any("pair thresholds" in note for note in every["notes"])
    assert "(pairs)" in capped["conventions"]["thresholds"]["pairs"]


def test_limits_are_stated_in_the_options_and_conventions(two_by_two):
    data = data_of(two_by_two, samples=200)
    limits = data["conventions"]["limits"]
    assert limits["memory_budget_bytes"] == data["options"]["memory_budget"] == 512 * 2**20
    assert limits["output_values"] == data["options"]["output_values"] == 524_288
    assert data["methods"]["topsis"]["notes"] == []  # nothing cut for two alternatives
