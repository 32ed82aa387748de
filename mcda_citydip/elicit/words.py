"""A judgment in words, so that an expert who typed the reciprocal by mistake sees it at once.

Saaty's verbal scale (Saaty 1980, Table 1.1; the even values are the compromises between
their neighbours): ``3`` for (A, B) reads "A is moderately more important than B", ``1/3``
reads "B is moderately more important than A". Each wording is one whole sentence of the
message catalogue (:mod:`mcda_citydip.i18n`), so that a language may order its words as it
must.
"""

from __future__ import annotations

import math

from mcda_citydip.i18n import N_, _, shown_number

SENTENCES = {
    2: N_("{more} is equally to moderately more important than {less}"),
    3: N_("{more} is moderately more important than {less}"),
    4: N_("{more} is moderately to strongly more important than {less}"),
    5: N_("{more} is strongly more important than {less}"),
    6: N_("{more} is strongly to very strongly more important than {less}"),
    7: N_("{more} is very strongly more important than {less}"),
    8: N_("{more} is very strongly to extremely more important than {less}"),
    9: N_("{more} is extremely more important than {less}"),
}


def judgment_in_words(left: str, right: str, value: float) -> str:
    """``left`` compared with ``right`` at ``value`` (> 1: left is more important)."""
    if math.isclose(value, 1.0, rel_tol=1e-9):
        return _("{left} and {right} are equally important").format(left=left, right=right)
    more, less, ratio = (left, right, value) if value > 1 else (right, left, 1.0 / value)
    whole = round(ratio)
    if math.isclose(ratio, whole, rel_tol=1e-9) and whole in SENTENCES:
        return _(SENTENCES[whole]).format(more=more, less=less)
    times = _("{more} is {ratio} times as important as {less}")
    return times.format(more=more, ratio=shown_number(f"{ratio:.3g}"), less=less)
