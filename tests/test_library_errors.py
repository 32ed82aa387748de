"""Every public function of the maths, the files and the locale, called with a bad argument,
raises the project's own error (:mod:`mcda_citydip.errors`) with a message in library terms
that starts with the argument's name, carried as ``parameter``; the CLI says the same with
the option's name (``--method: …``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from cases import flat_problem
from runner import run_citydip

from mcda_citydip import i18n
from mcda_citydip.ahp.consistency import RANDOM_INDEX, matrix_consistency
from mcda_citydip.ahp.group import (
    aggregate_judgments,
    aggregate_priorities,
    aggregate_priorities_arithmetic,
)
from mcda_citydip.ahp.matrix import pairwise_matrix
from mcda_citydip.ahp.synthesis import node_weights
from mcda_citydip.ahp.weights import AhpSettings
from mcda_citydip.cli import FLAGS
from mcda_citydip.combination import combine_weights
from mcda_citydip.errors import (
    CitydipError,
    InputError,
    JudgmentError,
    MethodError,
    check_choice,
    check_positive,
)
from mcda_citydip.files.scenario import default_scenario_path, load_scenario
from mcda_citydip.files.text import check_expert_name
from mcda_citydip.objective import (
    critic_weights,
    entropy_weights,
    objective_weights,
)
from mcda_citydip.pipeline import select_methods
from mcda_citydip.preprocess import apply_missing, apply_transforms
from mcda_citydip.ratings_agreement import combine, icc, indicator_agreement, most_deviating
from mcda_citydip.support import model_support

SAATY = RANDOM_INDEX["saaty"]
EYE = np.eye(2)
HALVES = np.array([0.5, 0.5])
PROBLEM = flat_problem([[1.0, 2.0], [3.0, 4.0], [5.0, 1.0]])


def _ahp(**bad: Any) -> Callable[[], object]:
    return lambda: AhpSettings(**bad)


#: (what is called, the error class, the parameter, the start of the message)
CASES: list[tuple[str, Callable[[], object], type[CitydipError], str, str]] = [
    ("AhpSettings priority", _ahp(priority="foo"), MethodError, "priority", "priority: unknown"),
    (
        "AhpSettings random_index",
        _ahp(random_index="x"),
        MethodError,
        "random_index",
        "random_index: unknown random index 'x'; use one of: saaty",
    ),
    ("AhpSettings aggregation", _ahp(aggregation="mean"), MethodError, "aggregation", "aggreg"),
    ("AhpSettings aip_mean", _ahp(aip_mean="median"), MethodError, "aip_mean", "aip_mean: "),
    ("AhpSettings cr_policy", _ahp(cr_policy="drop"), MethodError, "cr_policy", "cr_policy: "),
    ("AhpSettings cr_limit 0", _ahp(cr_limit=0.0), MethodError, "cr_limit", "cr_limit: must"),
    ("AhpSettings cr_limit nan", _ahp(cr_limit=math.nan), MethodError, "cr_limit", "cr_limit"),
    (
        "AhpSettings incomplete_random_index",
        _ahp(incomplete_random_index="table"),
        MethodError,
        "incomplete_random_index",
        "incomplete_random_index: unknown",
    ),
    (
        "AhpSettings unlinked_policy",
        _ahp(unlinked_policy="drop"),
        MethodError,
        "unlinked_policy",
        "unlinked_policy: unknown",
    ),
    (
        "pairwise_matrix unknown item",
        lambda: pairwise_matrix(("A", "B"), [("A", "C", 3.0)]),
        JudgmentError,
        "pairs",
        "pairs: 'C' is not one of the items A, B",
    ),
    (
        "pairwise_matrix self",
        lambda: pairwise_matrix(("A", "B"), [("A", "A", 3.0)]),
        JudgmentError,
        "pairs",
        "pairs: 'A' is compared with itself",
    ),
    (
        "pairwise_matrix value",
        lambda: pairwise_matrix(("A", "B"), [("A", "B", -3.0)]),
        JudgmentError,
        "pairs",
        "pairs: A vs B: -3.0 is not a positive number",
    ),
    (
        "node_weights priority",
        lambda: node_weights("g", ("A", "B"), EYE, "median", SAATY),
        MethodError,
        "priority",
        "priority: unknown priority method 'median'",
    ),
    (
        "node_weights matrix",
        lambda: node_weights("g", ("A", "B", "C"), EYE, "eigenvector", SAATY),
        MethodError,
        "matrix",
        "matrix: is (2, 2), not 3 × 3",
    ),
    (
        "matrix_consistency incomplete",
        lambda: matrix_consistency(EYE, HALVES, "eigenvector", SAATY, "table"),
        MethodError,
        "incomplete",
        "incomplete: unknown incomplete random index 'table'; use one of: graph, complete",
    ),
    (
        "aggregate_judgments weights",
        lambda: aggregate_judgments([EYE, EYE], [1.0]),
        MethodError,
        "weights",
        "weights: give one positive weight per expert (2)",
    ),
    (
        "aggregate_judgments shapes",
        lambda: aggregate_judgments([EYE, np.eye(3)], [1.0, 1.0]),
        MethodError,
        "matrices",
        "matrices: give one or more of the same shape",
    ),
    (
        "aggregate_judgments none",
        lambda: aggregate_judgments([], []),
        MethodError,
        "matrices",
        "matrices: give one or more",
    ),
    (
        "aggregate_priorities weights",
        lambda: aggregate_priorities([HALVES], [0.0]),
        MethodError,
        "weights",
        "weights: give one positive weight",
    ),
    (
        "aggregate_priorities_arithmetic shapes",
        lambda: aggregate_priorities_arithmetic([HALVES, np.ones(3) / 3], [1.0, 1.0]),
        MethodError,
        "vectors",
        "vectors: give one or more of the same shape",
    ),
    (
        "set_language",
        lambda: i18n.set_language("xx"),
        MethodError,
        "language",
        "language: unknown language 'xx'; use en or fa",
    ),
    (
        "set_digits",
        lambda: i18n.set_digits("roman"),
        MethodError,
        "digits",
        "digits: unknown digits 'roman'; use latin or fa",
    ),
    (
        "objective_weights method",
        lambda: objective_weights(PROBLEM, "variance"),
        MethodError,
        "method",
        "method: unknown objective weighting method 'variance'; use one of: critic, entropy",
    ),
    (
        "entropy_weights benefit",
        lambda: entropy_weights(PROBLEM.matrix, np.array([True])),
        MethodError,
        "benefit",
        "benefit: has shape (1,)",
    ),
    (
        "critic_weights matrix",
        lambda: critic_weights(np.ones(3), np.array([True])),
        MethodError,
        "matrix",
        "matrix: critic weights need an m×n matrix",
    ),
    (
        "critic_weights names",
        lambda: critic_weights(PROBLEM.matrix, np.array([True, True]), ["x"]),
        MethodError,
        "names",
        "names: 1 names for 2 columns",
    ),
    (
        "combine_weights rule",
        lambda: combine_weights(HALVES, HALVES, "mean"),  # type: ignore[arg-type]
        MethodError,
        "rule",
        "rule: unknown combine rule 'mean'",
    ),
    (
        "combine_weights alpha",
        lambda: combine_weights(HALVES, HALVES, "linear", 2.0),
        MethodError,
        "alpha",
        "alpha: combine rule linear needs alpha in [0, 1]",
    ),
    (
        "combine_weights lengths",
        lambda: combine_weights(HALVES, np.ones(3), "product"),
        MethodError,
        "objective",
        "objective: 3 objective weights for 2 subjective weights",
    ),
    (
        "combine_weights negative",
        lambda: combine_weights(np.array([-1.0, 2.0]), HALVES, "product"),
        MethodError,
        "subjective",
        "subjective: the weights must be a vector of finite, non-negative numbers",
    ),
    (
        "combine_weights zero",
        lambda: combine_weights(HALVES, np.zeros(2), "product"),
        MethodError,
        "objective",
        "objective: the weights sum to 0",
    ),
    (
        "apply_transforms unknown transform",
        lambda: apply_transforms(PROBLEM, {"c1": "sqrt"}, "population"),
        MethodError,
        "transforms",
        "transforms: c1: unknown value 'sqrt'; use one of: none, log1p",
    ),
    (
        "apply_transforms unknown indicator",
        lambda: apply_transforms(PROBLEM, {"c9": "log1p"}, "population"),
        MethodError,
        "transforms",
        "transforms: 'c9' is not an indicator of the problem; use one of: c1, c2",
    ),
    (
        "apply_missing unknown policy",
        lambda: apply_missing(PROBLEM, {"c1": "mean"}),
        MethodError,
        "policies",
        "policies: c1: unknown value 'mean'; use one of: drop, median, zero, sample, fail",
    ),
    (
        "model_support used",
        lambda: model_support(PROBLEM.hierarchy, {"c1": 1.0}, ["c9"], np.ones((3, 1))),
        MethodError,
        "used",
        "used: 'c9' not indicators of test",
    ),
    (
        "model_support values",
        lambda: model_support(PROBLEM.hierarchy, {"c1": 1.0}, ["c1"], np.ones((3, 2))),
        MethodError,
        "values",
        "values: shape (3, 2); give a matrix with one column per used indicator (1)",
    ),
    (
        "model_support minimum",
        lambda: model_support(PROBLEM.hierarchy, {"c1": 1.0}, ["c1"], np.ones((3, 1)), 2.0),
        MethodError,
        "minimum",
        "minimum: must be a share from 0 to 1, got 2.0",
    ),
    (
        "icc ratings",
        lambda: icc(np.ones(3)),
        MethodError,
        "ratings",
        "ratings: must be a (raters × cities) matrix, got shape (3,)",
    ),
    (
        "icc incomplete",
        lambda: icc(np.array([[1.0, math.nan], [2.0, 3.0]])),
        MethodError,
        "ratings",
        "ratings: must be complete (no NaN)",
    ),
    (
        "most_deviating raters",
        lambda: most_deviating(np.ones((2, 3)), ["a"]),
        MethodError,
        "raters",
        "raters: 1 rater names for 2 rows of ratings",
    ),
    (
        "combine rule",
        lambda: combine(np.ones((2, 3)), "mode"),  # type: ignore[arg-type]
        MethodError,
        "rule",
        "rule: unknown rule 'mode' to combine ratings; use mean or median",
    ),
    (
        "indicator_agreement statistic",
        lambda: indicator_agreement(np.ones((2, 2)), ["a", "b"], ["x", "y"], statistic="W"),
        MethodError,
        "statistic",
        "statistic: unknown agreement statistic 'W'; use one of: ICC1",
    ),
    (
        "indicator_agreement shape",
        lambda: indicator_agreement(np.ones((2, 2)), ["a"], ["x", "y"]),
        MethodError,
        "ratings",
        "ratings: of shape (2, 2) for 1 raters × 2 cities",
    ),
    (
        "check_expert_name",
        lambda: check_expert_name("  "),
        InputError,
        "expert",
        "expert: the expert's name is empty",
    ),
    ("check_choice", lambda: check_choice("draw", "x", ("a",)), MethodError, "draw", "draw: "),
    ("check_positive", lambda: check_positive("spread", True), MethodError, "spread", "spread"),
]


@pytest.mark.parametrize(
    ("call", "error", "parameter", "start"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_a_bad_argument_raises_the_projects_error_in_library_terms(
    call: Callable[[], object], error: type[CitydipError], parameter: str, start: str
) -> None:
    try:
        with pytest.raises(error) as caught:
            call()
    finally:
        i18n.reset()
    found = caught.value
    assert found.parameter == parameter
    assert str(found).startswith(start), str(found)
    assert not any("--" in message for message in found.messages)  # no CLI flag quoted
    assert all(m.startswith(parameter + ":") for m in found.messages)
    flag = FLAGS.get(parameter, "--" + parameter.replace("_", "-"))
    assert found.as_option(FLAGS)[0].startswith(flag + ":")


def test_no_bad_argument_escapes_as_a_python_error() -> None:
    """None of the calls above gives a KeyError, IndexError, ValueError or numpy error."""
    for name, call, *_ in CASES:
        try:
            call()
        except CitydipError:
            continue
        finally:
            i18n.reset()
        pytest.fail(f"{name}: no error")


def test_select_methods_names_the_method_argument() -> None:
    scenario = load_scenario(default_scenario_path())
    with pytest.raises(MethodError) as caught:
        select_methods(scenario, ["electre"])
    assert caught.value.parameter == "method"
    assert str(caught.value).startswith("method: unknown method 'electre'; use one of: topsis")


def test_rating_indicators_names_the_argument() -> None:
    from mcda_citydip.expert_ratings import rating_indicators

    scenario = load_scenario(default_scenario_path())
    with pytest.raises(InputError) as caught:
        rating_indicators(scenario, ["XYZ"])
    assert caught.value.parameter == "indicators"
    assert caught.value.messages[0].startswith("indicators: 'XYZ' is not an indicator")
    with pytest.raises(InputError) as workbook:
        rating_indicators(scenario, ["XYZ"], "panel.xlsx")
    assert workbook.value.parameter is None  # a workbook, not an argument: no option to name
    assert workbook.value.messages[0].startswith("panel.xlsx: 'XYZ' is not an indicator")


def test_the_flags_table_maps_language_to_lang() -> None:
    with pytest.raises(MethodError) as caught:
        i18n.set_language("xx")
    assert caught.value.as_option(FLAGS) == ("--lang: unknown language 'xx'; use en or fa",)


# --------------------------------------------------- each translated flag through the CLI

SCENARIO = str(default_scenario_path())


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["run", SCENARIO, "--method", "electre"], "Error: --method: unknown method 'electre'"),
        (["elicit", SCENARIO, "--expert", " "], "Error: --expert: the expert's name is empty"),
        (
            ["score", SCENARIO, "--expert", "ann", "--indicators", "XYZ"],
            "Error: --indicators: 'XYZ' is not an indicator",
        ),
        (
            ["score", SCENARIO, "--expert", "ann", "--indicator", "XYZ"],
            "Error: --indicator: 'XYZ' is not an indicator",
        ),
    ],
    ids=["method", "expert", "indicators", "indicator"],
)
def test_the_cli_names_the_option_of_a_library_error(args: list[str], shown: str) -> None:
    done = run_citydip(args, input="")
    assert done.returncode == 2, done.stderr
    assert shown in done.stderr.splitlines()[0], done.stderr
    assert "Traceback" not in done.stderr
