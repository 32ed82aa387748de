"""Which pairs of alternatives get critical thresholds (:mod:`.thresholds`), and the notes
that say so when not all of them do.

Every pair while their numbers fit the output cap (:data:`~.limits.OUTPUT_VALUES`), else the
pairs among the first ``K`` alternatives of the baseline ranking (:func:`listed_pairs`); the
analysis asks, by default, for the pairs among the first
:data:`~.limits.PAIR_ALTERNATIVES` only. The top's pairs with every alternative are always
computed.
"""

from __future__ import annotations

import math

from mcda_citydip.i18n import N_, Message


def listed_pairs(m: int, n: int, max_values: int) -> int:
    """``K``: the pairs among the first ``K`` alternatives of the baseline ranking are listed,
    ``2n`` numbers each (a threshold and a weight per criterion). ``m`` when every pair fits
    in ``max_values``, else the largest ``K`` (at least 2) whose ``K(K − 1)/2`` pairs fit."""
    per_pair = 2 * max(n, 1)
    if m * (m - 1) // 2 * per_pair <= max_values:
        return m
    kept = int((1 + math.isqrt(1 + 8 * (max_values // per_pair))) // 2)
    while kept * (kept - 1) // 2 * per_pair > max_values:
        kept -= 1
    return min(m, max(2, kept))


def cap_note(m: int, kept: int, max_values: int) -> Message:
    """The note of pairs cut to fit the output cap."""
    return Message(
        N_(
            "pair thresholds: {count:,} alternatives make {pairs:,} pairs; listed are the "
            "{listed:,} pairs among the first {kept:,} alternatives of the baseline ranking "
            "(cap: {cap:,} numbers); the top's thresholds use its pairs with every "
            "alternative, and most_critical_any the smallest over the pairs computed (those "
            "and the top's)"
        ),
        count=m,
        pairs=m * (m - 1) // 2,
        listed=kept * (kept - 1) // 2,
        kept=kept,
        cap=max_values,
    )


def pairs_note(m: int, kept: int) -> Message:
    """The note of pairs cut to the first ``kept`` alternatives asked for."""
    return Message(
        N_(
            "pair thresholds: computed and listed for the {listed:,} pairs among the first "
            "{kept:,} alternatives of the baseline ranking, of {pairs:,} pairs of {count:,} "
            "alternatives (pairs: {kept:,}; pairs 'all' computes every pair); the top's "
            "thresholds use its pairs with every alternative, and most_critical_any the "
            "smallest over the pairs computed"
        ),
        count=m,
        pairs=m * (m - 1) // 2,
        listed=kept * (kept - 1) // 2,
        kept=kept,
    )
