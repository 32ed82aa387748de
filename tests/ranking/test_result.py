"""Tests for ``mcda_citydip.ranking.result``: the tie rule and RankResult."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip.ranking.result import TIES, RankResult, rank_values, ranks_of


def test_min_rule_higher_is_better() -> None:
    """Competition ranking "1224": tied alternatives share the best of their ranks."""
    ranks = rank_values(np.array([0.3, 0.5, 0.5, 0.1]), higher_is_better=True)
    assert ranks.tolist() == [3, 1, 1, 4]


def test_min_rule_lower_is_better() -> None:
    ranks = rank_values(np.array([0.3, 0.5, 0.5, 0.1, 0.3]), higher_is_better=False)
    assert ranks.tolist() == [2, 4, 4, 1, 2]


def test_single_value_is_ranked_first() -> None:
    assert rank_values(np.array([0.7]), higher_is_better=True).tolist() == [1]
    assert rank_values(np.array([0.7]), higher_is_better=False).tolist() == [1]


def test_round_off_differences_tie_but_real_differences_do_not() -> None:
    """Values equal up to round-off (0.1 + 0.2 vs 0.3) tie; 1e-6 apart they do not."""
    tied = rank_values(np.array([0.1 + 0.2, 0.3, 0.2]), higher_is_better=True)
    assert tied.tolist() == [1, 1, 3]
    apart = rank_values(np.array([0.3 + 1e-6, 0.3, 0.2]), higher_is_better=True)
    assert apart.tolist() == [1, 2, 3]


@given(
    st.lists(st.integers(-5, 5), min_size=1, max_size=30),
    st.booleans(),
)
def test_rank_values_property(values: list[int], higher_is_better: bool) -> None:
    """Ranks lie in 1..m and equal 1 + the number of strictly better values (min rule)."""
    array = np.array(values, dtype=float) / 4.0
    ranks = rank_values(array, higher_is_better)
    m = len(values)
    assert ranks.min() == 1 and ranks.max() <= m
    for i, value in enumerate(array):
        better = np.sum(array > value) if higher_is_better else np.sum(array < value)
        assert ranks[i] == 1 + better


def test_ties_convention_is_min() -> None:
    assert TIES == "min"


def build_example() -> RankResult:
    return RankResult.build(
        "demo",
        ("x", "y", "z"),
        np.array([0.2, 0.9, 0.2]),
        higher_is_better=True,
        conventions={"normalization": "vector"},
        extras={"S": np.array([1.0, 2.0, 3.0])},
        flags={"ok": True},
        notes=("a note",),
    )


def test_build_carries_names_ranks_and_conventions() -> None:
    result = build_example()
    assert dict(result.scores) == {"x": 0.2, "y": 0.9, "z": 0.2}
    assert all(type(v) is float for v in result.scores.values())
    assert dict(result.ranks) == {"x": 2, "y": 1, "z": 2}
    assert all(type(v) is int for v in result.ranks.values())
    assert dict(result.conventions) == {"ties": "min", "normalization": "vector"}
    assert dict(result.extras["S"]) == {"x": 1.0, "y": 2.0, "z": 3.0}
    assert dict(result.flags) == {"ok": True}
    assert result.notes == ("a note",)
    assert result.order() == ["y", "x", "z"]  # tie x/z kept in input order


def test_lower_is_better_order() -> None:
    result = RankResult.build("q", ("a", "b", "c"), np.array([0.5, 0.0, 1.0]), False, {})
    assert dict(result.ranks) == {"a": 2, "b": 1, "c": 3}
    assert result.order() == ["b", "a", "c"]


def test_result_is_immutable() -> None:
    result = build_example()
    with pytest.raises(AttributeError):
        result.method = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.scores["x"] = 1.0  # type: ignore[index]
    with pytest.raises(TypeError):
        result.extras["S"]["x"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        result.conventions["ties"] = "max"  # type: ignore[index]


#: Values with exact ties, ties within the tolerance, chains of near-ties, signed zeros.
NEAR = st.sampled_from([0.0, -0.0, 1.0, 1.0 + 5e-13, 1.0 + 1e-12, 1.0 + 2e-12, 0.5, -3.0, 1e6])


@given(
    st.lists(
        st.lists(st.one_of(NEAR, st.floats(-1e6, 1e6)), min_size=6, max_size=6),
        min_size=1,
        max_size=5,
    ),
    st.lists(st.integers(0, 5), min_size=1, max_size=8),
    st.booleans(),
)
def test_ranks_of_chosen_columns_are_rank_values(
    rows: list[list[float]], chosen: list[int], higher_is_better: bool
) -> None:
    """The sort-based ranks of a few columns (the sweeps' listed alternatives) are those of
    the argsort-based :func:`rank_values`, tolerance chains and signed zeros included."""
    values = np.array(rows)
    picked = np.array(chosen, dtype=np.int64)
    expected = np.array([rank_values(row, higher_is_better)[picked] for row in values])
    np.testing.assert_array_equal(ranks_of(values, picked, higher_is_better), expected)
