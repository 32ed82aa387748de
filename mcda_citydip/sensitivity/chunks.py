"""Chunk planning: how much of a computation fits the memory budget at once.

A computation over ``total`` items (weight rows, pairs, central weights, …) whose working
arrays take ``item_bytes`` per item is cut into consecutive chunks of at most
``budget // item_bytes`` items, so one chunk's arrays stay within ``budget`` bytes (a single
item larger than the budget is a chunk of one). The ``*_BYTES`` constants are what the
kernels here allocate per item, counted generously (every temporary alive at once).
"""

from __future__ import annotations

from mcda_citydip.sensitivity.limits import MEMORY_BUDGET

FLOAT = 8
SCORE_BYTES = 8 * FLOAT  # per alternative and weight row: scores and the method's temporaries
RANK_BYTES = 8 * FLOAT  # per alternative and weight row: ranking a row (ranks_of's sort)
SCAN_PAIR_BYTES = 8 * FLOAT  # per pair and scan row: both scores, their gap, the tolerance
SHARED = 2  # a pair scan gives its pairs at most half the budget, its scores the rest


def items_per_chunk(item_bytes: int, budget: int = MEMORY_BUDGET) -> int:
    """The most items whose ``item_bytes`` each fit in ``budget`` bytes; at least 1."""
    if item_bytes < 1 or budget < 1:
        raise ValueError(f"item_bytes {item_bytes} and budget {budget} must be positive")
    return max(1, budget // item_bytes)


def plan_chunks(total: int, item_bytes: int, budget: int = MEMORY_BUDGET) -> list[slice]:
    """Consecutive slices covering ``range(total)`` in order, each of at most
    :func:`items_per_chunk` items (none when ``total`` is 0)."""
    size = items_per_chunk(item_bytes, budget)
    return [slice(start, min(start + size, total)) for start in range(0, total, size)]


def plan_scan(
    rows: int, pairs: int, alternatives: int, budget: int = MEMORY_BUDGET
) -> tuple[list[slice], int]:
    """Pair chunks and rows per chunk for a scan of ``rows`` weight rows over ``pairs`` pairs.

    Each row scores every alternative (``SCORE_BYTES`` each) and compares the pairs of the
    chunk (``SCAN_PAIR_BYTES`` each): the pairs of a chunk take at most ``budget / SHARED``
    for one row, and the rows are as many as fit with their scores.
    """
    pair_chunks = plan_chunks(pairs, SCAN_PAIR_BYTES, budget // SHARED)
    widest = max((s.stop - s.start for s in pair_chunks), default=0)
    row_bytes = SCORE_BYTES * alternatives + SCAN_PAIR_BYTES * widest
    return pair_chunks, min(rows, items_per_chunk(row_bytes, budget)) if rows else 1
