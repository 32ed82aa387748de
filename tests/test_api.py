"""The Python API (:mod:`mcda_citydip.api`): DataFrame in, DataFrame out, the same numbers as
the CLI's JSON, the same objects as the file layer, and library errors for every bad input."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import mcda_citydip as cd
from mcda_citydip import api
from mcda_citydip.errors import CitydipError, InputError, JudgmentError, MethodError

CITIES = pd.DataFrame(
    {
        "GDP": [10.0, 8.0, 6.0, 9.0],
        "DIST": [500.0, 200.0, 700.0, 300.0],
        "EDU": [3.0, 4.0, 2.0, 5.0],
        "RISK": [2.0, 1.0, 3.0, 2.0],
    },
    index=pd.Index(["Alpha", "Beta", "Gamma", "Delta"], name="city"),
)
DIRECTIONS = {"GDP": "benefit", "DIST": "cost", "EDU": "benefit", "RISK": "cost"}
HIERARCHY = {"ECO": ["GDP", "DIST"], "SOC": ["EDU", "RISK"]}
JUDGMENTS = {
    "goal": [("ECO", "SOC", 3)],
    "ECO": [("GDP", "DIST", "1/2")],
    "SOC": [("EDU", "RISK", 2)],
}

SCENARIO = """\
format: citydip/scenario
version: 1
name: Python study
criteria:
  - {id: ECO, children: [{id: GDP, direction: benefit}, {id: DIST, direction: cost}]}
  - {id: SOC, children: [{id: EDU, direction: benefit}, {id: RISK, direction: cost}]}
alternatives:
  Alpha: {GDP: 10, DIST: 500, EDU: 3, RISK: 2}
  Beta: {GDP: 8, DIST: 200, EDU: 4, RISK: 1}
  Gamma: {GDP: 6, DIST: 700, EDU: 2, RISK: 3}
  Delta: {GDP: 9, DIST: 300, EDU: 5, RISK: 2}
judgments:
  - expert: expert 1
    comparisons:
      goal: [[ECO, SOC, 3]]
      ECO: [[GDP, DIST, "1/2"]]
      SOC: [[EDU, RISK, 2]]
"""


def _cli_json(*args: str) -> dict[str, Any]:
    """``citydip ARGS`` in a new process (the real entry point), its stdout as JSON."""
    env = {k: v for k, v in os.environ.items() if k != "CITYDIP_LANG"}
    done = subprocess.run(
        [sys.executable, "-m", "mcda_citydip", *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _study(**changes: Any) -> api.Study:
    arguments: dict[str, Any] = {
        "directions": DIRECTIONS,
        "hierarchy": HIERARCHY,
        "judgments": JUDGMENTS,
    }
    arguments.update(changes)
    data = arguments.pop("data", CITIES)
    return cd.build(data, **arguments)


# --- the same numbers as the CLI ------------------------------------------------------------


def test_run_of_the_default_scenario_equals_cli_json() -> None:
    """``run(load()).to_dict()`` is ``citydip run -f json``; ``to_frame`` holds its numbers."""
    expected = _cli_json("run", "-f", "json")
    ranking = cd.run(cd.load())
    assert ranking.to_dict() == expected
    for method, data in expected["results"].items():
        frame = ranking.to_frame(method)
        assert list(frame.index) == expected["alternatives"]
        assert frame["rank"].to_dict() == data["ranks"]
        score = "score" if "scores" in data else "Q"
        assert frame[score].to_dict() == data["scores" if "scores" in data else "Q"]
    wide = ranking.to_frame()
    assert wide["topsis"]["rank"].to_dict() == expected["results"]["topsis"]["ranks"]


def test_weights_of_the_default_scenario_equal_cli_json() -> None:
    expected = _cli_json("weights", "-f", "json")
    table = cd.weights(cd.load())
    assert table.to_dict() == expected
    frame = table.to_frame()
    leaves = frame[frame["indicator"]]
    assert leaves["global"].to_dict() == pytest.approx(expected["weights"], rel=1e-12)
    ranked = leaves["effective"].dropna()
    assert ranked.to_dict() == pytest.approx(expected["effective_weights"], rel=1e-12)
    for data in expected["nodes"].values():
        for child, local in data["weights"].items():
            assert frame.loc[child, "local"] == pytest.approx(local, rel=1e-12)
    assert table.consistency_frame()["cr"].to_dict() == pytest.approx(
        {node: data["cr"] for node, data in expected["nodes"].items()}
    )


def test_sensitivity_gives_the_same_numbers_with_the_compiled_kernel() -> None:
    """``kernel="numba"`` (the ``fast`` extra) changes the kernel's convention, nothing else."""
    by_numpy, by_numba = (
        api.sensitivity(cd.load(), samples=300, seed=7, kernel=k).to_dict()
        for k in ("numpy", "numba")
    )
    assert by_numpy["conventions"]["smaa"]["kernel"].startswith("numpy")
    assert by_numba["conventions"]["smaa"]["kernel"].startswith("numba")
    for data in (by_numpy, by_numba):
        for part in (data, *data["methods"].values()):
            part["conventions"]["smaa"].pop("kernel")
            part["options"].pop("kernel")  # the option as given
    assert by_numpy == by_numba


def test_sensitivity_equals_cli_json() -> None:
    expected = _cli_json("sensitivity", "-f", "json", "--samples", "300", "--seed", "7")
    robustness = api.sensitivity(cd.load(), samples=300, seed=7)
    assert robustness.to_dict() == expected
    frame = robustness.to_frame()
    assert frame.to_dict("index") == {
        a: dict(enumerate(row, start=1)) for a, row in expected["rank_acceptability"].items()
    }


# --- the same objects as the file layer -----------------------------------------------------


def test_dataframe_in_dataframe_out_equals_the_scenario_file(tmp_path: Path) -> None:
    """A study built from a DataFrame ranks as the same scenario written as YAML."""
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    from_file = cd.run(cd.load(path)).to_dict()
    built = cd.run(_study())
    assert built.to_dict() == from_file
    frame = built.to_frame("topsis")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == list(CITIES.index)
    assert list(frame.columns) == ["score", "rank"]
    assert frame["score"].to_dict() == from_file["results"]["topsis"]["scores"]
    assert list(built.to_frame("vikor").columns) == ["S", "R", "Q", "rank", "compromise"]
    assert cd.weights(_study()).to_dict() == cd.weights(cd.load(path)).to_dict()


def test_numpy_input_equals_dataframe_input() -> None:
    from_frame = cd.run(_study()).to_dict()
    array = CITIES.to_numpy()
    from_array = _study(data=array, alternatives=list(CITIES.index), indicators=list(CITIES))
    assert cd.run(from_array).to_dict() == from_frame
    plain = cd.build(np.array([[1.0, 2.0], [3.0, 1.0]]), directions="benefit", weights="equal")
    assert plain.alternatives == ("A1", "A2") and plain.indicators == ("C1", "C2")
    assert list(plain.to_frame().index) == ["A1", "A2"]


def test_direct_weights_and_a_criteria_file(tmp_path: Path) -> None:
    criteria = tmp_path / "criteria.yaml"
    criteria.write_text(
        "format: citydip/criteria\nversion: 1\ncriteria:\n"
        + SCENARIO.split("criteria:\n")[1].split("alternatives:")[0],
        encoding="utf-8",
    )
    weights = {"GDP": 2, "DIST": 1, "EDU": 1, "RISK": 0}
    study = _study(hierarchy=criteria, directions=None, judgments=None, weights=weights)
    table = cd.weights(study).to_frame()
    assert table["global"].to_dict() == pytest.approx(
        {"ECO": 0.75, "GDP": 0.5, "DIST": 0.25, "SOC": 0.25, "EDU": 0.25, "RISK": 0.0}
    )
    assert table.loc["GDP", "local"] == pytest.approx(2 / 3)
    assert cd.run(study, "topsis").methods == ("topsis",)


def test_missing_values_follow_the_policy() -> None:
    data = CITIES.copy()
    data.loc["Beta", "GDP"] = np.nan
    with pytest.raises(InputError, match=r"data: missing values \(NaN\) in 'GDP' \(Beta\)"):
        _study(data=data)
    ranking = cd.run(_study(data=data, missing="median")).to_dict()
    assert ranking["coverage"]["GDP"]["action"] == "imputed"


# --- errors: the project's family, in library terms -----------------------------------------

BAD_BUILDS: list[tuple[dict[str, Any], type[CitydipError], str, str]] = [
    ({"directions": {**DIRECTIONS, "GDP": "up"}}, InputError, "directions", "GDP = 'up'"),
    ({"directions": ["benefit", "cost"]}, InputError, "directions", "2 values for 4"),
    ({"directions": None}, InputError, "directions", "give each indicator's direction"),
    ({"judgments": None}, InputError, "weights", "none was given"),
    ({"weights": "equal"}, InputError, "weights", "not both"),
    ({"judgments": None, "weights": {"GDP": 1, "XYZ": 1}}, InputError, "weights", "'XYZ'"),
    ({"judgments": None, "weights": [1, -1, 1, 1]}, InputError, "weights", "negative"),
    ({"judgments": None, "weights": [1, np.nan, 1, 1]}, InputError, "weights", "finite"),
    ({"judgments": None, "weights": [0, 0, 0, 0]}, InputError, "weights", "all weights are 0"),
    ({"judgments": None, "weights": [1, 1]}, InputError, "weights", "2 values for 4"),
    ({"judgments": None, "weights": "best"}, InputError, "weights", "unknown rule"),
    ({"judgments": {"goal": [("ECO", "SOC", 12)]}}, InputError, "judgments", "Saaty"),
    ({"judgments": {"goal": [("ECO", "GDP", 2)]}}, InputError, "judgments", "child of 'goal'"),
    ({"judgments": {"goal": [("ECO", "SOC")]}}, InputError, "judgments", "[left, right"),
    ({"judgments": {"NOPE": []}}, InputError, "judgments", "unknown node 'NOPE'"),
    ({"judgments": [{"goal": 3}]}, InputError, "judgments", "valid list"),
    ({"judgments": [3]}, InputError, "judgments", "expected a mapping"),
    ({"hierarchy": {"ECO": ["GDP", "DIST"]}}, InputError, "hierarchy", "'EDU' of data"),
    (
        {"hierarchy": {"ECO": ["GDP", "X"], "SOC": ["EDU", "RISK", "DIST"]}},
        InputError,
        "hierarchy",
        "'X' is not a column",
    ),
    ({"hierarchy": 3}, InputError, "hierarchy", "expected a mapping"),
    ({"methods": ("topsis", "electre")}, MethodError, "methods", "'electre'"),
    ({"options": {"vikor": {"v": 7}}}, MethodError, "options", "vikor.v = 7"),
    ({"options": {"topsis": {"normalization": "l3"}}}, MethodError, "options", "'l3'"),
    ({"options": {"saw": {}}, "methods": "topsis"}, MethodError, "options", "not among"),
    ({"ahp": {"priority": "median"}}, MethodError, "ahp", "priority = 'median'"),
    ({"missing": "guess"}, InputError, "missing", "'guess'"),
    ({"missing": {"XYZ": "drop"}}, InputError, "missing", "XYZ"),
    ({"data": CITIES.assign(GDP=["a", 1, 2, 3])}, InputError, "data", "'a'"),
    ({"data": CITIES.assign(GDP=np.inf)}, InputError, "data", "infinite"),
    ({"data": CITIES.set_axis(["A", "A", "B", "C"])}, InputError, "data", "more than once"),
    ({"data": np.ones(4)}, InputError, "data", "2-D"),
    (
        {"data": np.ones((4, 4)), "alternatives": list("abc")},
        InputError,
        "alternatives",
        "3 names for 4 rows",
    ),
    ({"data": [[1, "x"], [2, 3]]}, InputError, "data", "not numbers"),
    ({"alternatives": list("abcd")}, InputError, "alternatives", "by its index"),
    # issue 16 review: each of these was a traceback (or silently accepted) before
    (
        {"hierarchy": {"GDP": ["GDP", "DIST"], "SOC": ["EDU", "RISK"]}},
        InputError,
        "hierarchy",
        "'GDP' is reserved or used twice",
    ),
    ({"hierarchy": {"ECO": {"ECO": ["GDP"]}}}, InputError, "hierarchy", "used twice"),
    ({"missing": None}, InputError, "missing", "expected a policy"),
    ({"missing": {"GDP": 3}}, InputError, "missing", "GDP = 3"),
    ({"methods": None}, MethodError, "methods", "expected a method name"),
    ({"methods": 3}, MethodError, "methods", "got int"),
    ({"methods": [["topsis"]]}, MethodError, "methods", "unknown method(s) ['topsis']"),
    ({"options": {"topsis": 3}}, MethodError, "options", "options['topsis']: expected a"),
    ({"options": ["topsis"]}, MethodError, "options", "expected a mapping"),
    ({"ahp": [1]}, MethodError, "ahp", "expected a mapping"),
    (
        {"judgments": None, "weights": {"GDP": "0.5", "DIST": 1, "EDU": 1, "RISK": 1}},
        InputError,
        "weights",
        "'GDP' is '0.5'",
    ),
    ({"judgments": None, "weights": [True, 1, 1, 1]}, InputError, "weights", "is True"),
    ({"data": pd.DataFrame()}, InputError, "data", "no rows (alternatives) and columns"),
    ({"data": CITIES.iloc[:0]}, InputError, "data", "data: no rows (alternatives);"),
    ({"data": CITIES.iloc[:, :0]}, InputError, "data", "data: no columns (indicators);"),
    ({"data": np.ones((3, 0))}, InputError, "data", "no columns"),
    ({"data": np.ones((2, 4)), "alternatives": 3}, InputError, "alternatives", "sequence"),
    ({"data": np.ones((2, 4)), "indicators": "abcd"}, InputError, "indicators", "got str"),
    ({"name": None}, InputError, "name", "non-empty text"),
]


@pytest.mark.parametrize(("changes", "error", "parameter", "text"), BAD_BUILDS)
def test_bad_input_to_build_is_a_library_error(
    changes: dict[str, Any], error: type[CitydipError], parameter: str, text: str
) -> None:
    with pytest.raises(error) as raised:
        _study(**changes)
    assert raised.value.parameter == parameter
    message = str(raised.value)
    assert message.startswith((parameter + ":", parameter + " (", parameter + "[")), message
    assert text in message


@pytest.mark.parametrize(
    ("call", "parameter", "text"),
    [
        (lambda s: cd.run(s, "electre"), "methods", "'electre'"),
        (lambda s: cd.run(s, []), "methods", "(none given)"),
        (lambda s: cd.run(s, 3), "methods", "expected a method name"),  # type: ignore[arg-type]
        (lambda s: api.sensitivity(s, samples="5"), "samples", "got '5'"),  # type: ignore[arg-type]
        (lambda s: api.sensitivity(s, samples=True), "samples", "got True"),
        (lambda s: api.sensitivity(s, spread="x"), "spread", "got 'x'"),  # type: ignore[arg-type]
        (lambda s: api.sensitivity(s, values_shape=3), "values_shape", "use uniform"),  # type: ignore[arg-type]
        (lambda s: api.sensitivity(s, draw=["x"]), "draw", "unknown draw"),  # type: ignore[arg-type]
        (lambda s: cd.run("scenario.yaml"), "study", "expected a Study"),  # type: ignore[arg-type]
        (lambda s: cd.weights(None), "study", "expected a Study"),  # type: ignore[arg-type]
        (lambda s: cd.load(3), "path", "expected a file path"),  # type: ignore[arg-type]
        (lambda s: api.sensitivity(s, samples=0), "samples", "got 0"),
        (lambda s: api.sensitivity(s, samples=2.5), "samples", "whole number"),  # type: ignore[arg-type]
        (lambda s: api.sensitivity(s, seed=-1), "seed", "got -1"),
        (lambda s: api.sensitivity(s, draw="gauss"), "draw", "'gauss'"),
        (lambda s: api.sensitivity(s, kernel="gpu"), "kernel", "use one of: auto, numpy, numba"),
        (lambda s: api.sensitivity(s, concentration=float("nan")), "concentration", "nan"),
        (lambda s: api.sensitivity(s, spread=3), "spread", "from 0 to 2"),
        (lambda s: api.sensitivity(s, values=1.5), "values", "from 0 to 1"),
        (lambda s: api.sensitivity(s, values_shape="cauchy"), "values_shape", "'cauchy'"),
        (lambda s: api.sensitivity(s, threads=0), "threads", "got 0"),
        (lambda s: api.sensitivity(s, methods="electre"), "methods", "'electre'"),
        (lambda s: api.report(s, 3), "path", "expected a file path"),  # type: ignore[arg-type]
        (lambda s: cd.run(s).to_frame("saw"), "method", "was not run"),
    ],
)
def test_bad_arguments_are_library_errors(call: Any, parameter: str, text: str) -> None:
    with pytest.raises(CitydipError) as raised:
        call(_study())
    assert raised.value.parameter == parameter
    assert str(raised.value).startswith(parameter + ":")
    assert text in str(raised.value)
    assert raised.value.as_option({})[0].startswith("--" + parameter.replace("_", "-"))


def test_numpy_numbers_are_numbers() -> None:
    """A numpy integer or float is as good as Python's (pandas hands them out everywhere)."""
    study = _study(judgments=None, weights=np.array([2.0, 1.0, 1.0, 0.0]))
    expected = api.sensitivity(study, samples=40, seed=5, spread=0.2).to_dict()
    given = api.sensitivity(
        study, samples=np.int64(40), seed=np.int32(5), spread=np.float64(0.2), threads=np.int8(1)
    )
    assert given.to_dict() == expected
    numpy_weights = {k: np.float64(v) for k, v in zip(CITIES, [2, 1, 1, 0], strict=True)}
    assert cd.weights(_study(judgments=None, weights=numpy_weights)).to_dict() == (
        cd.weights(study).to_dict()
    )


def test_an_unreadable_scenario_and_inconsistent_judgments_are_library_errors(
    tmp_path: Path,
) -> None:
    with pytest.raises(InputError, match=r"nowhere\.yaml"):
        cd.load(tmp_path / "nowhere.yaml")
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO.replace("[[ECO, SOC, 3]]", "[[ECO, SOC, 3]]\nmax_cr: 0.1"))
    strict = _study(
        hierarchy={"D": ["GDP", "DIST", "EDU"], "E": ["RISK"]},
        judgments={"goal": [("D", "E", 1)],
                   "D": [("GDP", "DIST", 9), ("DIST", "EDU", 9), ("EDU", "GDP", 9)]},
        ahp={"cr_policy": "warn"},
    )  # fmt: skip
    notes = cd.run(strict).to_dict()["notes"]
    assert any("CR" in note and "inconsistent" in note for note in notes)
    assert issubclass(JudgmentError, CitydipError)


# --- report and notebook display ------------------------------------------------------------


def test_report_writes_the_html_study_and_never_replaces_a_file(tmp_path: Path) -> None:
    study = _study()
    robustness = api.sensitivity(study, samples=200, seed=3)
    assert robustness.to_frame().sum(axis=1).to_numpy() == pytest.approx(1.0)
    out = api.report(study, tmp_path / "study.html", robustness=robustness)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Python study" in page
    assert "mcda_citydip.api.report(study" in page
    with pytest.raises(InputError, match="already exists; pass overwrite=True") as raised:
        api.report(study, out, robustness=robustness)
    assert raised.value.parameter == "path"
    api.report(study, out, robustness=robustness, overwrite=True)
    with pytest.raises(MethodError, match="options: samples"):
        api.report(study, out, robustness=robustness, overwrite=True, samples=5)


def test_notebook_tables_escape_every_name() -> None:
    data = CITIES.rename(index={"Alpha": "<b>Alpha & co</b>"})
    study = _study(data=data)
    ranking = cd.run(study)
    shown = [
        study._repr_html_(),
        ranking._repr_html_(),
        cd.weights(study)._repr_html_(),
        api.sensitivity(study, samples=50, seed=1)._repr_html_(),
    ]
    for table in shown:
        assert table.startswith('<div class="citydip">') and "<table>" in table
        assert "<b>Alpha" not in table
    assert "&lt;b&gt;Alpha &amp; co&lt;/b&gt;" in shown[1]
    best, worst = ranking.to_frame("topsis")["rank"].sort_values().index[[0, -1]]
    assert shown[1].index(html.escape(best)) < shown[1].index(html.escape(worst))


def test_import_stays_light() -> None:
    code = (
        "import sys, mcda_citydip as cd\n"
        "heavy = {'pandas', 'numpy', 'pydantic', 'mcda_citydip.api'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
        "assert cd.run is cd.api.run and 'pandas' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- properties -----------------------------------------------------------------------------

tables = st.integers(2, 6).flatmap(
    lambda m: st.integers(1, 4).flatmap(
        lambda n: arrays(np.float64, (m, n), elements=st.floats(0.5, 100.0, width=32))
    )
)


@settings(max_examples=40, deadline=None)
@given(tables, st.randoms(use_true_random=False))
def test_permuting_rows_permutes_the_ranking(matrix: np.ndarray, rng: Any) -> None:
    names = [f"city {i}" for i in range(matrix.shape[0])]
    frame = pd.DataFrame(matrix, index=names, columns=[f"I{j}" for j in range(matrix.shape[1])])
    order = list(names)
    rng.shuffle(order)
    directions = ["benefit" if j % 2 == 0 else "cost" for j in range(matrix.shape[1])]
    before = cd.run(cd.build(frame, directions=directions, weights="equal")).to_frame()
    after = cd.run(cd.build(frame.loc[order], directions=directions, weights="equal")).to_frame()
    assert list(after.index) == order
    pd.testing.assert_frame_equal(after.loc[names], before, rtol=1e-9)


@settings(max_examples=40, deadline=None)
@given(tables, st.floats(0.01, 100.0), st.data())
def test_scaling_a_benefit_column_leaves_topsis_unchanged(
    matrix: np.ndarray, factor: float, data: st.DataObject
) -> None:
    """Vector normalisation divides each column by its norm, so a positive factor cancels."""
    column = data.draw(st.integers(0, matrix.shape[1] - 1))
    frame = pd.DataFrame(matrix, columns=[f"I{j}" for j in range(matrix.shape[1])])
    scaled = frame.copy()
    scaled.iloc[:, column] *= factor
    build: dict[str, Any] = {"directions": "benefit", "weights": "equal", "methods": "topsis"}
    before = cd.run(cd.build(frame, **build)).to_frame("topsis")
    after = cd.run(cd.build(scaled, **build)).to_frame("topsis")
    assert after["score"].to_numpy() == pytest.approx(before["score"].to_numpy(), abs=1e-9)
    assert (after["rank"] == before["rank"]).all()


simple_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["topsis", "vikor", "saw", "benefit", "cost", "equal", "goal", "ECO", "GDP",
                     "median", "default", "v", "normalization", "priority", "1/2"]),
    st.builds(np.int64, st.integers(-(2**63), 2**63 - 1)),
    st.builds(np.float64, st.floats(allow_nan=True)),
    st.builds(np.bool_, st.booleans()),
)  # fmt: skip
junk = st.recursive(
    simple_junk,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=5), simple_junk), inner, max_size=4),
    ),
    max_leaves=12,
)
KEYWORDS = ("directions", "hierarchy", "weights", "judgments", "alternatives", "indicators",
            "methods", "options", "ahp", "missing", "name")  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KEYWORDS), junk)
def test_build_takes_any_junk_without_a_traceback(keyword: str, value: Any) -> None:
    """Whatever one keyword of ``build`` is given, it builds or raises a :class:`CitydipError`
    naming that keyword: never another exception (issue 16)."""
    arguments: dict[str, Any] = {"directions": DIRECTIONS, "hierarchy": HIERARCHY}
    if keyword != "weights":
        arguments["judgments"] = JUDGMENTS
    data: Any = CITIES
    if keyword in ("alternatives", "indicators"):  # names of an array's rows or columns
        data = CITIES.to_numpy()
        arguments = {"directions": "benefit", "weights": "equal"}
    arguments[keyword] = value
    try:
        cd.build(data, **arguments)
    except CitydipError as exc:
        assert exc.parameter is not None
        assert str(exc).startswith(exc.parameter), str(exc)
