"""Limits of a sensitivity run: the options' ranges, checked by the library and stated in the
CLI's options, and the memory budget every analysis keeps to. A module with no imports, so
the CLI reads it without loading numpy.

**The memory budget.** ``MEMORY_BUDGET`` bounds the working arrays that any one step of an
analysis holds at once. Every computation whose size grows with the number of alternatives
``m`` times something else — the weight scans over pairs of alternatives (critical
thresholds, one-at-a-time sweeps: scan points × pairs), their bisection, the ranks along a
sweep, SMAA's confidence pass (central weights × alternatives), the rank-reversal pair
comparisons — is cut into chunks planned against it (:mod:`.chunks`); SMAA's draws already
run in tiles of about ``2**18`` scores. Chunking never changes a result.

**What is kept for output.** ``OUTPUT_VALUES`` numbers per analysis (SMAA, thresholds,
sweeps, rank reversal) and method, so that the eight analyses of a run of both methods hold
one budget at ``OUTPUT_VALUE_BYTES`` per number kept: a Python float or int in the result
and in its JSON-ready copy (measured ≈ 70–100 bytes; the JSON text is written as it is
encoded, never held whole). Where the full result would be larger, it is cut
deterministically and the cut is stated in a note and in the conventions of the result:

* rank acceptability: ranks ``1…K`` of ``m`` with ``K = max(MIN_RANKS, OUTPUT_VALUES // m)``
  (all ``m`` ranks while ``m² ≤ OUTPUT_VALUES``, i.e. up to 724 alternatives); the holistic
  acceptability still uses every rank;
* pair thresholds: the pairs among the first ``K`` alternatives of the baseline ranking, with
  ``K(K − 1)/2 × 2n ≤ OUTPUT_VALUES`` (``n`` criteria); the top's thresholds always use its
  pairs with every alternative;
* one-at-a-time ranks along the grid: for the first ``K`` alternatives of the baseline
  ranking; the intervals always use every alternative;
* rank reversal: ``OUTPUT_VALUES // (m − 1)`` removals (each lists ``m − 1`` ranks), the ones
  that can change a score first; changed pairs listed per removal are capped too, and counted
  in full.

**Time.** A weight scan (thresholds, sweeps) scores every alternative at each of its points:
``SCAN_POINTS`` (1,000) per side while ``m × 1,000 ≤ SCAN_WORK`` (up to 2,000 alternatives),
else ``SCAN_WORK // m`` points, at least ``MIN_SCAN_POINTS`` (``scan_points``): the time of
a scan then stops growing with ``m``, and a change of order that reverts within one step
(``1/points`` of the side) is the one that can be missed. Stated in a note and in the
conventions.
"""

# The defaults of a run (the library's settings, its Python API and the CLI's options).
SAMPLES = 10_000  # SMAA draws
SEED = 20231125
CONCENTRATION = 100.0  # Dirichlet around the weights: variance w(1 − w)/(c + 1)
SPREAD = 0.1  # judgments: each a_ij times 9^ε, ε ~ U(−spread, spread)

MAX_SAMPLES = 10**9  # a billion draws: hours of work; counts still fit their integers
MAX_SPREAD = 2.0  # judgment noise ε ln 9 up to ±2 ln 9: from any value past 1/9 and 9

MEMORY_BUDGET = 512 * 2**20  # bytes of working arrays one step may hold at once (512 MiB)
OUTPUT_VALUE_BYTES = 128  # one number kept for output: in the result and its JSON-ready copy
OUTPUT_VALUES = MEMORY_BUDGET // (8 * OUTPUT_VALUE_BYTES)  # 524,288 numbers per analysis
MIN_RANKS = 10  # rank acceptability keeps at least the first 10 ranks
#: Pair thresholds are computed, by default, for the pairs among the first 40 alternatives of
#: the baseline ranking (780 pairs) and the top's pairs with every other one: the contenders'
#: order, in time linear in the number of alternatives beyond them (issue 18); ``None`` in
#: the settings (``--pairs all``) computes every pair, within ``OUTPUT_VALUES``.
PAIR_ALTERNATIVES = 40
#: Alternative scores one side of a weight scan may take (see **Time** above), and the
#: fewest points it keeps.
SCAN_WORK = 2_000_000
MIN_SCAN_POINTS = 100
