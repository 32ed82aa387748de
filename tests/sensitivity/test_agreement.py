"""Tests for ``mcda_citydip.sensitivity.agreement``: rs, rw and WS between methods.

Formulas (Sałabun, W. & Urbaniak, K. (2020). A new coefficient of rankings similarity in
decision-making problems. ICCS 2020, LNCS 12137:632–645), for rankings x, y of n items:

* r_s = 1 − 6 Σ (x_i − y_i)² / (n (n² − 1))                     (no ties);
* r_w = 1 − 6 Σ (x_i − y_i)² ((n − x_i + 1) + (n − y_i + 1)) / (n⁴ + n³ − n² − n);
* WS  = 1 − Σ 2^(−x_i) |x_i − y_i| / max(|x_i − 1|, |x_i − n|)   (x is the reference).

The golden numbers below are worked by hand from these formulas (not taken from a program).
"""

from __future__ import annotations

import json
from types import MappingProxyType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.model import GOAL, Hierarchy, Node, Problem
from mcda_citydip.ranking import METHODS
from mcda_citydip.sensitivity.agreement import (
    AGREEMENT_METHODS,
    agreement_rankings,
    method_agreement,
)


def named(ranks: list[int]) -> dict[str, int]:
    return {f"a{i + 1}": r for i, r in enumerate(ranks)}


def pair(x: list[int], y: list[int]) -> dict[str, float | None]:
    """rs, rw, WS of y against the reference x."""
    result = method_agreement({"x": named(x), "y": named(y)})
    return {name: matrix["x"]["y"] for name, matrix in result.correlations.items()}


def test_swap_at_the_top_by_hand() -> None:
    """n = 5, x = (1, 2, 3, 4, 5), y = (2, 1, 3, 4, 5): Σd² = 2.

    r_s = 1 − 6·2/(5·24) = 0.9.
    r_w: the two swapped items give 1·((5 − 1 + 1) + (5 − 2 + 1)) = 9 each, Σ = 18;
    denominator 625 + 125 − 25 − 5 = 720; r_w = 1 − 6·18/720 = 0.85.
    WS = 1 − [2⁻¹·1/max(0, 4) + 2⁻²·1/max(1, 3)] = 1 − (1/8 + 1/12) = 19/24 ≈ 0.791667.
    """
    values = pair([1, 2, 3, 4, 5], [2, 1, 3, 4, 5])
    assert values["rs"] == pytest.approx(0.9, abs=1e-12)
    assert values["rw"] == pytest.approx(0.85, abs=1e-12)
    assert values["ws"] == pytest.approx(19 / 24, abs=1e-12)


def test_swap_at_the_bottom_by_hand() -> None:
    """Same n, y = (1, 2, 3, 5, 4): r_s is again 0.9 but rw and WS weigh the bottom less.

    r_w: each swapped item gives 1·((5 − 4 + 1) + (5 − 5 + 1)) = 3, Σ = 6;
    r_w = 1 − 36/720 = 0.95.
    WS = 1 − [2⁻⁴·1/max(3, 1) + 2⁻⁵·1/max(4, 0)] = 1 − (1/48 + 1/128) = 373/384 ≈ 0.971354.
    """
    values = pair([1, 2, 3, 4, 5], [1, 2, 3, 5, 4])
    assert values["rs"] == pytest.approx(0.9, abs=1e-12)
    assert values["rw"] == pytest.approx(0.95, abs=1e-12)
    assert values["ws"] == pytest.approx(373 / 384, abs=1e-12)


def test_reversed_ranking_by_hand() -> None:
    """n = 3, x = (1, 2, 3), y = (3, 2, 1): r_s = 1 − 6·8/24 = −1.
    r_w = 1 − 6·[4·(3 + 1) + 0 + 4·(1 + 3)]/(81 + 27 − 9 − 3) = 1 − 192/96 = −1.
    WS = 1 − [2⁻¹·2/max(0, 2) + 0 + 2⁻³·2/max(2, 0)] = 1 − (1/2 + 1/8) = 3/8."""
    values = pair([1, 2, 3], [3, 2, 1])
    assert values["rs"] == pytest.approx(-1.0, abs=1e-12)
    assert values["rw"] == pytest.approx(-1.0, abs=1e-12)
    assert values["ws"] == pytest.approx(3 / 8, abs=1e-12)


def test_ws_is_not_symmetric_by_hand() -> None:
    """x = (1, 2, 3), y = (3, 1, 2).
    WS(x ref) = 1 − [2⁻¹·2/2 + 2⁻²·1/1 + 2⁻³·1/2] = 1 − (1/2 + 1/4 + 1/16) = 3/16.
    WS(y ref) = 1 − [2⁻³·2/2 + 2⁻¹·1/2 + 2⁻²·1/1] = 1 − (1/8 + 1/4 + 1/4) = 3/8.
    The matrix row is the reference."""
    result = method_agreement({"x": named([1, 2, 3]), "y": named([3, 1, 2])})
    ws = result.correlations["ws"]
    assert ws["x"]["y"] == pytest.approx(3 / 16, abs=1e-12)
    assert ws["y"]["x"] == pytest.approx(3 / 8, abs=1e-12)
    assert result.correlations["rs"]["x"]["y"] == result.correlations["rs"]["y"]["x"]


# ------------------------------------------------------------------ independent formulas


def spearman_by_formula(x: list[int], y: list[int]) -> float:
    n = len(x)
    return 1 - 6 * sum((a - b) ** 2 for a, b in zip(x, y, strict=True)) / (n * (n * n - 1))


def weighted_spearman_by_formula(x: list[int], y: list[int]) -> float:
    n = len(x)
    total = sum((a - b) ** 2 * ((n - a + 1) + (n - b + 1)) for a, b in zip(x, y, strict=True))
    return 1 - 6 * total / (n**4 + n**3 - n**2 - n)


def ws_by_formula(x: list[int], y: list[int]) -> float:
    n = len(x)
    return 1 - sum(
        2.0 ** (-a) * abs(a - b) / max(abs(a - 1), abs(a - n)) for a, b in zip(x, y, strict=True)
    )


permutations = st.integers(2, 9).flatmap(
    lambda n: st.tuples(st.permutations(range(1, n + 1)), st.permutations(range(1, n + 1)))
)


@given(permutations)
def test_matches_the_published_formulas(rankings: tuple[list[int], list[int]]) -> None:
    """pymcdm (as wrapped) against the formulas written out independently."""
    x, y = (list(r) for r in rankings)
    values = pair(x, y)
    assert values["rs"] == pytest.approx(spearman_by_formula(x, y), abs=1e-12)
    assert values["rw"] == pytest.approx(weighted_spearman_by_formula(x, y), abs=1e-12)
    assert values["ws"] == pytest.approx(ws_by_formula(x, y), abs=1e-12)


@given(st.integers(2, 9).flatmap(lambda n: st.permutations(range(1, n + 1))))
def test_identical_rankings_agree_fully(ranking: list[int]) -> None:
    result = method_agreement({"a": named(list(ranking)), "b": named(list(ranking))})
    for matrix in result.correlations.values():
        for row in matrix.values():
            assert all(v == pytest.approx(1.0, abs=1e-12) for v in row.values())


def test_undefined_coefficients_are_none() -> None:
    """All tied: rs has zero variance (undefined); one alternative: nothing is defined."""
    tied = method_agreement({"a": named([1, 1, 1]), "b": named([1, 2, 3])})
    assert tied.correlations["rs"]["a"]["b"] is None
    assert tied.correlations["rw"]["a"]["b"] is not None
    single = method_agreement({"a": named([1]), "b": named([1])})
    assert all(m["a"]["b"] is None for m in single.correlations.values())
    json.dumps(single.to_data(), allow_nan=False)


def test_rankings_must_cover_the_same_alternatives() -> None:
    with pytest.raises(ValueError, match="same alternatives"):
        method_agreement({"a": {"x": 1, "y": 2}, "b": {"x": 1, "z": 2}})
    with pytest.raises(ValueError, match="no rankings"):
        method_agreement({})


def test_alternative_order_does_not_matter() -> None:
    """Rankings given as mappings in different key orders are aligned by name."""
    result = method_agreement({"a": {"p": 1, "q": 2, "r": 3}, "b": {"r": 3, "q": 1, "p": 2}})
    assert result.alternatives == ("p", "q", "r")
    assert result.correlations["rs"]["a"]["b"] == pytest.approx(0.5, abs=1e-12)  # Σd² = 2


def test_agreement_rankings_runs_the_three_methods() -> None:
    """TOPSIS (vector), VIKOR and TOPSIS (min-max), each ranked by the ranking module."""
    ids = ("c1", "c2")
    nodes = {GOAL: Node(GOAL, "Goal", children=ids)}
    nodes.update({c: Node(c, c, direction="benefit") for c in ids})
    matrix = np.array([[0.0, 0.0], [1.0, 3.0], [2.0, 1.0], [3.0, 2.0]])
    problem = Problem(Hierarchy("t", MappingProxyType(nodes)), ("W", "A", "B", "C"), matrix)
    weights = np.array([0.6, 0.4])
    rankings = agreement_rankings(problem, weights)
    assert tuple(rankings) == ("topsis", "vikor", "topsis-minmax") == tuple(AGREEMENT_METHODS)
    assert rankings["topsis"] == dict(METHODS["topsis"](problem, weights).ranks)
    assert rankings["topsis-minmax"] == dict(
        METHODS["topsis"](problem, weights, normalization="minmax").ranks
    )
    assert rankings["vikor"] == dict(METHODS["vikor"](problem, weights).ranks)
    data = method_agreement(rankings).to_data()
    json.dumps(data, allow_nan=False)
    assert set(data["correlations"]) == {"rs", "rw", "ws"}
    assert set(data["correlations"]["ws"]["vikor"]) == {"topsis", "vikor", "topsis-minmax"}


@settings(deadline=None)  # the first example imports pymcdm (and matplotlib): about a second
@given(
    st.integers(2, 30).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(1, n), min_size=n, max_size=n),
            st.lists(st.integers(1, n), min_size=n, max_size=n),
        )
    )
)
def test_the_coefficients_agree_with_pymcdm(rankings: tuple[list[int], list[int]]) -> None:
    """rs, rw and WS as pymcdm.correlations computes them, on random rankings with ties
    (ranks drawn from 1…n with repeats), to round-off; an all-tied rs is None here."""
    from pymcdm import correlations

    x, y = (np.array(r, dtype=float) for r in rankings)
    found = pair(list(rankings[0]), list(rankings[1]))
    assert found["rw"] == pytest.approx(float(correlations.rw(x, y)), abs=1e-12)
    assert found["ws"] == pytest.approx(float(correlations.ws(x, y)), abs=1e-12)
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        assert found["rs"] is None
    else:
        assert found["rs"] == pytest.approx(float(correlations.rs(x, y)), abs=1e-12)
