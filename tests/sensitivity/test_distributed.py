"""Tests for ``mcda_citydip.sensitivity.distributed``: the same SMAA result in process, on
threads and on a two-worker Dask cluster; clear errors when Dask is missing or unreachable."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import numpy as np
import pytest

from mcda_citydip.errors import MethodError
from mcda_citydip.model import GOAL, Comparison, Hierarchy, Judgments, Node, Problem
from mcda_citydip.sensitivity import distributed
from mcda_citydip.sensitivity.distributed import dask_mapper, thread_mapper
from mcda_citydip.sensitivity.judgments import judgment_draws
from mcda_citydip.sensitivity.sampling import (
    BLOCK,
    matrix_draws,
    uniform_simplex,
)
from mcda_citydip.sensitivity.smaa import SmaaResult, smaa

SAMPLES = 3 * BLOCK + 77


def problem() -> Problem:
    generator = np.random.default_rng(3)
    ids = ("c1", "c2", "c3")
    nodes = {GOAL: Node(GOAL, "Goal", children=ids)}
    nodes.update(
        {
            c: Node(c, c, direction=d)
            for c, d in zip(ids, ["benefit", "cost", "benefit"], strict=True)
        }
    )
    matrix = generator.uniform(1, 50, (6, 3))
    return Problem(Hierarchy("t", MappingProxyType(nodes)), tuple("ABCDEF"), matrix)


def runs(**kwargs: Any) -> list[SmaaResult]:
    """TOPSIS with uniform weights and uncertain values (both passes), VIKOR with judgments."""
    data = problem()
    pairs = [("c1", "c2", 3.0), ("c1", "c3", 1 / 2), ("c2", "c3", 1 / 4)]
    judges = [Judgments("e", 1.0, MappingProxyType({GOAL: tuple(Comparison(*p) for p in pairs)}))]
    values = matrix_draws(data.matrix, 0.1)
    return [
        smaa(
            data,
            "topsis",
            None,
            uniform_simplex(3),
            SAMPLES,
            21,
            value_uncertainty=values,
            chunk=BLOCK,
            **kwargs,
        ),
        smaa(
            data,
            "vikor",
            {"v": 0.4},
            judgment_draws(data.hierarchy, judges, spread=0.3),
            SAMPLES,
            22,
            chunk=2 * BLOCK,
            **kwargs,
        ),
    ]


def assert_identical(first: list[SmaaResult], second: list[SmaaResult]) -> None:
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a.rank_counts, b.rank_counts)
        assert np.array_equal(a.central_weights, b.central_weights)
        assert np.array_equal(a.confidence, b.confidence)


@pytest.fixture(scope="module")
def in_process() -> list[SmaaResult]:
    return runs()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


def test_a_two_worker_dask_cluster_gives_the_in_process_result(
    cluster: Any, in_process: list[SmaaResult]
) -> None:
    with dask_mapper(cluster.scheduler_address) as mapper:
        assert_identical(runs(map_chunks=mapper), in_process)
        workers = mapper.client.run(lambda: 1)
        roomy = mapper.client.run(lambda: list(distributed._roomy))
    assert len(workers) == 2
    # each worker ran a chunk, so its allocator was set (glibc's mallopt; Linux here)
    assert list(roomy.values()) == [[sys.platform.startswith("linux")]] * 2


def test_the_worker_allocator_setting_is_glibcs_and_harmless_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """glibc's ``mallopt`` is found on Linux (the values themselves are checked on the test
    cluster's workers above: this process keeps its allocator); off Linux nothing is called."""
    assert distributed._mallopt({}) is sys.platform.startswith("linux")
    monkeypatch.setattr(distributed, "_roomy", [True])  # as if set: this process keeps its own
    assert distributed._on_worker(lambda span: span[1] - span[0], (3, 8)) == 5
    monkeypatch.setattr("sys.platform", "win32")
    assert distributed._mallopt(distributed.WORKER_MALLOPT) is False


def test_threads_give_the_in_process_result(in_process: list[SmaaResult]) -> None:
    assert_identical(runs(map_chunks=thread_mapper(2)), in_process)


@pytest.mark.parametrize("workers", [1, 2])
def test_threads_hold_blas_to_one_thread_while_they_run(workers: int) -> None:
    """BLAS threads on top of the mapper's would fight over the cores: one each while the
    chunks run, the process' own setting again afterwards. One thread too: the kernel runs
    2.2 times slower with BLAS's own threads (issue 18), so ``--threads 1`` holds them."""
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads(span: tuple[int, int]) -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    with threadpool_limits(limits=2, user_api="blas"):
        during = thread_mapper(workers)(blas_threads, [(0, 1), (1, 2)])
        assert {count for counts in during for count in counts} == {1}
        assert set(blas_threads((0, 0))) == {2}


def test_progress_arrives_through_the_dask_mapper(cluster: Any) -> None:
    calls: list[tuple[int, int]] = []
    with dask_mapper(cluster.scheduler_address) as mapper:
        smaa(
            problem(),
            "topsis",
            None,
            uniform_simplex(3),
            2 * BLOCK,
            1,
            chunk=BLOCK,
            map_chunks=mapper,
            progress=lambda done, total: calls.append((done, total)),
        )
    assert calls == [(0, 2 * BLOCK), (BLOCK, 2 * BLOCK), (2 * BLOCK, 2 * BLOCK)]


def test_an_unreachable_scheduler_is_a_one_line_method_error() -> None:
    with socket.socket() as probe:  # a free port nobody listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(MethodError) as caught:
        dask_mapper(address, timeout=1)
    (message,) = caught.value.messages
    assert address in message and "dask scheduler" in message and "\n" not in message


def test_a_scheduler_without_workers_is_a_one_line_method_error() -> None:
    """A scheduler that answers but has no worker would leave the run waiting for ever."""
    from distributed import LocalCluster

    with (
        LocalCluster(n_workers=0, dashboard_address=":0", processes=False) as empty,
        pytest.raises(MethodError) as caught,
    ):
        dask_mapper(empty.scheduler_address, timeout=1)
    (message,) = caught.value.messages
    assert "no workers" in message and "dask worker" in message and "\n" not in message


def test_missing_dask_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    with pytest.raises(MethodError, match=r"pip install 'mcda-citydip\[cluster\]'"):
        dask_mapper("tcp://127.0.0.1:8786")


def test_thread_mapper_needs_a_worker() -> None:
    with pytest.raises(MethodError):
        thread_mapper(0)
