"""Tests for ``mcda_citydip.sensitivity.chunks``: the chunk planner, as pure functions.

Every pair computation of a sensitivity run is cut into chunks planned here; a chunk's
working arrays (items × bytes per item) must fit the budget, and the chunks must cover
every item once, in order.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip.sensitivity.chunks import (
    SCAN_PAIR_BYTES,
    SCORE_BYTES,
    SHARED,
    items_per_chunk,
    plan_chunks,
    plan_scan,
)
from mcda_citydip.sensitivity.limits import MEMORY_BUDGET, OUTPUT_VALUE_BYTES, OUTPUT_VALUES


@given(st.integers(0, 100_000), st.integers(1, 10_000), st.integers(1, 10**9))
def test_chunks_cover_every_item_once_in_order_within_the_budget(
    total: int, item_bytes: int, budget: int
) -> None:
    chunks = plan_chunks(total, item_bytes, budget)
    covered = [i for chunk in chunks for i in range(chunk.start, chunk.stop)]
    assert covered == list(range(total))
    for chunk in chunks:
        size = chunk.stop - chunk.start
        assert size >= 1
        if item_bytes > budget:  # one item larger than the budget: a chunk of one
            assert size == 1
        else:
            assert size * item_bytes <= budget
    if chunks and item_bytes <= budget:  # as few chunks as the budget allows
        assert all(c.stop - c.start == budget // item_bytes for c in chunks[:-1])


def test_an_item_larger_than_the_budget_is_a_chunk_of_one() -> None:
    assert items_per_chunk(1000, 999) == 1
    assert plan_chunks(3, 1000, 999) == [slice(0, 1), slice(1, 2), slice(2, 3)]
    assert plan_chunks(0, 8, 64) == []
    with pytest.raises(ValueError):
        items_per_chunk(0, 64)


def test_the_pairs_of_two_thousand_alternatives_no_longer_fit_in_one_chunk() -> None:
    """The fuzzing case: all pairs of 2,000 alternatives over 1,000 scan points asked for
    14.9 GiB in one array. Planned, every chunk of the scan fits the default budget."""
    m, rows = 2000, 1000
    pairs = m * (m - 1) // 2
    assert rows * pairs * 8 > 14 * 2**30
    pair_chunks, rows_per_chunk = plan_scan(rows, pairs, m)
    widest = max(c.stop - c.start for c in pair_chunks)
    assert widest * SCAN_PAIR_BYTES <= MEMORY_BUDGET // SHARED
    row_bytes = SCORE_BYTES * m + SCAN_PAIR_BYTES * widest
    assert rows_per_chunk * row_bytes <= MEMORY_BUDGET  # a chunk of the scan fits
    assert (rows_per_chunk + 1) * row_bytes > MEMORY_BUDGET  # and holds as many rows as fit
    assert rows_per_chunk < rows  # so the 1,000 scan points go a few at a time


@given(st.integers(1, 2000), st.integers(0, 300_000), st.integers(1, 50_000), st.integers(10, 30))
def test_scan_chunks_fit_the_budget(rows: int, pairs: int, m: int, log_budget: int) -> None:
    budget = 2**log_budget
    pair_chunks, per_chunk = plan_scan(rows, pairs, m, budget)
    assert [i for c in pair_chunks for i in range(c.start, c.stop)] == list(range(pairs))
    widest = max((c.stop - c.start for c in pair_chunks), default=0)
    row_bytes = SCORE_BYTES * m + SCAN_PAIR_BYTES * widest
    if row_bytes > budget:  # one row alone is over the budget: rows go one at a time
        assert per_chunk == 1
    else:  # as many rows as fit, and never more than there are
        assert per_chunk * row_bytes <= budget
        assert per_chunk == rows or (per_chunk + 1) * row_bytes > budget


def test_the_budget_and_the_output_cap_are_stated_and_consistent() -> None:
    """One budget: the output cap is derived from it (eight analyses — SMAA, thresholds,
    sweeps, reversal for two methods — at OUTPUT_VALUE_BYTES each fill one budget)."""
    assert MEMORY_BUDGET == 512 * 2**20
    assert OUTPUT_VALUES * OUTPUT_VALUE_BYTES * 8 == MEMORY_BUDGET
