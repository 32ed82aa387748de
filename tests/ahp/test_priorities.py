"""Tests for ``mcda_citydip.ahp.priorities``: eigenvector (Harker) and LLSM priorities."""

from __future__ import annotations

import numpy as np
import pytest
from ahp_papers import BOZOKI_EXAMPLE_3, DRINKS, SAATY_SCALE
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda_citydip.ahp.matrix import completed, consistent_matrix
from mcda_citydip.ahp.priorities import (
    PRIORITY_METHODS,
    eigenvector,
    geometric_mean,
    harker_matrix,
    perron_batch,
    principal_eigen,
    priorities_batch,
)

METHODS = sorted(PRIORITY_METHODS)


# --------------------------------------------------------------------------- strategies


@st.composite
def positive_weights(draw: st.DrawFn, min_n: int = 1, max_n: int = 10) -> np.ndarray:
    values = draw(
        st.lists(
            st.floats(0.05, 20.0, allow_nan=False, allow_infinity=False),
            min_size=min_n,
            max_size=max_n,
        )
    )
    w = np.array(values)
    return w / w.sum()


@st.composite
def saaty_matrices(
    draw: st.DrawFn, min_n: int = 1, max_n: int = 9, complete: bool = True
) -> np.ndarray:
    """Reciprocal matrices on Saaty's scale; if incomplete, the graph stays connected
    (a random spanning tree plus a random subset of the other pairs)."""
    n = draw(st.integers(min_n, max_n))
    order = draw(st.permutations(range(n)))
    known: set[tuple[int, int]] = set()
    for k in range(1, n):
        parent = order[draw(st.integers(0, k - 1))]
        known.add((min(order[k], parent), max(order[k], parent)))
    for i in range(n):
        for j in range(i + 1, n):
            if complete or draw(st.booleans()):
                known.add((i, j))
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    for i, j in sorted(known):
        value = draw(st.sampled_from(SAATY_SCALE))
        matrix[i, j] = value
        matrix[j, i] = 1.0 / value
    return matrix


def numpy_principal(matrix: np.ndarray) -> tuple[float, np.ndarray]:
    """Independent Perron pair by power iteration (no use of the package)."""
    x = np.full(matrix.shape[0], 1.0 / matrix.shape[0])
    for _ in range(5000):
        y = matrix @ x
        y = y / y.sum()
        if np.max(np.abs(y - x)) < 1e-15:
            break
        x = y
    lam = float((matrix @ y).sum() / y.sum())
    return lam, y


# --------------------------------------------------------------------------- golden numbers


def test_saaty2008_drinks_eigenvector_priorities() -> None:
    """Saaty, T.L. (2008). Decision making with the analytic hierarchy process.
    Int. J. Services Sciences 1(1):83–98 — relative consumption of drinks in the US,
    eigenvector priorities printed at 3 dp (numbers as reproduced in AHPy's README and
    tests, a secondary reproduction): Coffee .177, Wine .019, Tea .042, Beer .116,
    Sodas .190, Milk .129, Water .327. Tolerance: half a unit in the 3rd decimal.
    """
    expected = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert eigenvector(DRINKS) == pytest.approx(expected, abs=5e-4)


def test_saaty2008_drinks_geometric_mean_is_close_to_eigenvector() -> None:
    """Saaty (2008) drinks matrix: the row geometric mean (LLSM) priorities are not the
    paper's numbers, but on this nearly consistent matrix (CR ≈ 0.02) they lie within
    0.01 of the printed eigenvector priorities."""
    expected = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert geometric_mean(DRINKS) == pytest.approx(expected, abs=0.01)


def test_bozoki2010_example3_llsm_completion() -> None:
    """Bozóki, S., Fülöp, J. & Rónyai, L. (2010). On optimal completion of incomplete
    pairwise comparison matrices. Math. Comput. Modelling 52(1–2):318–333, Example 3
    (working-paper version): a12 = 1, a13 = 5, a14 = 2, a23 = 3, a24 = 4, a34 missing.
    The LLSM (geometric-mean) completion is a34 = sqrt(2/5 · 4/3) ≈ 0.730297 (value as
    given by van Uden, a secondary source); checked to 1e-6.
    """
    w = geometric_mean(BOZOKI_EXAMPLE_3)
    assert w[2] / w[3] == pytest.approx(np.sqrt(2 / 5 * 4 / 3), abs=1e-6)
    assert w[2] / w[3] == pytest.approx(0.730297, abs=1e-6)


def test_bozoki2010_example3_harker_completion() -> None:
    """Bozóki, Fülöp & Rónyai (2010), Example 3. The λmax-optimal completion is
    a34 = 0.7302965066 (paper). Harker's (1987) eigenvector method is not λmax-optimal in
    general, so its completion is not pinned; instead:

    * the Harker completion is self-consistent: the completed matrix's principal
      eigenvector (computed independently) is the Harker priority vector, so the filled
      entry equals w3/w4 of those priorities;
    * λmax of the Harker-completed matrix is within 1e-3 of the optimal λmax (the value
      at the paper's optimum, computed here with numpy), and not below it.
    """
    optimum = 0.7302965066
    w = eigenvector(BOZOKI_EXAMPLE_3)
    full = completed(BOZOKI_EXAMPLE_3, w)
    assert full[2, 3] == pytest.approx(w[2] / w[3], rel=1e-12)
    lam_harker, vector = numpy_principal(full)
    np.testing.assert_allclose(vector, w, rtol=1e-9)

    def lam_at(x: float) -> float:
        m = np.nan_to_num(BOZOKI_EXAMPLE_3, nan=0.0)
        m[2, 3], m[3, 2] = x, 1.0 / x
        return float(np.max(np.linalg.eigvals(m).real))

    lam_star = lam_at(optimum)
    # The cited optimum is a minimum of λmax (sanity check of the golden value itself).
    assert lam_star <= lam_at(optimum * 1.001) and lam_star <= lam_at(optimum / 1.001)
    assert lam_star - 1e-9 <= lam_harker <= lam_star + 1e-3


# --------------------------------------------------------------------------- small cases


@pytest.mark.parametrize("method", METHODS)
def test_single_item_gets_weight_one(method: str) -> None:
    assert PRIORITY_METHODS[method](np.ones((1, 1))).tolist() == [1.0]


@pytest.mark.parametrize("method", METHODS)
def test_two_items_ratio_three(method: str) -> None:
    """Any 2×2 reciprocal matrix is consistent: a12 = 3 gives (3/4, 1/4)."""
    w = PRIORITY_METHODS[method](np.array([[1.0, 3.0], [1 / 3, 1.0]]))
    assert w == pytest.approx([0.75, 0.25], rel=1e-12)


def test_harker_matrix_zeroes_missing_and_raises_diagonal() -> None:
    """Harker (1987): missing entries 0, diagonal 1 + number of missing entries in the row."""
    h = harker_matrix(BOZOKI_EXAMPLE_3)
    assert h[2, 3] == 0.0 and h[3, 2] == 0.0
    assert np.diag(h).tolist() == [1.0, 1.0, 2.0, 2.0]
    assert h[0, 2] == 5.0 and h[2, 0] == pytest.approx(0.2)
    assert not np.isnan(BOZOKI_EXAMPLE_3[0, 0])  # the input is left untouched
    assert np.isnan(BOZOKI_EXAMPLE_3[2, 3])


def test_principal_eigen_of_known_matrix() -> None:
    """[[2, 1], [1, 2]] has Perron root 3 with eigenvector (1, 1)/2."""
    lam, vector = principal_eigen(np.array([[2.0, 1.0], [1.0, 2.0]]))
    assert lam == pytest.approx(3.0)
    assert vector == pytest.approx([0.5, 0.5])


def test_priority_methods_registry() -> None:
    assert dict(PRIORITY_METHODS) == {"eigenvector": eigenvector, "geometric-mean": geometric_mean}


# --------------------------------------------------------------------------- properties


@pytest.mark.parametrize("method", METHODS)
@given(w=positive_weights())
def test_consistent_matrix_gives_back_its_weights(method: str, w: np.ndarray) -> None:
    result = PRIORITY_METHODS[method](consistent_matrix(w))
    np.testing.assert_allclose(result, w, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
@given(w=positive_weights(min_n=3, max_n=8), data=st.data())
def test_consistent_incomplete_matrix_gives_back_its_weights(
    method: str, w: np.ndarray, data: st.DataObject
) -> None:
    """Dropping pairs from a consistent matrix (graph kept connected) changes nothing."""
    n = len(w)
    mask = data.draw(saaty_matrices(min_n=n, max_n=n, complete=False))
    matrix = np.where(np.isnan(mask), np.nan, consistent_matrix(w))
    np.testing.assert_allclose(PRIORITY_METHODS[method](matrix), w, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("complete", [True, False], ids=["complete", "incomplete"])
@given(data=st.data())
def test_priorities_positive_and_sum_to_one(
    method: str, complete: bool, data: st.DataObject
) -> None:
    matrix = data.draw(saaty_matrices(complete=complete))
    w = PRIORITY_METHODS[method](matrix)
    assert w.shape == (matrix.shape[0],)
    assert np.all(np.isfinite(w))
    assert np.all(w > 0)
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


@settings(deadline=None)
@given(data=st.data())
def test_harker_vector_is_eigenvector_of_its_completion(data: st.DataObject) -> None:
    """Harker (1987): the priorities are the principal eigenvector of the matrix completed
    with w_i/w_j, and the Harker matrix has the same Perron root."""
    matrix = data.draw(saaty_matrices(min_n=3, complete=False))
    w = eigenvector(matrix)
    lam_full, vector = numpy_principal(completed(matrix, w))
    np.testing.assert_allclose(vector, w, rtol=1e-8)
    lam_harker, _ = numpy_principal(harker_matrix(matrix))
    assert lam_harker == pytest.approx(lam_full, rel=1e-9)


@given(data=st.data())
def test_llsm_satisfies_its_normal_equations(data: st.DataObject) -> None:
    """LLSM minimises Σ_known (ln a_ij − ln w_i + ln w_j)²: the gradient in ln w_i is
    Σ_{j known} (ln a_ij − ln w_i + ln w_j) = 0 for every i (Bozóki et al. 2010, §4)."""
    matrix = data.draw(saaty_matrices(min_n=2, complete=False))
    y = np.log(geometric_mean(matrix))
    known = ~np.isnan(matrix)
    np.fill_diagonal(known, False)
    residual = np.where(known, np.log(np.where(known, matrix, 1.0)) - y[:, None] + y[None, :], 0)
    np.testing.assert_allclose(residual.sum(axis=1), 0.0, atol=1e-9)


@given(data=st.data())
def test_geometric_mean_of_complete_matrix_is_normalised_row_geometric_mean(
    data: st.DataObject,
) -> None:
    """Crawford & Williams (1985): for a complete matrix LLSM = normalised row geometric mean."""
    matrix = data.draw(saaty_matrices(complete=True))
    rows = np.prod(matrix, axis=1) ** (1.0 / matrix.shape[0])
    np.testing.assert_allclose(geometric_mean(matrix), rows / rows.sum(), rtol=1e-9)


# --- batched: power iteration and priorities of a stack of matrices


@given(st.integers(2, 9), st.integers(0, 2**32))
@settings(max_examples=30, deadline=None)
def test_perron_batch_recovers_consistent_weights(n: int, seed: int) -> None:
    weights = np.random.default_rng(seed).dirichlet(np.ones(n), 5) + 1e-3
    weights /= weights.sum(axis=1, keepdims=True)
    matrices = weights[:, :, None] / weights[:, None, :]
    np.testing.assert_allclose(perron_batch(matrices), weights, rtol=1e-11)


def test_perron_batch_matches_numpy_eig_on_inconsistent_matrices() -> None:
    scale = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])
    generator, size, n = np.random.default_rng(8), 200, 6
    upper = np.triu(generator.choice(scale, (size, n, n)), 1)
    lower = np.transpose(np.triu(1 / np.where(upper > 0, upper, 1.0), 1), (0, 2, 1))
    matrices = upper + lower + np.eye(n)
    for matrix, vector in zip(matrices, perron_batch(matrices), strict=True):
        values, vectors = np.linalg.eig(matrix)
        expected = np.abs(vectors[:, np.argmax(values.real)].real)
        np.testing.assert_allclose(vector, expected / expected.sum(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("priority", METHODS)
def test_priorities_batch_matches_one_matrix_at_a_time(priority: str) -> None:
    """Random incomplete matrices on one graph (pairs 0-1, 1-2, 2-3, 0-3, 1-3 of 5 items,
    plus 3-4): the stacked result is the one-at-a-time method's, matrix by matrix."""
    rows = np.array([0, 1, 2, 0, 1, 3])
    cols = np.array([1, 2, 3, 3, 3, 4])
    logs = np.log(np.random.default_rng(4).choice(SAATY_SCALE, (40, len(rows))))
    batch = priorities_batch(5, rows, cols, logs, priority)
    for draw, found in zip(logs, batch, strict=True):
        matrix = np.full((5, 5), np.nan)
        np.fill_diagonal(matrix, 1.0)
        matrix[rows, cols], matrix[cols, rows] = np.exp(draw), np.exp(-draw)
        np.testing.assert_allclose(found, PRIORITY_METHODS[priority](matrix), rtol=1e-9)
