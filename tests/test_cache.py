"""Kept simulations (mcda_citydip.cache, mcda_citydip.files.cache): the graph factor of an
incomplete node's random index is simulated once per comparison graph and read back, bit for
bit, by later processes; any change of input simulates anew; a broken cache only costs time."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mcda_citydip import cache
from mcda_citydip.ahp import consistency
from mcda_citydip.ahp.consistency import random_mean_ci, simulation_key
from mcda_citydip.files.cache import DiskStore, cache_folder
from tests.runner import run_citydip

EDGES = ((0, 1), (0, 2), (1, 2), (1, 3), (2, 3))  # a 4-item node with one pair missing


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DiskStore]:
    kept = DiskStore(tmp_path / "cache")
    cache.use(kept)
    random_mean_ci.cache_clear()  # the memory of this process must not answer first
    yield kept
    random_mean_ci.cache_clear()


def test_a_kept_result_is_the_simulated_one_bit_for_bit(store: DiskStore) -> None:
    simulated = consistency._simulated_mean_ci(4, EDGES, "eigenvector")
    first = random_mean_ci(4, EDGES, "eigenvector")
    assert first == simulated
    assert list(store.folder.glob("*.json")), "the result was not kept"
    assert store.get(simulation_key(4, EDGES, "eigenvector")) == simulated


def test_a_later_process_reads_the_result_instead_of_simulating(
    store: DiskStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = random_mean_ci(4, EDGES, "llsm")
    random_mean_ci.cache_clear()  # as a new process

    def never(*_: object) -> tuple[float, float]:
        raise AssertionError("simulated although the result was kept")

    monkeypatch.setattr(consistency, "_simulated_mean_ci", never)
    assert random_mean_ci(4, EDGES, "llsm") == first


@pytest.mark.parametrize(
    "changed",
    [
        (5, EDGES, "eigenvector"),  # another order
        (4, (*EDGES[:-1], (0, 3)), "eigenvector"),  # another graph
        (4, EDGES, "llsm"),  # another priority method
    ],
)
def test_any_other_input_has_another_key(
    changed: tuple[int, tuple[tuple[int, int], ...], str],
) -> None:
    assert simulation_key(*changed) != simulation_key(4, EDGES, "eigenvector")


def test_the_key_names_the_simulations_constants(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample count, seed and version are in the key: a new simulation never reads an
    old result; edge order does not matter (the same graph)."""
    before = simulation_key(4, EDGES, "eigenvector")
    assert simulation_key(4, tuple(reversed(EDGES)), "eigenvector") == before
    for constant, value in (
        ("GRAPH_RI_SAMPLES", 50),
        ("GRAPH_RI_SEED", 7),
        ("GRAPH_RI_VERSION", 99),
    ):
        with monkeypatch.context() as patch:
            patch.setattr(consistency, constant, value)
            assert simulation_key(4, EDGES, "eigenvector") != before, constant


def test_a_kept_value_no_simulation_can_give_is_simulated_again(store: DiskStore) -> None:
    """A mean CI is never negative and is positive for a complete matrix: a file saying
    otherwise (tampered, or a bug) is not believed."""
    expected = random_mean_ci(4, EDGES, "eigenvector")
    key = simulation_key(4, EDGES, "eigenvector")
    for bad in ((0.5, 0.0), (-0.1, 0.9)):
        store.put(key, bad)
        random_mean_ci.cache_clear()
        assert random_mean_ci(4, EDGES, "eigenvector") == expected, bad


def test_a_damaged_or_foreign_file_is_simulated_again(store: DiskStore) -> None:
    expected = random_mean_ci(4, EDGES, "eigenvector")
    (file,) = store.folder.glob("*.json")
    for damage in (
        "{not json",
        json.dumps({"key": "another key", "value": [0.5, 0.9]}),
        json.dumps({"key": simulation_key(4, EDGES, "eigenvector"), "value": ["x"]}),
        json.dumps({"key": simulation_key(4, EDGES, "eigenvector"), "value": [math.nan, 1]}),
    ):
        file.write_text(damage, encoding="utf-8")
        random_mean_ci.cache_clear()
        assert random_mean_ci(4, EDGES, "eigenvector") == expected, damage


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    cache.use(DiskStore(blocker / "cache"))
    random_mean_ci.cache_clear()
    try:
        found = random_mean_ci(4, EDGES, "eigenvector")
    finally:
        random_mean_ci.cache_clear()
    assert found == consistency._simulated_mean_ci(4, EDGES, "eigenvector")


@given(
    st.text(min_size=1, max_size=40),
    st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=3),
)
def test_any_finite_numbers_come_back_exactly(key: str, numbers: list[float]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        kept = DiskStore(Path(folder))
        assert kept.get(key) is None
        kept.put(key, tuple(numbers))
        assert kept.get(key) == tuple(numbers)
        assert kept.get(key + "!") is None


def test_where_the_cache_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert cache_folder({"CITYDIP_CACHE": str(tmp_path)}) == tmp_path
    for off in ("", "off", "OFF", "none", "0"):
        assert cache_folder({"CITYDIP_CACHE": off}) is None, off
    monkeypatch.setattr("sys.platform", "win32")
    assert (
        cache_folder({"LOCALAPPDATA": r"C:\Users\a\AppData\Local"})
        == Path(r"C:\Users\a\AppData\Local") / "citydip" / "cache"
    )
    monkeypatch.setattr("sys.platform", "linux")
    assert cache_folder({"XDG_CACHE_HOME": "/x/cache"}) == Path("/x/cache/citydip")
    assert cache_folder({}) == Path.home() / ".cache" / "citydip"
    monkeypatch.setattr("sys.platform", "darwin")
    assert cache_folder({}) == Path.home() / "Library" / "Caches" / "citydip"


def test_the_command_line_keeps_its_simulations_and_reads_them_back(tmp_path: Path) -> None:
    """``citydip run`` on the default scenario (a node with missing pairs) keeps its graph
    factors in ``CITYDIP_CACHE``; the next run reads them and prints the same JSON."""
    import os

    folder = tmp_path / "kept"
    env = {**os.environ, "CITYDIP_CACHE": str(folder)}
    random_mean_ci.cache_clear()
    first = run_citydip(["run", "--format", "json"], env=env)
    assert first.returncode == 0, first.stderr
    kept = sorted(folder.glob("*.json"))
    assert kept, "citydip run kept nothing"
    assert all(
        json.loads(f.read_text(encoding="utf-8"))["key"].startswith("graph-ri/") for f in kept
    )
    random_mean_ci.cache_clear()
    again = run_citydip(["run", "--format", "json"], env=env)
    assert again.stdout == first.stdout
    off = run_citydip(["run", "--format", "json"], env={**env, "CITYDIP_CACHE": "off"})
    assert off.stdout == first.stdout
    for file in kept:  # what the next run reads is the cache: a planted value shows
        kept_key = json.loads(file.read_text(encoding="utf-8"))["key"]
        file.write_text(json.dumps({"key": kept_key, "value": [0.25, 0.5]}), encoding="utf-8")
    random_mean_ci.cache_clear()
    planted = run_citydip(["run", "--format", "json"], env=env)
    factors = {
        node["random_index_factor"]
        for node in json.loads(planted.stdout)["nodes"].values()
        if node.get("random_index_factor") not in (None, 1.0)
    }
    assert factors == {0.5}, factors


def test_a_home_that_cannot_be_found_keeps_the_simulations_in_memory(tmp_path: Path) -> None:
    """``~nosuchuser`` (or no home at all): the command runs, nothing is kept on disk."""
    import os

    env = {**os.environ, "CITYDIP_CACHE": "~nosuchuser-citydip/cache"}
    done = run_citydip(["--version"], env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
