"""Running SMAA's draws: chunks of fixed blocks, and the mappers that run the chunks.

A chunk is a span of blocks ``[first, stop)``; :func:`weight_chunk` and
:func:`confidence_chunk` turn one into integer counts and per-block float sums (see
:mod:`~mcda_citydip.sensitivity.smaa` for why that makes results independent of the
chunking). A mapper runs a function over the spans and yields the results in span order,
like the builtin ``map`` (the in-process default):

* :func:`thread_mapper` — threads in this process (numpy releases the GIL in most of the
  kernel: BLAS, sorting, element-wise passes; rank counting with ``numpy.add.at`` holds it).
  While the chunks run, BLAS is held to one thread (``threadpoolctl``): BLAS threads on top
  of ours would fight over the cores and make the run slower than in process.
* :func:`dask_mapper` — a Dask ``distributed`` cluster (``pip install
  'mcda-citydip[cluster]'``); workers need ``mcda_citydip`` installed. Dask's nanny already
  limits BLAS to one thread per worker process.

**Allocator on Dask workers.** Dask's nanny starts workers with
``MALLOC_TRIM_THRESHOLD_=65536`` so that they hand freed memory back to the system at once.
Under glibc that also fixes the threshold above which ``malloc`` maps fresh pages, so each
tile's temporaries (a few MiB) are mapped, zero-filled and unmapped again: a worker ran a
chunk 1.4 times slower than this process (500 × 32, 400,000 draws: 6.3 s against 4.4 s).
The first chunk a worker runs therefore sets, for that worker process (Linux, glibc only),
``M_MMAP_THRESHOLD`` to 32 MiB and ``M_TRIM_THRESHOLD`` to 64 MiB (:func:`roomy_allocator`):
it then keeps up to 64 MiB of freed memory for the next tile, and runs a chunk as fast as this
process (4.0 s). Results do not change; the setting lasts as long as the worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt
from msgspec import Struct

from mcda_citydip.errors import MethodError
from mcda_citydip.model import FloatArray, IntArray
from mcda_citydip.sensitivity.chunks import FLOAT, plan_chunks
from mcda_citydip.sensitivity.sampling import VALUE_TILE, block_sizes, block_streams, value_tiles

if TYPE_CHECKING:
    from mcda_citydip.sensitivity.engine import Engine

Counts = npt.NDArray[np.int32]
Span = tuple[int, int]  # blocks [first, stop)
T = TypeVar("T")
INSTALL = "pip install 'mcda-citydip[cluster]'"


class Tally(NamedTuple):
    """One chunk's work: ``(rank, alternative)`` counts of ranks ``1…K`` (flat ``K × m``, rank
    major), per-block sums of the weights of the draws each alternative won (``m × n`` each,
    in block order), the number of draws, and per-block sums of the meta-weights ``α_r`` of
    each alternative's rank (``m × 3`` each; only when ``K < m``)."""

    counts: Counts
    first_sums: tuple[FloatArray, ...]
    draws: int
    holistic_sums: tuple[FloatArray, ...] = ()


def _block_sums(
    engine: Engine, block: int, size: int, counts: Counts
) -> tuple[FloatArray, FloatArray | None]:
    """Count the ranks of one block into ``counts``; return its first-rank weight sums and,
    when the counts are cut, its meta-weight sums."""
    weight_rng, value_rng, _ = block_streams(engine.seed, block)
    m, n = engine.matrix.shape
    weights = engine.weights(weight_rng, size)
    if weights.shape != (size, n) or not np.all(np.isfinite(weights)):
        raise MethodError(f"weight sampler gave {weights.shape}; expected {(size, n)}, finite")
    sums = np.zeros((m, n))
    alphas = engine.holistic
    holistic = None if alphas is None else (alphas, np.zeros((m, len(alphas))))
    if engine.values is None:
        for start in range(0, size, engine.tile):
            tile = weights[start : start + engine.tile]
            np.add.at(sums, engine.count(engine.keys(tile), counts, holistic), tile)
        return sums, None if holistic is None else holistic[1]
    start = 0
    for matrices in value_tiles(engine.values, value_rng, size, (m, n)):
        tile = weights[start : start + len(matrices)]
        keys = engine.perturbed_keys(matrices, tile[:, None, :])[:, 0, :]
        np.add.at(sums, engine.count(keys, counts, holistic), tile)
        start += len(matrices)
    return sums, None if holistic is None else holistic[1]


def weight_chunk(engine: Engine, span: Span) -> Tally:
    """Rank counts and first-rank weight sums of the blocks in ``span``."""
    counts = np.zeros(engine.ranks * len(engine.matrix), dtype=np.int32)  # < 2**31 draws
    sizes = block_sizes(engine.samples)
    blocks = [_block_sums(engine, b, sizes[b], counts) for b in range(*span)]
    holistic = tuple(h for _, h in blocks if h is not None)
    return Tally(counts, tuple(s for s, _ in blocks), sum(sizes[span[0] : span[1]]), holistic)


def confidence_chunk(
    engine: Engine, central: FloatArray, owners: IntArray, group: IntArray, span: Span
) -> IntArray:
    """Matrix draws of ``span`` in which alternative ``owners[c]`` (or one identical to it:
    the same ``group``) is first under ``central[c]`` (the blocks' third stream: the draws
    differ from the first pass'). The central weights go in chunks within the memory budget:
    integer hits, so the result does not depend on it."""
    assert engine.values is not None  # the caller checks: no confidence pass without values
    hits = np.zeros(len(owners), dtype=np.int64)
    m, n = engine.matrix.shape
    # per owner and matrix: keys and, for VIKOR, the m × n weighted regrets
    chunks = plan_chunks(len(owners), FLOAT * m * (n + 6), engine.budget)
    sizes = block_sizes(engine.samples)
    for block in range(*span):
        rng = block_streams(engine.seed, block)[2]
        for matrices in value_tiles(engine.values, rng, sizes[block], engine.matrix.shape):
            for chunk in chunks:
                mine = central[chunk]
                step = max(1, VALUE_TILE // (engine.matrix.size * len(mine)))
                for start in range(0, len(matrices), step):
                    part = matrices[start : start + step]
                    stacked = np.broadcast_to(mine, (len(part), *mine.shape))
                    first = engine.first(engine.perturbed_keys(part, stacked))
                    hits[chunk] += (group[first] == group[owners[chunk]]).sum(axis=0)
    return hits


class ThreadMapper(Struct, frozen=True):
    """Run the chunks on ``workers`` threads of this process, results in order."""

    workers: int

    def __call__(self, function: Callable[[Span], T], spans: Iterable[Span], /) -> Iterator[T]:
        from concurrent.futures import ThreadPoolExecutor  # not imported by a run in process

        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(self.workers) as pool:
            yield from pool.map(function, spans)


def thread_mapper(workers: int = 2) -> ThreadMapper:
    """An in-process mapper on ``workers`` threads (see the module notes on BLAS threads)."""
    if workers < 1:
        raise MethodError(f"threads: must be at least 1, got {workers}", parameter="threads")
    return ThreadMapper(workers)


class DaskMapper(Struct, frozen=True):
    """Run the chunks as tasks of a Dask ``distributed.Client``; results in span order.

    Use it as a context manager (or call :meth:`close`) to disconnect from the scheduler.
    """

    client: Any

    def __call__(self, function: Callable[[Span], T], spans: Iterable[Span], /) -> Iterator[T]:
        on_worker = partial(_on_worker, function)
        futures = self.client.map(on_worker, list(spans), pure=False)
        try:
            for future in futures:
                yield future.result()
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> DaskMapper:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


#: glibc's ``mallopt`` parameters, and the values a Dask worker gets (see the module notes).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
WORKER_MALLOPT = {M_MMAP_THRESHOLD: 32 * 2**20, M_TRIM_THRESHOLD: 64 * 2**20}
_roomy: list[bool] = []  # [True] once this process's allocator was set


def roomy_allocator() -> bool:
    """Set :data:`WORKER_MALLOPT` in this process, once; True when glibc took it (False on
    another system or C library, where nothing changes)."""
    if not _roomy:
        _roomy.append(_mallopt(WORKER_MALLOPT))
    return _roomy[0]


def _mallopt(settings: dict[int, int]) -> bool:
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        return all(libc.mallopt(option, value) == 1 for option, value in settings.items())
    except (OSError, AttributeError):  # not glibc: no mallopt
        return False


def _on_worker(function: Callable[[Span], T], span: Span) -> T:
    """``function(span)`` on a Dask worker, its allocator set first (see the module notes)."""
    roomy_allocator()
    return function(span)


def dask_mapper(address: str, timeout: float = 10.0) -> DaskMapper:
    """Connect to the Dask scheduler at ``address`` (e.g. ``tcp://10.0.0.5:8786``)."""
    try:
        from distributed import Client as connect
    except ImportError as exc:
        raise MethodError(
            f"scheduler: Dask is not installed (to reach {address}); install it with {INSTALL}",
            parameter="scheduler",
        ) from exc
    try:
        client = connect(address, timeout=timeout)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise MethodError(
            f"scheduler: no Dask scheduler at {address} answered within {timeout:g} s ({exc}); "
            f"start one with 'dask scheduler' and workers with 'dask worker {address}', "
            "or check the address (tcp://HOST:PORT)",
            parameter="scheduler",
        ) from exc
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        client.close()  # type: ignore[no-untyped-call]
        raise MethodError(
            f"scheduler: the scheduler at {address} has no workers (waited {timeout:g} s); "
            f"start some with 'dask worker {address}'",
            parameter="scheduler",
        ) from exc
    return DaskMapper(client)
