"""Checks and notes shared by the ranking methods."""

from __future__ import annotations

import numpy as np

from mcda_citydip.model import FloatArray, Problem


def constant_columns(matrix: FloatArray) -> FloatArray:
    """Boolean mask of indicators with the same value for every alternative."""
    return np.asarray(np.ptp(matrix, axis=0) == 0)


def degenerate_notes(problem: Problem, weights: FloatArray) -> list[str]:
    """Notes on inputs that carry no information: constant indicators, zero weights."""
    notes: list[str] = []
    names = problem.criteria
    constant = [names[j] for j in np.nonzero(constant_columns(problem.matrix))[0]]
    if constant:
        notes.append(
            f"indicator(s) {', '.join(constant)} have the same value for every alternative: "
            "they cannot separate the alternatives and contribute nothing to the ranking"
        )
    zero = [names[j] for j in np.nonzero(weights == 0)[0]]
    if zero:
        notes.append(
            f"indicator(s) {', '.join(zero)} have weight 0: they do not affect the ranking"
        )
    if len(problem.alternatives) == 1:
        notes.append("only one alternative: it is ranked first by definition")
    return notes
