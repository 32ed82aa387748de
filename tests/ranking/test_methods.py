"""Tests for ``mcda_citydip.ranking.methods`` and ``.base``: one class per method, one
registry, options checked on construction, errors in library terms."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import typing
from pathlib import Path

import numpy as np
import pytest
from cases import flat_problem

import mcda_citydip
from mcda_citydip.errors import MethodError
from mcda_citydip.files.schema import MethodsSpec, SawSpec, TopsisSpec, VikorSpec
from mcda_citydip.ranking import (
    METHODS,
    SAW,
    TOPSIS,
    VIKOR,
    compared_methods,
    get_method,
    run_method,
    topsis,
    vikor,
)
from mcda_citydip.sensitivity.agreement import AGREEMENT_METHODS

PROBLEM = flat_problem([[1.0, 2.0], [3.0, 1.0], [2.0, 2.0]], ["benefit", "cost"])
WEIGHTS = np.array([0.6, 0.4])


def test_registry_holds_one_instance_per_class() -> None:
    assert list(METHODS) == ["topsis", "vikor", "saw"]
    for name, method in METHODS.items():
        assert method.name == name
        assert method.options == method.defaults
        assert set(method.columns) >= {"score"} or "Q" in method.columns
        result = method(PROBLEM, WEIGHTS)
        assert result.method == name
        assert result.higher_is_better == method.higher_is_better


def test_calling_a_registered_method_replaces_its_options() -> None:
    result = METHODS["vikor"](PROBLEM, WEIGHTS, v=0.3)
    assert result.conventions["v"] == 0.3
    assert METHODS["vikor"].options == {"v": 0.5}  # unchanged
    assert (
        run_method("topsis", PROBLEM, WEIGHTS, normalization="minmax").conventions["normalization"]
        == "minmax"
    )


def test_instances_pickle_for_dask_workers() -> None:
    method = VIKOR(v=0.25)
    assert pickle.loads(pickle.dumps(method)) == method


@pytest.mark.parametrize(
    ("call", "parameter", "words"),
    [
        (lambda: topsis(PROBLEM, WEIGHTS, normalization="linear"), "normalization", "vector"),
        (lambda: TOPSIS(normalization="linear"), "normalization", "minmax"),
        (lambda: vikor(PROBLEM, WEIGHTS, v=7.0), "v", "from 0 to 1"),
        (lambda: VIKOR(v=float("nan")), "v", "from 0 to 1"),
        (lambda: VIKOR(v="0.5"), "v", "from 0 to 1"),
        (lambda: SAW(normalization="sum"), "normalization", "max, minmax"),
        (lambda: TOPSIS(v=0.5), "v", "normalization"),
        (lambda: topsis(PROBLEM, np.array([1.0])), "weights", "one weight per criterion"),
        (lambda: vikor(PROBLEM, np.array([0.5, 0.3, 0.2])), "weights", "(2)"),
        (lambda: topsis(PROBLEM, np.array([1.5, -0.5])), "weights", "≥ 0"),
        (lambda: get_method("electre"), "method", "topsis, vikor, saw"),
        (lambda: run_method("electre", PROBLEM, WEIGHTS), "method", "electre"),
    ],
)
def test_library_errors_name_the_parameter(
    call: typing.Callable[[], object], parameter: str, words: str
) -> None:
    with pytest.raises(MethodError) as caught:
        call()
    error = caught.value
    assert error.parameter == parameter
    assert str(error).startswith(f"{parameter}:")
    assert words in str(error)
    assert "--" not in str(error)  # library terms: no CLI flag


def test_batched_weights_of_the_wrong_width_are_refused() -> None:
    for method in METHODS.values():
        with pytest.raises(MethodError, match="weights"):
            method.batch(PROBLEM.matrix, np.ones((3, 5)) / 5, PROBLEM.benefit)


def test_compared_methods() -> None:
    """Method agreement: the registry's compared methods with a run's options, SAW only when
    run, then the variants (TOPSIS with min-max normalisation)."""
    assert compared_methods({}) == {
        "topsis": ("topsis", {"normalization": "vector"}),
        "vikor": ("vikor", {"v": 0.5}),
        "topsis-minmax": ("topsis", {"normalization": "minmax"}),
    }
    assert tuple(AGREEMENT_METHODS) == ("topsis", "vikor", "topsis-minmax")
    run = {"vikor": {"v": 0.2}, "saw": {}}
    assert list(compared_methods(run)) == ["topsis", "vikor", "saw", "topsis-minmax"]
    assert compared_methods(run)["vikor"] == ("vikor", {"v": 0.2})


def test_scenario_schema_agrees_with_the_method_classes() -> None:
    """The scenario file's choices and defaults are the classes' (one place for both)."""
    specs = {"topsis": TopsisSpec, "vikor": VikorSpec, "saw": SawSpec}
    assert set(MethodsSpec.model_fields) == set(METHODS) == set(specs)
    for name, spec in specs.items():
        method = METHODS[name]
        assert spec().model_dump() == dict(method.defaults)
        for option, allowed in method.choices.items():
            assert typing.get_args(spec.model_fields[option].annotation) == allowed


def test_scenario_methods_may_be_a_list_of_names() -> None:
    spec = MethodsSpec.model_validate(["saw", "vikor"])
    assert spec.model_dump() == {
        "topsis": None,
        "vikor": {"v": 0.5},
        "saw": {"normalization": "max"},
    }


def test_no_module_outside_the_registry_branches_on_a_method_name() -> None:
    """``== "topsis"`` / ``== "vikor"`` / ``== "saw"`` (and ``!=``, ``in``-tests against a
    literal name) appear nowhere in the package: behaviour comes from the method classes."""
    package = Path(mcda_citydip.__file__).parent
    pattern = re.compile(
        r"""(==|!=)\s*["'](topsis|vikor|saw)["']|["'](topsis|vikor|saw)["']\s*(==|!=)"""
    )
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in package.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []


def test_importing_analysis_loads_neither_pymcdm_nor_matplotlib() -> None:
    code = (
        "import sys, mcda_citydip.analysis; "
        "print(sorted(m for m in ('pymcdm', 'matplotlib') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
