"""The compiled SMAA kernels (``mcda_citydip.compiled``, the ``fast`` extra) give the numpy
path's results bit for bit: rank counts, first-ranked alternatives, meta-weight sums, VIKOR's
keys, and whole SMAA results. numba is a development dependency, so these always run."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from cases import flat_problem
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from mcda_citydip import compiled
from mcda_citydip.errors import MethodError
from mcda_citydip.model import Problem
from mcda_citydip.ranking.vikor import VIKOR
from mcda_citydip.sensitivity.engine import Engine, make_engine
from mcda_citydip.sensitivity.sampling import matrix_draws, uniform_simplex
from mcda_citydip.sensitivity.smaa import smaa

STYLES = ("spread", "clustered", "wide", "tied")


def problem_of(m: int, n: int = 3, seed: int = 0) -> Problem:
    generator = np.random.default_rng(seed)
    directions: list[Any] = ["benefit" if b else "cost" for b in generator.random(n) < 0.5]
    return flat_problem(generator.uniform(1, 100, (m, n)), directions)


def engines(m: int, kept: int) -> tuple[Engine, Engine]:
    """The numpy and the compiled engine of one run with ``m`` alternatives."""
    engine = make_engine(problem_of(m), "topsis", None, uniform_simplex(3), 100, 1)
    return replace(engine, ranks=kept, kernel="numpy"), replace(engine, ranks=kept, kernel="numba")


def sort_keys(style: str, rows: int, m: int, shift: int, seed: int) -> np.ndarray:
    """Keys (≥ 0, or −0.0) that make the narrow sort clash: equal keys, keys closer than
    the index bits (equal for the ranking), keys just one index step apart, and keys over
    many binades with zeros and subnormals."""
    generator = np.random.default_rng(seed)
    if style == "spread":  # with VIKOR's best Q: zeros
        keys = generator.random((rows, m))
        keys[:, generator.integers(m)] = 0.0
        return keys
    if style == "tied":
        return np.full((rows, m), generator.random())
    if style == "clustered":
        base = generator.choice(generator.random(3) + 0.5, size=(rows, m))
        ulps = generator.choice([0, 1, (1 << shift) - 1, 1 << shift, (1 << shift) + 1, 1 << 30],
                                size=(rows, m))  # fmt: skip
        return (base.view(np.int64) + ulps).view(np.float64)
    pool = np.array([0.0, -0.0, 5e-324, 1e-310, 1e-300, 1e-5, 0.25, 1.0, 3.0, 1e150, 1e300])
    keys = generator.choice(pool, size=(rows, m)) * generator.choice([1.0, 1.0 + 2**-40], (rows, m))
    return keys


@settings(max_examples=150, deadline=None)
@given(
    style=st.sampled_from(STYLES),
    m=st.integers(1, 300),
    rows=st.integers(1, 40),
    cut=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_compiled_counts_are_the_numpy_counts(
    style: str, m: int, rows: int, cut: bool, seed: int
) -> None:
    kept = max(1, m // 3) if cut else m
    by_numpy, by_numba = engines(m, kept)
    keys = sort_keys(style, rows, m, by_numpy.shift, seed)
    alphas = np.random.default_rng(seed).random((3, m))
    results = []
    for engine in (by_numpy, by_numba):
        counts = np.zeros(kept * m, dtype=np.int32)
        sums = np.random.default_rng(seed + 1).random((m, 3))  # the counts add to what is there
        first = engine.count(keys.copy(), counts, (alphas, sums) if cut else None)
        results.append((counts, first, sums))
    (counts, first, sums), (counts_c, first_c, sums_c) = results
    assert np.array_equal(counts, counts_c)
    assert np.array_equal(first, first_c)
    assert np.array_equal(sums.view(np.int64), sums_c.view(np.int64))  # the same bits


def test_the_narrow_sort_leaves_many_alternatives_to_numpy() -> None:
    """Past 4,096 alternatives the levels would have under 20 bits: ``count`` declines, and
    the engine counts with numpy, with the same result."""
    most = compiled.MAX_ALTERNATIVES
    for m, declined in ((most, False), (most + 1, True)):
        keys = np.random.default_rng(m).random((3, m))
        by_numpy, by_numba = engines(m, 10)
        counted = [np.zeros(10 * m, dtype=np.int32) for _ in range(2)]
        assert (compiled.count(keys.copy(), by_numba.shift, 10, counted[1]) is None) is declined
        counted[1][:] = 0
        firsts = [
            e.count(keys.copy(), c) for e, c in zip((by_numpy, by_numba), counted, strict=True)
        ]
        assert np.array_equal(*firsts) and np.array_equal(*counted)


@settings(max_examples=120, deadline=None)
@given(
    m=st.integers(1, 120),
    n=st.integers(1, 12),
    rows=st.integers(1, 30),
    v=st.sampled_from([0.0, -0.0, 0.5, 1.0, 0.3]),
    constant_column=st.booleans(),
    identical=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_compiled_vikor_keys_are_the_numpy_keys(
    m: int, n: int, rows: int, v: float, constant_column: bool, identical: bool, seed: int
) -> None:
    """Same bits of ``Q`` — cost criteria (whose best regret is −0.0), constant columns,
    identical alternatives (every key tied), zero weights and one-criterion weights."""
    generator = np.random.default_rng(seed)
    matrix = generator.choice([1.0, 2.0, 5.0, generator.uniform(1, 9)], size=(m, n))
    if identical:
        matrix[:] = matrix[0]
    if constant_column:
        matrix[:, 0] = 4.0
    benefit = generator.random(n) < 0.5
    weights = generator.dirichlet(np.ones(n), rows)
    weights[generator.random((rows, n)) < 0.3] = 0.0
    weights[0] = np.eye(n)[generator.integers(n)]
    method = VIKOR(v=v)
    parts = method.fixed_parts(matrix, benefit)
    expected = method.keys(parts, weights)
    found = method.compiled_keys(parts, weights)
    assert np.array_equal(expected.view(np.int64), found.view(np.int64))


def without_kernel(result: Any) -> str:
    data = result.as_dict()
    data["conventions"].pop("kernel")
    return json.dumps(data, sort_keys=True)


def test_vikor_with_v_negative_zero_ranks_as_with_zero() -> None:
    """``v = -0.0`` (within [0, 1]) is +0.0: otherwise ``Q`` keeps the sign of a zero regret
    term, and the best alternative of a cost criterion (regret −0.0) would rank apart from
    one with a zero weight (+0.0) — differently on either path (found by a reviewer)."""
    matrix = np.array([[1.0, 5.0], [1.0, 1.0], [3.0, 9.0]])
    problem = flat_problem(matrix, ["cost", "cost"])
    method = VIKOR(v=-0.0)
    parts = method.fixed_parts(matrix, problem.benefit)
    weights = np.array([[1.0, 0.0]])
    expected = VIKOR(v=0.0).keys(parts, weights.copy())
    for keys in (method.keys(parts, weights.copy()), method.compiled_keys(parts, weights.copy())):
        assert np.array_equal(keys.view(np.int64), expected.view(np.int64))


@pytest.mark.parametrize("method", ["topsis", "vikor"])
@pytest.mark.parametrize("case", ["weights", "values", "cut"])
def test_smaa_is_the_same_with_either_kernel(method: str, case: str) -> None:
    """Whole SMAA results — acceptability, central weights, confidence, holistic sums —
    with weight draws, with value draws (the confidence pass), and with the counts cut."""
    problem = problem_of(60, 5, seed=3)
    problem = replace(problem, matrix=np.vstack([problem.matrix[:58], problem.matrix[:2]]))
    values = matrix_draws(problem.matrix, [0.1] * 5) if case == "values" else None
    limits = {"max_values": 600} if case == "cut" else {}
    runs = [
        smaa(
            problem,
            method,
            None,
            uniform_simplex(5),
            1500,
            11,
            value_uncertainty=values,
            kernel=kernel,
            **limits,
        )
        for kernel in ("numpy", "numba")
    ]
    assert runs[0].conventions["kernel"].startswith("numpy")
    assert runs[1].conventions["kernel"].startswith("numba")
    assert without_kernel(runs[0]) == without_kernel(runs[1])


def test_the_kernel_is_chosen_by_work_and_by_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(compiled.ENV_VAR, raising=False)
    most = compiled.MAX_ALTERNATIVES
    assert compiled.choose("auto", 500, compiled.AUTO_WORK // 500 - 1) == "numpy"
    assert compiled.choose("auto", 500, compiled.AUTO_WORK // 500) == "numba"
    assert compiled.choose("auto", most, 10**6) == "numba"
    assert compiled.choose("auto", most + 1, 10**6) == "numpy"  # the count would be numpy's
    assert compiled.choose("numba", most + 1, 1) == "numba"  # asked for: VIKOR's keys still
    assert compiled.choose("numpy", 500, 10**9) == "numpy"
    monkeypatch.setenv(compiled.ENV_VAR, "numpy")
    assert compiled.choose("auto", 500, 10**9) == "numpy"
    monkeypatch.setenv(compiled.ENV_VAR, " Numba ")
    assert compiled.choose("auto", 5, 1) == "numba"
    assert compiled.choose("numpy", 5, 1) == "numpy"  # an explicit choice wins
    monkeypatch.setenv(compiled.ENV_VAR, "gpu")
    with pytest.raises(MethodError, match="CITYDIP_KERNEL: must be one of auto, numpy, numba"):
        compiled.choose("auto", 5, 1)
    with pytest.raises(MethodError, match="kernel: must be one of auto, numpy, numba, got 'c'"):
        compiled.choose("c", 5, 1)


def test_without_numba_auto_is_numpy_and_numba_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(compiled.ENV_VAR, raising=False)
    monkeypatch.setattr(compiled, "find_spec", lambda name: None)
    assert compiled.choose("auto", 500, 10**9) == "numpy"
    with pytest.raises(
        MethodError, match=r"numba is not installed \(pip install 'mcda-citydip\[fast\]'\)"
    ):
        compiled.choose("numba", 5, 1)
    with pytest.raises(MethodError, match="numba is not installed"):
        smaa(problem_of(4), "topsis", None, uniform_simplex(3), 10, 1, kernel="numba")
    monkeypatch.setenv(compiled.ENV_VAR, "numba")
    with pytest.raises(MethodError, match="CITYDIP_KERNEL=numba: numba is not installed") as error:
        compiled.choose("auto", 5, 1)
    assert "unset CITYDIP_KERNEL" in str(error.value) and error.value.parameter is None


def test_the_command_line_says_what_is_wrong_with_citydip_kernel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The variable is the command line's only way to choose: its errors name it."""
    from runner import run_citydip

    args = ["sensitivity", "--samples", "100", "-f", "json"]
    bad = run_citydip(args, env={compiled.ENV_VAR: "gpu"})
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.strip() == (
        "Error: CITYDIP_KERNEL: must be one of auto, numpy, numba, got 'gpu'"
    )
    monkeypatch.setattr(compiled, "find_spec", lambda name: None)
    missing = run_citydip(args, env={compiled.ENV_VAR: "numba"})
    assert missing.returncode == 2
    assert missing.stderr.strip() == (
        "Error: CITYDIP_KERNEL=numba: numba is not installed; "
        "pip install 'mcda-citydip[fast]', or unset CITYDIP_KERNEL"
    )
    chosen = run_citydip(args, env={compiled.ENV_VAR: "numpy"})
    assert chosen.returncode == 0 and '"kernel": "numpy: 64-bit sort' in chosen.stdout


def test_the_conventions_say_who_counts_the_ranks() -> None:
    """Past MAX_ALTERNATIVES the compiled path leaves sorting and counting to numpy (only
    VIKOR's keys stay compiled); the stated kernel says so (a reviewer's find)."""
    most = compiled.MAX_ALTERNATIVES
    assert "compiled rank counting" in compiled.describe("numba", most)
    beyond = compiled.describe("numba", most + 1)
    assert "counted by numpy" in beyond and "compiled rank counting" not in beyond
    assert compiled.describe("numpy", most + 1).startswith("numpy")
