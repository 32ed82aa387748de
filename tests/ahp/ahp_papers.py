"""Published AHP matrices shared by the AHP tests."""

from __future__ import annotations

import numpy as np

#: Saaty's fundamental 1–9 scale and its reciprocals.
SAATY_SCALE = [1.0 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)]

#: Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
#: Sciences 1(1):83–98: relative consumption of drinks in the US; rows/cols Coffee, Wine,
#: Tea, Beer, Sodas, Milk, Water (as reproduced in AHPy's README and tests).
DRINKS = np.array(
    [
        [1, 9, 5, 2, 1, 1, 1 / 2],
        [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
        [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
        [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
        [1, 9, 4, 2, 1, 2, 1 / 2],
        [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
        [2, 9, 9, 3, 2, 3, 1],
    ]
)

#: Bozóki, Fülöp & Rónyai (2010), Example 3: a34 (0-based [2, 3]) is missing.
BOZOKI_EXAMPLE_3 = np.array(
    [
        [1, 1, 5, 2],
        [1, 1, 3, 4],
        [1 / 5, 1 / 3, 1, np.nan],
        [1 / 2, 1 / 4, np.nan, 1],
    ]
)
