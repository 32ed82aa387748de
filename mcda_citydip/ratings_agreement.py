"""Inter-rater agreement on one indicator rated by several experts.

``ratings`` is a (raters k × cities n) matrix, ``NaN`` where an expert answered "don't know".
Kendall's W and the six intraclass correlations of Shrout & Fleiss (1979) are computed on the
cities every rater rated; the rater who deviates most and the combined value per city use every
rating there is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np
from msgspec import Struct

from mcda_citydip.errors import MethodError
from mcda_citydip.model import BoolArray, FloatArray

Statistic = Literal["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "kendall_w"]
STATISTICS: tuple[str, ...] = get_args(Statistic)
ICC_FORMS = STATISTICS[:-1]
#: How the experts' ratings of a cell combine.
Combine = Literal["mean", "median"]

# Koo & Li (2016), "A guideline of selecting and reporting intraclass correlation coefficients
# for reliability research", J. Chiropractic Medicine 15(2):155–163: an ICC below 0.5 indicates
# poor reliability. ICC(2,k) (two-way random, absolute agreement, mean of k raters) fits a panel
# of experts drawn from a larger pool whose mean rating is used.
LOW_AGREEMENT = 0.5
AGREEMENT_STATISTIC = "ICC2k"

_TIE = 1e-12  # deviations this close count as a tie
_ZERO = 1e-14  # a mean square below _ZERO × mean(x²) counts as zero (rounding noise)


def _matrix(ratings: FloatArray, complete: bool) -> FloatArray:
    x = np.asarray(ratings, dtype=np.float64)
    if x.ndim != 2:
        raise MethodError(
            f"ratings: must be a (raters × cities) matrix, got shape {x.shape}",
            parameter="ratings",
        )
    if complete and np.isnan(x).any():
        raise MethodError(
            "ratings: must be complete (no NaN); select the complete_cities first",
            parameter="ratings",
        )
    return x


def complete_cities(ratings: FloatArray) -> BoolArray:
    """The cities (columns) rated by every rater: no ``NaN`` in the column (none if no raters)."""
    x = _matrix(ratings, False)
    return np.asarray(~np.isnan(x).any(axis=0) & (x.shape[0] > 0), dtype=np.bool_)


def kendall_w(ratings: FloatArray) -> float | None:
    """Kendall's coefficient of concordance W, corrected for ties.

    Each rater's ratings are ranked across the n objects (ties get their mid-rank). With R_i
    the rank sum of object i and T_j = Σ (t³ − t) over the tie groups (size t) of rater j,

        W = 12 S / (m² (n³ − n) − m Σ_j T_j),    S = Σ_i (R_i − mean R)²

    (Kendall & Babington Smith 1939; tie correction: Kendall 1948, *Rank Correlation Methods*,
    Griffin — the formula of NAG g08daf and R ``irr::kendall(correct = TRUE)``).

    Parameters
    ----------
    ratings : (m raters, n objects) complete matrix (no NaN).

    Returns
    -------
    W in [0, 1], or None when undefined: fewer than 2 raters or 2 objects, or a zero
    denominator (every rater gave every object the same rating).
    """
    x = _matrix(ratings, True)
    m, n = x.shape
    if m < 2 or n < 2:
        return None
    # mid-rank of x[r, j] = #{l: x[r, l] < x[r, j]} + (#{l: x[r, l] = x[r, j]} + 1) / 2
    below = (x[:, None, :] < x[:, :, None]).sum(axis=2)
    equal = (x[:, None, :] == x[:, :, None]).sum(axis=2)
    ranks = below + (equal + 1) / 2.0
    # a tie group of size t has t members, each with `equal` = t: Σ_members (t² − 1) = t³ − t
    ties = float((equal.astype(np.float64) ** 2 - 1.0).sum())
    sums = ranks.sum(axis=0)
    s = float(((sums - sums.mean()) ** 2).sum())
    denominator = m * m * (n**3 - n) - m * ties
    if denominator <= 0:
        return None
    return float(12.0 * s / denominator)


def _mean_squares(ratings: FloatArray) -> tuple[float, float, float, float, float]:
    """BMS, JMS, EMS, WMS of the two-way ANOVA (targets × judges) and the zero threshold."""
    y = ratings.T  # n targets (cities) × k judges (raters)
    n, k = y.shape
    grand = y.mean()
    total = float(((y - grand) ** 2).sum())
    between_targets = k * float(((y.mean(axis=1) - grand) ** 2).sum())
    between_judges = n * float(((y.mean(axis=0) - grand) ** 2).sum())
    residual = max(total - between_targets - between_judges, 0.0)
    within = max(total - between_targets, 0.0)
    bms, jms = between_targets / (n - 1), between_judges / (k - 1)
    ems, wms = residual / ((n - 1) * (k - 1)), within / (n * (k - 1))
    return bms, jms, ems, wms, _ZERO * max(float((y * y).mean()), np.finfo(np.float64).tiny)


def icc(ratings: FloatArray) -> dict[str, float] | None:
    """The six intraclass correlations of Shrout & Fleiss (1979).

    Shrout, P. E. & Fleiss, J. L. (1979), "Intraclass correlations: uses in assessing rater
    reliability", Psychological Bulletin 86(2):420–428. The matrix is read as n targets
    (cities) rated by k judges (raters); from the two-way ANOVA, BMS = between-targets,
    JMS = between-judges, EMS = residual and WMS = within-target mean square:

        ICC1  = (BMS − WMS) / (BMS + (k − 1) WMS)           ICC1k = (BMS − WMS) / BMS
        ICC2  = (BMS − EMS) / (BMS + (k − 1) EMS + k (JMS − EMS) / n)
        ICC2k = (BMS − EMS) / (BMS + (JMS − EMS) / n)
        ICC3  = (BMS − EMS) / (BMS + (k − 1) EMS)           ICC3k = (BMS − EMS) / BMS

    (ICC1 … ICC3k are ICC(1,1), ICC(2,1), ICC(3,1), ICC(1,k), ICC(2,k), ICC(3,k).) Values may
    be negative; they are never clipped.

    Parameters
    ----------
    ratings : (k raters, n cities) complete matrix (no NaN).

    Returns
    -------
    The six values keyed by :data:`ICC_FORMS`; None when fewer than 2 raters or 2 targets, or
    when a denominator (an estimated variance) is zero up to rounding — no variance, or every
    city has the same mean — or negative (only ICC2k's can be, when BMS < (EMS − JMS)/n; its
    sign would turn a negative numerator into a spurious positive ICC).
    """
    x = _matrix(ratings, True)
    k, n = x.shape
    if k < 2 or n < 2:
        return None
    bms, jms, ems, wms, zero = _mean_squares(x)
    denominators = {
        "ICC1": bms + (k - 1) * wms,
        "ICC2": bms + (k - 1) * ems + k * (jms - ems) / n,
        "ICC3": bms + (k - 1) * ems,
        "ICC1k": bms,
        "ICC2k": bms + (jms - ems) / n,
        "ICC3k": bms,
    }
    if any(d <= zero for d in denominators.values()):
        return None
    numerators = {"ICC1": bms - wms, "ICC1k": bms - wms}
    return {form: numerators.get(form, bms - ems) / denominators[form] for form in ICC_FORMS}


def most_deviating(ratings: FloatArray, raters: Sequence[str]) -> str | None:
    """The rater whose ratings differ most from the mean of the other raters.

    For rater r, d_r = mean over cities c rated by r and by at least one other rater of
    |x_rc − mean_{s ≠ r, x_sc rated} x_sc|. Works on the matrix with gaps (NaN).

    Returns
    -------
    The rater with the largest d_r; None when fewer than 3 raters have ratings (with two, d is
    symmetric) or when the largest d_r is shared (within 1e-12) or 0.
    """
    x = _matrix(ratings, False)
    if len(raters) != x.shape[0]:
        raise MethodError(
            f"raters: {len(raters)} rater names for {x.shape[0]} rows of ratings",
            parameter="raters",
        )
    rated = ~np.isnan(x)
    if int(rated.any(axis=1).sum()) < 3:
        return None
    values = np.where(rated, x, 0.0)
    others = rated.sum(axis=0) - rated  # how many other raters rated each city
    usable = rated & (others > 0)
    other_mean = (values.sum(axis=0) - values) / np.maximum(others, 1)
    gaps = np.where(usable, np.abs(values - other_mean), 0.0)
    counts = usable.sum(axis=1)
    deviation = np.where(counts > 0, gaps.sum(axis=1) / np.maximum(counts, 1), -np.inf)
    best = float(deviation.max())
    if best <= _TIE or int((deviation >= best - _TIE).sum()) > 1:
        return None
    return raters[int(deviation.argmax())]


def combine(ratings: FloatArray, rule: Combine) -> FloatArray:
    """The combined rating per city over raters (NaN-aware); NaN where nobody rated the city."""
    if rule not in ("mean", "median"):
        raise MethodError(
            f"rule: unknown rule {rule!r} to combine ratings; use mean or median",
            parameter="rule",
        )
    x = _matrix(ratings, False)
    counts = (~np.isnan(x)).sum(axis=0)
    out, some, y = np.full(x.shape[1], np.nan), counts > 0, x[:, counts > 0]
    out[some] = np.nansum(y, 0) / counts[some] if rule == "mean" else np.nanmedian(y, 0)
    return out


class IndicatorAgreement(Struct, frozen=True):
    """How far the experts agree on one indicator (see :func:`indicator_agreement`)."""

    raters: tuple[str, ...]  # experts who rated at least one city of the indicator
    cities: int  # cities rated by every rater (used by W and ICC)
    kendall_w: float | None
    icc: Mapping[str, float] | None
    most_deviating: str | None
    values: Mapping[str, float]  # combined value per city (only cities with ≥ 1 rating)
    low: bool  # the chosen statistic is defined and below the threshold
    reason: str  # "" or why W / ICC are undefined


def _undefined(complete: FloatArray, w: float | None, found: dict[str, float] | None) -> str:
    """Plain-English reason why W or the ICCs are undefined ("" when both are defined)."""
    k, n = complete.shape
    if k < 2:
        return "one rater" if k else "no ratings"
    if n < 2:
        return "fewer than 2 cities rated by every rater"
    if bool(np.all(complete == complete[0, 0])):
        return "no variance: every rating is the same"
    parts = [] if w is not None else ["Kendall's W undefined: every rater tied all cities"]
    if found is None:
        bms, *_, zero = _mean_squares(complete)
        parts.append(
            "ICC undefined: every fully rated city has the same mean rating"
            if bms <= zero
            else "ICC undefined: a denominator of the ANOVA is not positive"
        )
    return "; ".join(parts)


def indicator_agreement(
    ratings: FloatArray,
    raters: Sequence[str],
    cities: Sequence[str],
    rule: Combine = "mean",
    statistic: str = AGREEMENT_STATISTIC,
    below: float = LOW_AGREEMENT,
) -> IndicatorAgreement:
    """Agreement of the experts on one indicator.

    Raters with no rating at all are dropped first. W and the ICCs use the cities every
    remaining rater rated; ``most_deviating`` and ``values`` (combined by ``rule``) use every
    rating. ``low`` is True when ``statistic`` (one of :data:`ICC_FORMS` or ``"kendall_w"``) is
    defined and below ``below`` (default 0.5: poor reliability, Koo & Li 2016); when it is
    undefined, ``low`` is False and ``reason`` says why.
    """
    if statistic not in STATISTICS:
        raise MethodError(
            f"statistic: unknown agreement statistic {statistic!r}; use one of: "
            f"{', '.join(STATISTICS)}",
            parameter="statistic",
        )
    x = _matrix(ratings, False)
    if x.shape != (len(raters), len(cities)):
        raise MethodError(
            f"ratings: of shape {x.shape} for {len(raters)} raters × {len(cities)} cities",
            parameter="ratings",
        )
    active = ~np.isnan(x).all(axis=1)
    x = x[active]
    names = tuple(raters[int(i)] for i in np.flatnonzero(active))
    complete = x[:, complete_cities(x)]
    w = kendall_w(complete)
    found = icc(complete)
    value = w if statistic == "kendall_w" else (None if found is None else found[statistic])
    value_of = zip(cities, combine(x, rule).tolist(), strict=True)
    combined = {c: v for c, v in value_of if not np.isnan(v)}  # cities nobody rated: left out
    return IndicatorAgreement(
        raters=names,
        cities=int(complete.shape[1]),
        kendall_w=w,
        icc=None if found is None else MappingProxyType(found),
        most_deviating=most_deviating(x, names),
        values=MappingProxyType(combined),
        low=value is not None and value < below,
        reason=_undefined(complete, w, found),
    )
