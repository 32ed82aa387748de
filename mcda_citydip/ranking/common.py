"""Checks, notes and the exact column scaling shared by the ranking methods."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import FloatArray, Problem


def unit_columns(matrix: FloatArray) -> FloatArray:
    """Every column (axis −2, so a stack ``… × m × n`` too) divided by ``2^e``, the power of
    two just above its largest absolute value (``frexp``): the largest ``|x|`` lands in
    ``[0.5, 1)``.

    TOPSIS and VIKOR are invariant to a positive scale per column in exact arithmetic, and a
    power-of-two scale changes no digit of a normal number, so the result is the same to the
    bit; but after it ``‖x‖²`` (vector normalisation) and ``max − min`` (min-max, VIKOR) can
    neither overflow nor underflow anywhere in the finite float range (1e308 and −1e308,
    1e-160, denormals). Only values below ``2^-1022`` times their column's largest lose
    digits (they become denormal): they cannot move any score by more than that. Columns
    of zeros, and columns already scaled, are returned unchanged (``e = 0``).
    """
    peak = np.max(np.abs(matrix), axis=-2, keepdims=True)
    exponent = np.frexp(peak)[1]
    scaled: FloatArray = np.ldexp(matrix, -exponent)
    return scaled


def constant_columns(matrix: FloatArray) -> npt.NDArray[np.bool_]:
    """Boolean mask of indicators with the same value for every alternative."""
    return np.asarray(np.all(matrix == matrix[:1], axis=0))


def degenerate_notes(problem: Problem, weights: FloatArray) -> list[str]:
    """Notes on inputs that carry no information: constant indicators, zero weights."""
    notes: list[str] = []
    names = problem.criteria
    constant = [names[j] for j in np.nonzero(constant_columns(problem.matrix))[0]]
    if constant:
        notes.append(
            Message(
                N_(
                    "indicator(s) {indicators} have the same value for every alternative: "
                    "they cannot separate the alternatives and contribute nothing to the ranking"
                ),
                indicators=", ".join(constant),
            )
        )
    zero = [names[j] for j in np.nonzero(weights == 0)[0]]
    if zero:
        notes.append(
            Message(
                N_("indicator(s) {indicators} have weight 0: they do not affect the ranking"),
                indicators=", ".join(zero),
            )
        )
    if len(problem.alternatives) == 1:
        notes.append(Message(N_("only one alternative: it is ranked first by definition")))
    return notes
