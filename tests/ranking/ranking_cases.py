"""Problems shared by the ranking tests: the same data with columns rescaled by 2^k."""

from __future__ import annotations

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

#: A cell: small integers (ties, zeros, signs) or any normal float of moderate size.
CELLS = st.one_of(
    st.integers(-50, 50).map(float),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False),
)


@st.composite
def rescaled_problems(
    draw: st.DrawFn,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(matrix, rescaled, weights, benefit)``: ``rescaled`` is ``matrix`` with column ``j``
    multiplied by ``2^k_j``, ``k_j ∈ [−1000, 1000]``, kept only where that product is exact
    and finite (no overflow, no digit lost to a denormal), so the two describe the same
    decision problem in exact arithmetic and in floating point."""
    m, n = draw(st.integers(2, 8)), draw(st.integers(1, 5))
    matrix = draw(arrays(np.float64, (m, n), elements=CELLS))
    exponents = draw(arrays(np.int64, n, elements=st.integers(-1000, 1000)))
    rescaled = np.ldexp(matrix, exponents)
    assume(np.all(np.isfinite(rescaled)))
    assume(np.array_equal(np.ldexp(rescaled, -exponents), matrix))
    raw = draw(arrays(np.float64, n, elements=st.floats(0.01, 1.0)))
    benefit = draw(arrays(np.bool_, n))
    return matrix, rescaled, raw / raw.sum(), benefit
