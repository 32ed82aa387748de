"""Inter-rater agreement (:mod:`mcda_citydip.ratings_agreement`).

Published numbers first, then independent implementations written differently from the
module, then properties and edge cases. Matrices are raters × cities, as in the module.
"""

from __future__ import annotations

import random

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mcda_citydip.errors import MethodError
from mcda_citydip.ratings_agreement import (
    AGREEMENT_STATISTIC,
    ICC_FORMS,
    LOW_AGREEMENT,
    _mean_squares,
    combine,
    complete_cities,
    icc,
    indicator_agreement,
    kendall_w,
    most_deviating,
)

NAN = np.nan

# Shrout & Fleiss (1979), Table 2: rows are the 6 targets, columns the 4 judges.
SHROUT_FLEISS_TARGETS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
    dtype=float,
)
SHROUT_FLEISS = SHROUT_FLEISS_TARGETS.T  # judges × targets = raters × cities


def ratings_matrices(
    raters: tuple[int, int] = (2, 6), cities: tuple[int, int] = (2, 8)
) -> st.SearchStrategy[npt.NDArray[np.float64]]:
    """Complete integer ratings on a 1–5 scale: ties are common."""
    shape = st.tuples(st.integers(*raters), st.integers(*cities))
    return hnp.arrays(np.float64, shape, elements=st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0]))


# --- golden numbers ----------------------------------------------------------------------------


def test_shrout_fleiss_1979_table_4() -> None:
    """Shrout & Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
    Psychological Bulletin 86(2):420–428. Data: Table 2, 6 targets × 4 judges.
    Table 4: ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71, ICC(1,4) = .44,
    ICC(2,4) = .62, ICC(3,4) = .91 — printed to 2 decimals, so the tolerance is 0.005.
    (Read from R psych::ICC's output on these data, the RExRepos "interRaterICC" page, which
    reproduces the paper's table; the paper itself and its page numbers were not at hand.)"""
    printed = {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62}
    printed["ICC3k"] = 0.91
    found = icc(SHROUT_FLEISS)
    assert found is not None
    assert set(found) == set(ICC_FORMS)
    for form, value in printed.items():
        assert found[form] == pytest.approx(value, abs=0.005), form


def test_shrout_fleiss_1979_table_3_mean_squares() -> None:
    """Shrout & Fleiss (1979), Table 3: the ANOVA of the Table 2 data, BMS = 11.24,
    WMS = 6.26, JMS = 32.49, EMS = 1.02 (2 decimals: tolerance 0.005). Both the module's
    ANOVA and the loop-based one below must reproduce them. (Table 3 was not re-read from the
    paper for this test; the values agree with the F ratios psych::ICC prints for these data,
    BMS/WMS = 1.8 and BMS/EMS = 11.0.)"""
    bms, jms, ems, wms, _ = _mean_squares(SHROUT_FLEISS)
    reference = _anova_long(SHROUT_FLEISS)
    for got in ((bms, jms, ems, wms), reference):
        assert got == pytest.approx((11.24, 32.49, 1.02, 6.26), abs=0.005)


def test_nag_g08daf_example_kendall_w_with_ties() -> None:
    """NAG Library, routine G08DAF (nagf_nonpar_concordance_kendall), Example Program Results
    (NAG FL Library Manual, e.g. Mark 26.2, g08dafe.r): 3 comparisons of 10 objects with tied
    scores, printed "Kendall's coefficient = 0.828" (3 decimals: tolerance 0.0005). Without
    the tie correction W would be 0.796, so the test checks the correction."""
    scores = np.array(
        [
            [1.0, 4.5, 2.0, 4.5, 3.0, 7.5, 6.0, 9.0, 7.5, 10.0],
            [2.5, 1.0, 2.5, 4.5, 4.5, 8.0, 9.0, 6.5, 10.0, 6.5],
            [2.0, 1.0, 4.5, 4.5, 4.5, 4.5, 8.0, 8.0, 8.0, 10.0],
        ]
    )
    w = kendall_w(scores)
    assert w is not None
    assert w == pytest.approx(0.828, abs=0.0005)


def test_desctools_kendallw_anxiety_with_ties() -> None:
    """R DescTools::KendallW reference page, example ``KendallW(anxiety, TRUE)`` on the
    ``anxiety`` data of package irr (20 subjects × 3 raters, many ties): printed
    ``[1] 0.5396569`` (7 decimals: tolerance 5e-8)."""
    anxiety = np.array(
        [
            [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
            [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
            [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
        ],
        dtype=float,
    )
    w = kendall_w(anxiety)
    assert w is not None
    assert w == pytest.approx(0.5396569, abs=5e-8)


def test_rexrepos_irr_kendall_without_ties() -> None:
    """RExRepos "Inter-rater-reliability and Intra-class-correlation" (D. Wollschläger),
    irr::kendall on 3 raters × 6 subjects without ties: printed "W = 0.568" (tolerance
    0.0005)."""
    ranks = np.array([[1, 6, 3, 2, 5, 4], [1, 5, 6, 2, 4, 3], [2, 3, 6, 5, 4, 1]], dtype=float)
    assert kendall_w(ranks) == pytest.approx(0.568, abs=0.0005)


# --- independent implementations -----------------------------------------------------------


def _anova_long(ratings: npt.NDArray[np.float64]) -> tuple[float, float, float, float]:
    """BMS, JMS, EMS, WMS from a long-format table, with plain loops and running sums."""
    k, n = ratings.shape
    rows = [(city, rater, float(ratings[rater, city])) for rater in range(k) for city in range(n)]
    grand = sum(v for _, _, v in rows) / len(rows)
    city_sum = [0.0] * n
    rater_sum = [0.0] * k
    for city, rater, v in rows:
        city_sum[city] += v
        rater_sum[rater] += v
    city_mean = [s / k for s in city_sum]
    rater_mean = [s / n for s in rater_sum]
    ss_total = sum((v - grand) ** 2 for _, _, v in rows)
    ss_cities = sum(k * (m - grand) ** 2 for m in city_mean)
    ss_raters = sum(n * (m - grand) ** 2 for m in rater_mean)
    ss_within = sum((v - city_mean[city]) ** 2 for city, _, v in rows)
    ss_error = sum(
        (v - city_mean[city] - rater_mean[rater] + grand) ** 2 for city, rater, v in rows
    )
    # the direct residuals must add up (the module gets them by subtraction instead)
    assert abs(ss_total - ss_cities - ss_raters - ss_error) <= 1e-9 * max(1.0, ss_total)
    return (
        ss_cities / (n - 1),
        ss_raters / (k - 1),
        ss_error / ((n - 1) * (k - 1)),
        ss_within / (n * (k - 1)),
    )


def _icc_long(ratings: npt.NDArray[np.float64]) -> tuple[dict[str, float], float]:
    """The six ICCs by the Shrout–Fleiss formulas, and the smallest denominator."""
    k, n = ratings.shape
    bms, jms, ems, wms = _anova_long(ratings)
    terms = {
        "ICC1": (bms - wms, bms + (k - 1) * wms),
        "ICC2": (bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        "ICC3": (bms - ems, bms + (k - 1) * ems),
        "ICC1k": (bms - wms, bms),
        "ICC2k": (bms - ems, bms + (jms - ems) / n),
        "ICC3k": (bms - ems, bms),
    }
    smallest = min(d for _, d in terms.values())
    values = {form: (num / den if den != 0 else float("nan")) for form, (num, den) in terms.items()}
    return values, smallest


@settings(max_examples=60, deadline=None)
@given(ratings_matrices())
def test_icc_matches_loop_based_anova(ratings: npt.NDArray[np.float64]) -> None:
    found = icc(ratings)
    expected, smallest = _icc_long(ratings)
    if found is None:  # only when a denominator is zero or negative
        assert smallest <= 1e-9
        return
    assert smallest > 0
    for form in ICC_FORMS:
        assert found[form] == pytest.approx(expected[form], rel=1e-9, abs=1e-9), form


@settings(max_examples=60, deadline=None)
@given(ratings_matrices(raters=(2, 6), cities=(3, 8)))
def test_kendall_w_matches_scipy_friedman(ratings: npt.NDArray[np.float64]) -> None:
    """W = χ²_F / (m (n − 1)) with scipy's tie-corrected Friedman statistic (raters = blocks)."""
    from scipy import stats  # a dev dependency (pyproject.toml)

    m, n = ratings.shape
    w = kendall_w(ratings)
    if w is None:  # every rater tied every city: Friedman's statistic is 0/0 as well
        assert all(len(set(row)) == 1 for row in ratings.tolist())
        return
    with np.errstate(all="ignore"):
        chi2 = stats.friedmanchisquare(*ratings.T).statistic
    assert w == pytest.approx(chi2 / (m * (n - 1)), rel=1e-9, abs=1e-12)


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(ratings_matrices())
def test_kendall_w_between_0_and_1(ratings: npt.NDArray[np.float64]) -> None:
    w = kendall_w(ratings)
    assume(w is not None)
    assert w is not None
    assert -1e-12 <= w <= 1 + 1e-12


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0]), min_size=2, max_size=8),
    st.integers(2, 6),
)
def test_kendall_w_is_1_for_identical_raters(row: list[float], m: int) -> None:
    assume(len(set(row)) > 1)
    assert kendall_w(np.tile(row, (m, 1))) == pytest.approx(1.0, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(ratings_matrices(), st.integers(1, 10))
def test_consistency_forms_ignore_rater_bias(ratings: npt.NDArray[np.float64], shift: int) -> None:
    """Adding a constant to one rater leaves ICC3 and ICC3k unchanged. Adding c ≥ 0 to the rater
    with the highest mean pushes the raters apart (JMS grows), so the absolute-agreement ICC2
    cannot gain in size: |ICC2| does not increase, and ICC2 does not increase while ICC3 ≥ 0.
    (Shifting a rater *towards* the others can raise ICC2, so "never increases" holds only
    for shifts away from them.)"""
    before = icc(ratings)
    assume(before is not None)
    assert before is not None
    top = int(ratings.mean(axis=1).argmax())
    biased = ratings.copy()
    biased[top] += shift
    after = icc(biased)
    assert after is not None
    assert after["ICC3"] == pytest.approx(before["ICC3"], rel=1e-9, abs=1e-12)
    assert after["ICC3k"] == pytest.approx(before["ICC3k"], rel=1e-9, abs=1e-12)
    assert abs(after["ICC2"]) <= abs(before["ICC2"]) + 1e-12
    if before["ICC3"] >= 0:
        assert after["ICC2"] <= before["ICC2"] + 1e-12


@settings(max_examples=60, deadline=None)
@given(ratings_matrices(), st.randoms(use_true_random=False))
def test_permuting_cities_changes_nothing(
    ratings: npt.NDArray[np.float64], rnd: random.Random
) -> None:
    order = list(range(ratings.shape[1]))
    rnd.shuffle(order)
    shuffled = ratings[:, order]
    w, w_shuffled = kendall_w(ratings), kendall_w(shuffled)
    assert (w is None) == (w_shuffled is None)
    if w is not None:
        assert w_shuffled == pytest.approx(w, rel=1e-9, abs=1e-12)
    found, found_shuffled = icc(ratings), icc(shuffled)
    assert (found is None) == (found_shuffled is None)
    if found is not None and found_shuffled is not None:
        for form in ICC_FORMS:
            assert found_shuffled[form] == pytest.approx(found[form], rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(ratings_matrices())
def test_average_forms_are_spearman_brown_of_single_forms(
    ratings: npt.NDArray[np.float64],
) -> None:
    """ICC(·,k) = k·ICC(·,1) / (1 + (k − 1)·ICC(·,1)) for all three models."""
    found = icc(ratings)
    assume(found is not None)
    assert found is not None
    k = ratings.shape[0]
    for single, average in (("ICC1", "ICC1k"), ("ICC2", "ICC2k"), ("ICC3", "ICC3k")):
        r = found[single]
        assert found[average] == pytest.approx(k * r / (1 + (k - 1) * r), rel=1e-9, abs=1e-9)


# --- edge cases -------------------------------------------------------------------------------


def test_one_rater_is_undefined() -> None:
    ratings = np.array([[3.0, 4.0, 5.0], [NAN, NAN, NAN]])
    found = indicator_agreement(ratings, ["ann", "bob"], ["x", "y", "z"])
    assert found.raters == ("ann",)
    assert found.kendall_w is None and found.icc is None
    assert found.reason == "one rater"
    assert not found.low
    assert dict(found.values) == {"x": 3.0, "y": 4.0, "z": 5.0}
    assert kendall_w(ratings[:1]) is None and icc(ratings[:1]) is None


def test_no_ratings_at_all() -> None:
    found = indicator_agreement(np.full((2, 3), NAN), ["a", "b"], ["p", "q", "r"])
    assert found.raters == () and found.cities == 0 and dict(found.values) == {}
    assert found.reason == "no ratings" and not found.low and found.most_deviating is None


def test_all_ratings_equal_is_no_variance() -> None:
    found = indicator_agreement(np.full((3, 4), 2.0), ["a", "b", "c"], ["p", "q", "r", "s"])
    assert found.kendall_w is None and found.icc is None
    assert found.reason.startswith("no variance")
    assert not found.low
    assert icc(np.full((3, 4), 0.1 * 3)) is None  # rounding noise is no variance either


def test_city_means_all_equal_leaves_icc_undefined_but_not_w() -> None:
    ratings = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [2.0, 2.0, 2.0]])
    found = indicator_agreement(ratings, ["a", "b", "c"], ["p", "q", "r"])
    assert found.icc is None
    assert found.kendall_w == pytest.approx(0.0, abs=1e-12)
    assert "same mean rating" in found.reason


def test_gaps_use_only_complete_cities() -> None:
    ratings = np.array(
        [
            [1.0, 2.0, NAN, 4.0, 5.0, 3.0],
            [2.0, 2.0, 3.0, 5.0, 4.0, NAN],
            [1.0, 3.0, 2.0, 4.0, 5.0, 1.0],
        ]
    )
    keep = complete_cities(ratings)
    assert keep.tolist() == [True, True, False, True, True, False]
    found = indicator_agreement(ratings, ["a", "b", "c"], list("uvwxyz"))
    assert found.cities == 4
    assert found.kendall_w == pytest.approx(kendall_w(ratings[:, keep]), abs=1e-15)
    expected = icc(ratings[:, keep])
    assert found.icc is not None and expected is not None
    assert dict(found.icc) == pytest.approx(expected, abs=1e-15)
    # ratings of the incomplete cities do not move W or ICC, but do move the combined values
    other = ratings.copy()
    other[0, 5] = 1.0
    again = indicator_agreement(other, ["a", "b", "c"], list("uvwxyz"))
    assert again.kendall_w == found.kendall_w and again.icc == found.icc
    assert again.values["z"] != found.values["z"]
    with pytest.raises(MethodError, match=r"^ratings: must be complete"):
        kendall_w(ratings)
    with pytest.raises(MethodError, match=r"^ratings: must be complete"):
        icc(ratings)


def test_fewer_than_two_complete_cities() -> None:
    ratings = np.array([[1.0, NAN, 3.0], [2.0, 4.0, NAN]])
    found = indicator_agreement(ratings, ["a", "b"], ["p", "q", "r"])
    assert found.cities == 1
    assert found.reason == "fewer than 2 cities rated by every rater"


def test_most_deviating_picks_the_outlier() -> None:
    ratings = np.array(
        [
            [4.0, 3.0, 5.0, 2.0],
            [4.0, 3.0, 4.0, 2.0],
            [5.0, 3.0, 5.0, NAN],
            [1.0, 5.0, 1.0, 5.0],  # the contrarian
        ]
    )
    names = ["ann", "bob", "cy", "dee"]
    assert most_deviating(ratings, names) == "dee"
    assert indicator_agreement(ratings, names, list("pqrs")).most_deviating == "dee"


def test_most_deviating_ignores_cities_nobody_else_rated() -> None:
    # city p: a = 1 is 2.5 from the others' mean, b = 3 is 0.5, c = 4 is 2; city q only c rated
    ratings = np.array([[1.0, NAN], [3.0, NAN], [4.0, 5.0]])
    assert most_deviating(ratings, ["a", "b", "c"]) == "a"


def test_most_deviating_none_for_two_raters_ties_and_agreement() -> None:
    assert most_deviating(np.array([[1.0, 2.0], [5.0, 4.0]]), ["a", "b"]) is None
    # a third rater without any rating does not count
    assert most_deviating(np.array([[1.0, 2.0], [5.0, 4.0], [NAN, NAN]]), ["a", "b", "c"]) is None
    same = np.tile([1.0, 2.0, 3.0], (4, 1))
    assert most_deviating(same, ["a", "b", "c", "d"]) is None  # every deviation is 0
    symmetric = np.array([[1.0, 1.0], [3.0, 3.0], [5.0, 5.0]])
    assert most_deviating(symmetric, ["a", "b", "c"]) is None  # a and c tie (2 each)


def test_combine_mean_and_median_with_gaps() -> None:
    ratings = np.array(
        [
            [1.0, NAN, 5.0, NAN],
            [2.0, 4.0, 1.0, NAN],
            [6.0, NAN, 2.0, NAN],
        ]
    )
    mean = combine(ratings, "mean")
    median = combine(ratings, "median")
    np.testing.assert_allclose(mean[:3], [3.0, 4.0, 8.0 / 3.0])
    np.testing.assert_allclose(median[:3], [2.0, 4.0, 2.0])
    assert np.isnan(mean[3]) and np.isnan(median[3])
    found = indicator_agreement(ratings, ["a", "b", "c"], list("pqrs"), rule="median")
    assert dict(found.values) == {"p": 2.0, "q": 4.0, "r": 2.0}
    with pytest.raises(MethodError):
        combine(ratings, "mode")  # type: ignore[arg-type]


def test_low_flag_follows_statistic_and_threshold() -> None:
    names, cities = ["j1", "j2", "j3", "j4"], ["t1", "t2", "t3", "t4", "t5", "t6"]
    assert (AGREEMENT_STATISTIC, LOW_AGREEMENT) == ("ICC2k", 0.5)
    default = indicator_agreement(SHROUT_FLEISS, names, cities)  # ICC2k ≈ 0.62
    assert not default.low and default.reason == ""
    assert indicator_agreement(SHROUT_FLEISS, names, cities, below=0.7).low
    assert indicator_agreement(SHROUT_FLEISS, names, cities, statistic="ICC1").low  # ≈ 0.17
    by_w = indicator_agreement(SHROUT_FLEISS, names, cities, statistic="kendall_w")
    assert by_w.kendall_w is not None and by_w.low == (by_w.kendall_w < 0.5)
    with pytest.raises(MethodError):
        indicator_agreement(SHROUT_FLEISS, names, cities, statistic="alpha")


def test_negative_icc_is_not_clipped_and_negative_denominator_is_undefined() -> None:
    # raters 1 and 2 nearly reverse each other; rater 3 sits in between
    ratings = np.array([[1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 1.0, 2.0], [2.0, 3.0, 2.0, 3.0]])
    found = icc(ratings)
    assert found is not None
    assert found["ICC1"] < 0 and found["ICC3"] < 0
    # two raters in near-opposition: ICC2k's denominator BMS + (JMS − EMS)/n is negative
    assert icc(np.array([[1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 2.0]])) is None
