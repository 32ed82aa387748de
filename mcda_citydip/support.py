"""How much of the model a ranking rests on: supported and discriminating weight.

A ranking computed from a few indicators of a 32-indicator model is a ranking on those few,
re-weighted; a reader of "1. Dubai 0.8477" cannot see that. Two shares of the model's global
weight say it:

- **supported weight**: the weight of the indicators that enter the ranking, i.e. that have
  data or expert scores and are not dropped by the missing-data policy;
- **discriminating weight**: the part of it carried by indicators whose (prepared) values
  also differ between the alternatives: an indicator equal for every city supports the model
  but cannot separate anyone.

Both are given per dimension (the goal's children) too. Below ``min_supported_weight``
(default 0.5) the ranking is a *partial index*, and every output says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
from msgspec import Struct

from mcda_citydip.errors import MethodError
from mcda_citydip.i18n import N_, Message
from mcda_citydip.model import GOAL, FloatArray, Hierarchy

MIN_SUPPORTED_WEIGHT = 0.5


class DimensionSupport(Struct, frozen=True):
    """One dimension's weight in the model and the shares of it with data / that separate."""

    weight: float
    supported: float
    discriminating: float

    def to_data(self) -> dict[str, float]:
        return {
            "weight": self.weight,
            "supported_weight": self.supported,
            "discriminating_weight": self.discriminating,
        }


class Support(Struct, frozen=True):
    """The shares of the model's global weight a ranking rests on (module notes)."""

    supported_weight: float
    discriminating_weight: float
    supported: tuple[str, ...]
    discriminating: tuple[str, ...]
    indicators: int
    dimensions: Mapping[str, DimensionSupport]
    minimum: float = MIN_SUPPORTED_WEIGHT

    @property
    def partial(self) -> bool:
        """Whether the ranking rests on less of the model than ``minimum``."""
        return self.supported_weight < self.minimum - 1e-12

    @property
    def without_data(self) -> tuple[str, ...]:
        """Dimensions with weight but no indicator in the ranking."""
        return tuple(d for d, s in self.dimensions.items() if s.weight > 0 and s.supported == 0)

    def headline(self) -> Message:
        """One sentence for the top of every output."""
        text = Message(
            N_(
                "The ranking rests on {supported:.1%} of the model's weight ({count} of "
                "{indicators} indicators have data or expert scores); {discriminating:.1%} "
                "separates the alternatives."
            ),
            supported=self.supported_weight,
            count=len(self.supported),
            indicators=self.indicators,
            discriminating=self.discriminating_weight,
        )
        if self.without_data:
            text = Message(
                N_("{sentence} No data at all for: {dimensions}."),
                sentence=text,
                dimensions=", ".join(self.without_data),
            )
        if self.partial:
            text = Message(
                N_("PARTIAL INDEX (supported weight {supported:.1%} < {minimum:.0%}). {sentence}"),
                supported=self.supported_weight,
                minimum=self.minimum,
                sentence=text,
            )
        return text

    def to_data(self) -> dict[str, object]:
        return {
            "supported_weight": self.supported_weight,
            "discriminating_weight": self.discriminating_weight,
            "partial_index": self.partial,
            "min_supported_weight": self.minimum,
            "supported_indicators": list(self.supported),
            "discriminating_indicators": list(self.discriminating),
            "dimensions_without_data": list(self.without_data),
            "support_by_dimension": {d: s.to_data() for d, s in self.dimensions.items()},
        }


def _check_arguments(
    hierarchy: Hierarchy, used: Sequence[str], matrix: FloatArray, minimum: float
) -> None:
    """A :class:`MethodError` naming the argument of :func:`model_support` that does not fit."""
    unknown = [c for c in used if c not in hierarchy.leaves]
    if unknown:
        raise MethodError(
            f"used: {', '.join(map(repr, unknown))} not indicators of {hierarchy.source}",
            parameter="used",
        )
    if matrix.ndim != 2 or matrix.shape[1] != len(used):
        raise MethodError(
            f"values: shape {matrix.shape}; give a matrix with one column per used "
            f"indicator ({len(used)})",
            parameter="values",
        )
    if not 0.0 <= minimum <= 1.0:
        raise MethodError(
            f"minimum: must be a share from 0 to 1, got {minimum!r}", parameter="minimum"
        )


def model_support(
    hierarchy: Hierarchy,
    weights: Mapping[str, float],
    used: Sequence[str],
    values: FloatArray,
    minimum: float = MIN_SUPPORTED_WEIGHT,
) -> Support:
    """The support of a ranking.

    Parameters
    ----------
    hierarchy, weights
        The model and its global leaf weights (summing to 1).
    used
        The indicators that enter the ranking (not dropped), in the column order of ``values``.
    values
        The prepared alternatives × ``used`` matrix: a column whose values are all equal
        supports the model but does not discriminate.
    """
    matrix = np.asarray(values, dtype=float)
    _check_arguments(hierarchy, used, matrix, minimum)
    differs = ~np.all(matrix == matrix[:1], axis=0) if matrix.size else np.zeros(len(used), bool)
    supported = tuple(used)
    discriminating = tuple(c for c, d in zip(used, differs.tolist(), strict=True) if d)

    def share(indicators: Sequence[str], within: Sequence[str] | None = None) -> float:
        pool = set(within) if within is not None else None
        return float(sum(weights.get(c, 0.0) for c in indicators if pool is None or c in pool))

    dimensions = {}
    for dimension in hierarchy.nodes[GOAL].children:
        leaves = hierarchy.leaves_under(dimension)
        dimensions[dimension] = DimensionSupport(
            share(leaves), share(supported, leaves), share(discriminating, leaves)
        )
    return Support(
        share(supported),
        share(discriminating),
        supported,
        discriminating,
        len(hierarchy.leaves),
        MappingProxyType(dimensions),
        minimum,
    )
