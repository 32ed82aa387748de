"""No result holds NaN or inf on exit 0 (issue 9, item 4), end to end through
``mcda_citydip.pipeline``: extreme magnitudes rank as the same data at an ordinary scale,
a per-capita division that cannot be done is an input error, and a last guard turns any
non-finite score into a :class:`~mcda_citydip.errors.MethodError` (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest
from cases import flat_problem

from mcda_citydip import pipeline
from mcda_citydip.errors import InputError, MethodError
from mcda_citydip.files.scenario import load_scenario
from mcda_citydip.model import Problem
from mcda_citydip.ranking import RankResult
from mcda_citydip.report.data import run_data
from mcda_citydip.sensitivity.evaluate import preference_batch

SCENARIO = """\
format: citydip/scenario
version: 1
name: Extreme magnitudes
criteria:
  - {{id: c1, direction: benefit}}
  - {{id: c2, direction: cost}}
  - {{id: c3, direction: benefit}}
alternatives:
  A1: {{c1: {a1}, c2: 3, c3: 2}}
  A2: {{c1: {a2}, c2: 1, c3: 5}}
  A3: {{c1: {a3}, c2: 2, c3: 1}}
  A4: {{c1: {a4}, c2: 4, c3: 4}}
weights: {{c1: 0.5, c2: 0.2, c3: 0.3}}
methods: {{topsis: {{normalization: {norm}}}, vikor: {{v: 0.5}}}}
{extra}"""

#: c1 at an ordinary scale; the cases below put it at the ends of the float range.
ORDINARY = (1.0, -1.0, 0.0, 0.5)
EXTREME = {
    "largest-opposite": ("1.0e+308", "-1.0e+308", "0", "5.0e+307"),
    "1e160": ("1.0e+160", "-1.0e+160", "0", "5.0e+159"),
    "1e-160": ("1.0e-160", "-1.0e-160", "0", "5.0e-161"),
    "denormal": ("1.0e-310", "-1.0e-310", "0", "5.0e-311"),
}


def write(tmp_path: Path, name: str, cells: tuple[Any, ...], norm: str, extra: str = "") -> Path:
    path = tmp_path / f"{name}.yaml"
    a1, a2, a3, a4 = cells
    text = SCENARIO.format(a1=a1, a2=a2, a3=a3, a4=a4, norm=norm, extra=extra)
    path.write_text(text, encoding="utf-8")
    return path


def outputs(result: pipeline.RunResult) -> list[float]:
    return [
        v
        for r in result.results.values()
        for values in (r.scores, *r.extras.values())
        for v in values.values()
    ]


@pytest.mark.parametrize("norm", ["vector", "minmax"])
@pytest.mark.parametrize("case", sorted(EXTREME))
def test_extreme_column_ranks_as_the_same_column_at_an_ordinary_scale(
    tmp_path: Path, case: str, norm: str
) -> None:
    found = pipeline.run(load_scenario(write(tmp_path, case, EXTREME[case], norm)))
    expected = pipeline.run(load_scenario(write(tmp_path, "ordinary", ORDINARY, norm)))
    assert np.all(np.isfinite(outputs(found)))
    for name, result in found.results.items():
        assert dict(result.ranks) == dict(expected.results[name].ranks), name
        assert dict(result.flags) == dict(expected.results[name].flags), name
    np.testing.assert_allclose(outputs(found), outputs(expected), rtol=1e-9, atol=1e-12)
    json.dumps(run_data(found), allow_nan=False)  # the JSON output crashed on NaN


@pytest.mark.parametrize(
    ("method", "options"),
    [("topsis", {"normalization": "vector"}), ("topsis", {"normalization": "minmax"}),
     ("vikor", {"v": 0.5})],
)  # fmt: skip
def test_batched_evaluation_of_the_sensitivity_analyses_is_protected_too(
    method: str, options: dict[str, Any]
) -> None:
    """The sensitivity analyses share the kernels' column scaling (squared gaps, regrets)."""
    ordinary = np.array([[1.0, 3, 2], [-1, 1, 5], [0, 2, 1], [0.5, 4, 4]])
    benefit = np.array([True, False, True])
    weights = np.random.default_rng(9).dirichlet(np.ones(3), size=50)
    expected = preference_batch(ordinary, weights, benefit, method, options)
    for factor in (2.0**1020, 2.0**-1000, 1e308, 1e-160):
        matrix = ordinary * np.array([factor, 1, 1])
        found = preference_batch(matrix, weights, benefit, method, options)
        assert np.all(np.isfinite(found))
        np.testing.assert_allclose(found, expected, rtol=1e-9, atol=1e-12)


PEOPLE = "population: pop\ntransforms: {c3: per-capita}\n"


@pytest.mark.parametrize("population", ["0", "5.0e-324", "-2"])
def test_per_capita_with_an_unusable_population_is_an_input_error(
    tmp_path: Path, population: str
) -> None:
    """Issue 9 (4): a denormal population gave inf, then NaN scores on exit 0."""
    path = write(tmp_path, "people", ORDINARY, "vector", PEOPLE)
    text = path.read_text(encoding="utf-8").replace("c3: 5}", f"c3: 5, pop: {population}}}")
    for row, pop in (("A1", 2000), ("A3", 3000), ("A4", 1000)):
        text = text.replace(f"{row}: {{", f"{row}: {{pop: {pop}, ")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        pipeline.run(load_scenario(path))
    (message,) = info.value.messages
    assert "(column 'pop', row 'A2')" in message and "population" in message


def nan_for(indicator: str) -> Any:
    """A stand-in TOPSIS whose scores are NaN whenever ``indicator`` is ranked."""

    def method(problem: Problem, weights: np.ndarray, **options: Any) -> RankResult:
        scores = np.full(len(problem.alternatives), 0.5)
        if indicator in problem.criteria:
            scores[0] = np.nan
        return RankResult.build("topsis", problem.alternatives, scores, True, options)

    return method


def test_last_guard_turns_a_non_finite_score_into_a_method_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = load_scenario(write(tmp_path, "ordinary", ORDINARY, "vector"))
    monkeypatch.setitem(pipeline.METHODS, "topsis", nan_for("c2"))
    with pytest.raises(MethodError) as info:
        pipeline.run(scenario, ["topsis"])
    (message,) = info.value.messages
    assert "(topsis)" in message and "indicator(s) c2;" in message
    assert "not finite" in message


def test_last_guard_names_the_indicators_with_non_finite_data() -> None:
    problem = flat_problem(np.array([[1.0, np.inf], [2.0, 1.0]]))
    result = RankResult.build("vikor", problem.alternatives, np.array([np.nan, 0.0]), False, {})
    with pytest.raises(MethodError, match=r"\(vikor\).*indicator\(s\) c2;"):
        pipeline.require_finite(result, problem, np.array([0.5, 0.5]), MappingProxyType({}))


def test_last_guard_passes_finite_results() -> None:
    problem = flat_problem(np.array([[1.0, 2.0], [2.0, 1.0]]))
    result = pipeline.METHODS["vikor"](problem, np.array([0.5, 0.5]))
    pipeline.require_finite(result, problem, np.array([0.5, 0.5]), {"v": 0.5})


def test_weights_that_are_not_finite_are_a_method_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TOPSIS turns a NaN weight into closeness 0.5 for everyone, silently: the weights are
    checked before any ranking (and before ``citydip weights`` prints them)."""
    path = write(tmp_path, "objective", ORDINARY, "vector")
    text = path.read_text(encoding="utf-8").replace("weights: {c1: 0.5, c2: 0.2, c3: 0.3}", "")
    path.write_text(text + "weights: critic\n", encoding="utf-8")
    scenario = load_scenario(path)

    def broken(problem: Problem, method: str) -> tuple[np.ndarray, tuple[str, ...]]:
        return np.array([np.nan, 0.5, 0.5]), ()

    monkeypatch.setattr(pipeline, "objective_weights", broken)
    for step in (pipeline.scenario_weights, pipeline.run):
        with pytest.raises(MethodError) as info:
            step(scenario)
        (message,) = info.value.messages
        assert "(weights: critic)" in message and "indicator(s) c1 are not finite" in message
