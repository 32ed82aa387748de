"""A judgment in words, so that an expert who typed the reciprocal by mistake sees it at once.

Saaty's verbal scale (Saaty 1980, Table 1.1; the even values are the compromises between
their neighbours): ``3`` for (A, B) reads "A is moderately more important than B", ``1/3``
reads "B is moderately more important than A".
"""

from __future__ import annotations

import math

INTENSITY = {
    2: "equally to moderately",
    3: "moderately",
    4: "moderately to strongly",
    5: "strongly",
    6: "strongly to very strongly",
    7: "very strongly",
    8: "very strongly to extremely",
    9: "extremely",
}


def judgment_in_words(left: str, right: str, value: float) -> str:
    """``left`` compared with ``right`` at ``value`` (> 1: left is more important)."""
    if math.isclose(value, 1.0, rel_tol=1e-9):
        return f"{left} and {right} are equally important"
    more, less, ratio = (left, right, value) if value > 1 else (right, left, 1.0 / value)
    whole = round(ratio)
    if math.isclose(ratio, whole, rel_tol=1e-9) and whole in INTENSITY:
        return f"{more} is {INTENSITY[whole]} more important than {less}"
    return f"{more} is {ratio:.3g} times as important as {less}"
