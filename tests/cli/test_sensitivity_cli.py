"""``citydip sensitivity`` through the real entry point (``main(argv)``, in process; a new
process where the process matters): the JSON contract, the tables on stdout, ``--out``,
``--seed`` reproducibility across processes and on a Dask cluster, the progress bar on
stderr, and bad input (exit 2, one ``Error:`` line, no traceback).

The two-by-two scenario is the hand-solved case of ``tests/test_analysis.py``: ``A = (1, 0)``,
``B = (0, 1)``, weights ``(0.6, 0.4)``; the top changes when ``w1`` crosses 1/2, at
``δ1 = −1/6`` and ``δ2 = +1/4``.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cases import TWO_BY_TWO
from runner import run_citydip

from mcda_citydip.analysis import SensitivitySettings, analyse
from mcda_citydip.files.scenario import default_scenario_path, load_scenario
from mcda_citydip.report.sensitivity import sensitivity_json

TABLE_TITLES = (
    "SMAA-2 rank acceptability",
    "Critical thresholds",
    "One-at-a-time sweeps",
    "Method agreement",
    "Rank reversal",
)
FAST = ("--samples", "2000")


def _no_constants(name: str) -> float:
    raise AssertionError(f"JSON output contains {name}")


def parse_json(text: str) -> dict[str, Any]:
    """The whole text as one JSON object; NaN or Infinity fail the test."""
    data = json.loads(text, parse_constant=_no_constants)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def two_by_two(tmp_path: Path) -> Path:
    path = tmp_path / "two-by-two.yaml"
    path.write_text(TWO_BY_TWO, encoding="utf-8")
    return path


def run_with_env(cwd: Path, env: dict[str, str], *args: str | Path) -> Any:
    return run_citydip(args, cwd=cwd, env={**os.environ, **env})


def check_contract(data: dict[str, Any]) -> None:
    """The keys the issue requires, with their shapes."""
    names = list(data["rank_acceptability"])
    m = len(names)
    assert m >= 2
    for row in data["rank_acceptability"].values():
        assert len(row) == m
        assert all(isinstance(p, float | int) and 0.0 <= p <= 1.0 for p in row)
    assert set(data["central_weights"]) == set(names)
    criteria = set(data["thresholds"])
    for central in data["central_weights"].values():
        assert central is None or set(central) == criteria
    assert set(data["confidence"]) == set(names)
    assert all(0.0 <= c <= 1.0 for c in data["confidence"].values())
    for threshold in data["thresholds"].values():
        assert "top" in threshold
        assert threshold["top"] is None or isinstance(threshold["top"], float)
    assert isinstance(data["correlations"], dict)
    assert data["correlations"]


# ---------------------------------------------------------------- JSON and tables


def test_json_contract_on_the_default_scenario(citydip):
    done = citydip("sensitivity", "--format", "json", *FAST)
    assert done.code == 0, done.stderr
    data = parse_json(done.stdout)
    check_contract(data)
    assert len(data["rank_acceptability"]) == 13  # the thirteen Gulf cities
    assert set(data["correlations"]) >= {"rs", "rw", "ws"}


def test_json_of_the_two_by_two_case(citydip, two_by_two):
    done = citydip("sensitivity", two_by_two, "--format", "json", "--draw", "uniform", *FAST)
    assert done.code == 0, done.stderr
    data = parse_json(done.stdout)
    check_contract(data)
    assert list(data["rank_acceptability"]) == ["A", "B"]
    assert data["thresholds"]["c1"]["top"] == pytest.approx(-1 / 6, abs=1e-6)
    assert data["thresholds"]["c2"]["top"] == pytest.approx(1 / 4, abs=1e-6)
    # w1 ~ U(0, 1): A first with probability 1/2; 4 binomial sd at 2000 draws ≈ 0.045.
    assert data["rank_acceptability"]["A"][0] == pytest.approx(0.5, abs=0.045)
    assert data["options"]["draw"] == "uniform"


def test_json_for_vikor(citydip, two_by_two):
    done = citydip("sensitivity", two_by_two, "-f", "json", "--method", "vikor", "-n", "500")
    assert done.code == 0, done.stderr
    data = parse_json(done.stdout)
    assert data["method"] == "vikor"
    assert list(data["methods"]) == ["vikor"]
    assert data["thresholds"]["c1"]["top"] == pytest.approx(-1 / 6, abs=1e-6)


def test_every_method_of_the_scenario_by_default_or_as_repeated(citydip, two_by_two):
    """No --method: the scenario's methods (TOPSIS, then VIKOR), each with every check, in
    JSON and in the tables; --method repeated picks them in the order given, once each."""
    default = citydip("sensitivity", two_by_two, "-f", "json", "-n", "500")
    chosen = citydip(
        "sensitivity", two_by_two, "-f", "json", "-n", "500",
        "-m", "vikor", "--method", "topsis", "-m", "vikor",
    )  # fmt: skip
    tables = citydip("sensitivity", two_by_two, "-n", "500")
    assert default.code == chosen.code == tables.code == 0, default.stderr + chosen.stderr
    assert list(parse_json(default.stdout)["methods"]) == ["topsis", "vikor"]
    data = parse_json(chosen.stdout)
    assert list(data["methods"]) == ["vikor", "topsis"] and data["method"] == "vikor"
    for title in ("SMAA-2 rank acceptability — TOPSIS", "SMAA-2 rank acceptability — VIKOR"):
        assert title in tables.stdout, tables.stdout
    assert tables.stdout.count("Critical thresholds") == 2
    assert tables.stdout.count("Method agreement") == 1


def test_tables_on_stdout_nothing_of_them_on_stderr(citydip):
    done = citydip("sensitivity", *FAST)
    assert done.code == 0, done.stderr
    for title in TABLE_TITLES:
        assert title in done.stdout, title
        assert title not in done.stderr, title
    assert "Dubai" in done.stdout


def test_threshold_table_of_the_two_by_two_case(citydip, two_by_two):
    done = citydip("sensitivity", two_by_two, *FAST)
    assert done.code == 0, done.stderr
    table = done.stdout.split("Critical thresholds")[1].split("One-at-a-time sweeps")[0]
    rows = {line.split()[1]: line for line in table.splitlines() if line.startswith("│ c")}
    assert set(rows) == {"c1", "c2"}, table
    assert "-0.1667" in rows["c1"]  # −1/6
    assert "+0.2500" in rows["c2"]  # +1/4
    assert "most critical" in rows["c1"]
    assert "most critical" not in rows["c2"]


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_out_writes_the_file(citydip, tmp_path, fmt):
    out = tmp_path / "result" / f"sensitivity.{'txt' if fmt == 'table' else fmt}"
    out.parent.mkdir()
    done = citydip("sensitivity", "--format", fmt, "--out", out, *FAST)
    assert done.code == 0, done.stderr
    assert out.is_file()
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        check_contract(parse_json(text))
    else:
        for title in TABLE_TITLES:
            assert title in text, title
        assert "\x1b[" not in text  # plain text in a file, no terminal codes
    for title in TABLE_TITLES:
        assert title not in done.stdout
    assert "rank_acceptability" not in done.stdout


def test_progress_bar_on_stderr_in_a_terminal(tmp_path):
    """Rich draws live displays only on a terminal: TTY_COMPATIBLE=1 makes stderr one."""
    done = run_with_env(
        tmp_path, {"TTY_COMPATIBLE": "1"}, "sensitivity", "-f", "json", "-n", "20000"
    )
    assert done.returncode == 0, done.stderr
    assert "Monte Carlo draws" in done.stderr
    assert "Monte Carlo draws" not in done.stdout
    check_contract(parse_json(done.stdout))


# ---------------------------------------------------------------- reproducibility


@pytest.mark.parametrize(
    "options",
    [
        ("--draw", "dirichlet"),
        ("--draw", "uniform", "--values", "0.1"),
        ("--draw", "judgments", "--spread", "0.3"),
    ],
    ids=["dirichlet", "uniform-values", "judgments"],
)
def test_same_seed_same_json_in_two_processes(citydip, citydip_process, options):
    """One run in this process, one in a new process (its own hash seed)."""
    args = ("sensitivity", "--format", "json", "--samples", "5000", "--seed", "42", *options)
    first, second = citydip(*args), citydip_process(*args)
    assert first.code == second.code == 0, first.stderr + second.stderr
    assert first.stdout == second.stdout
    check_contract(parse_json(first.stdout))


def test_different_seed_different_json(citydip):
    args = ("sensitivity", "--format", "json", "--draw", "uniform", *FAST)
    one, two = citydip(*args, "--seed", "1"), citydip(*args, "--seed", "2")
    assert one.code == two.code == 0, one.stderr + two.stderr
    assert (
        parse_json(one.stdout)["rank_acceptability"]
        != (parse_json(two.stdout)["rank_acceptability"])
    )


def test_threads_do_not_change_the_result(citydip, monkeypatch):
    """``--threads 1`` runs on one thread, ``--threads 3`` on three: the same JSON; both
    through the thread mapper, which holds BLAS to one thread while the draws run."""
    from mcda_citydip.sensitivity import distributed

    asked: list[int] = []

    def recorded(workers: int = 2) -> distributed.ThreadMapper:
        asked.append(workers)
        return distributed.ThreadMapper(workers)

    monkeypatch.setattr(distributed, "thread_mapper", recorded)
    args = ("sensitivity", "--format", "json", "--samples", "9000", "--draw", "uniform")
    one, three = citydip(*args, "--threads", "1"), citydip(*args, "--threads", "3")
    assert one.code == three.code == 0, one.stderr + three.stderr
    assert one.stdout == three.stdout
    assert asked == [1, 3]


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=":0", processes=True
    ) as cluster:
        yield cluster


def test_scheduler_gives_the_result_of_one_process(citydip, dask_cluster):
    address = dask_cluster.scheduler_address
    assert not dask_cluster.scheduler.task_prefixes  # the scheduler (in this process) is new
    done = citydip(
        "sensitivity", "--scheduler", address, "--format", "json", "--samples", "9000",
        "--seed", "7",
    )  # fmt: skip
    assert done.code == 0, done.stderr
    assert dask_cluster.scheduler.task_prefixes, "no task of the run reached the scheduler"
    remote = parse_json(done.stdout)
    settings = SensitivitySettings(samples=9000, seed=7)
    local = parse_json(sensitivity_json(analyse(load_scenario(default_scenario_path()), settings)))
    for key in ("rank_acceptability", "central_weights", "confidence"):
        assert remote[key] == local[key], key
    assert remote == local


# ---------------------------------------------------------------- bad input


def expect_one_error(done: Any, *needles: str) -> str:
    assert done.code == 2, f"exit {done.code}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert len(done.errors) == 1, done.stderr
    (line,) = done.errors
    for needle in needles:
        assert needle in line, line
    assert done.stdout.strip() == "", done.stdout
    return line


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--draw", "bogus"), ("bogus",)),
        (("--samples", "0"), ("--samples",)),
        (("-n", "-5"), ("--samples",)),
        (("--method", "electre"), ("electre",)),
        (("--format", "csv"), ("--format",)),
        (("--seed", "-1"), ("--seed",)),
        (("--concentration", "0"), ("--concentration",)),
        (("--spread", "-0.1"), ("--spread",)),
        (("--values", "abc"), ("--values",)),
        (("--values", "-0.1"), ("--values",)),
        (("--values", "nope=0.1"), ("nope",)),
        (("--values", "0.1", "--values-shape", "cauchy"), ("cauchy",)),
        (("--threads", "-1"), ("--threads",)),
        (("--threads", "2", "--scheduler", "tcp://127.0.0.1:9"), ("--threads", "--scheduler")),
        (("--concentration", "inf"), ("--concentration", "finite")),
        (("--draw", "uniform", "--spread", "1e308"), ("--spread",)),
        (("--samples", "1000000000000000"), ("--samples",)),
        (("--values", "2"), ("--values", "0 to 1")),
        (("--values", "c1=0.1,c1=0.2"), ("c1", "twice")),
        (("--values", "c1=0.1,0.2"), ("0.2", "ID=VALUE")),
        (("--values", "0.1", "--values-shape", "c2=cauchy"), ("cauchy",)),
        (("--values", "0.1", "--values-shape", "nope=normal"), ("nope",)),
        (("--format", "md"), ("--format",)),
        (("--values-shape", "normal"), ("--values-shape", "--values")),
        (("--pairs", "1"), ("--pairs", "at least 2")),
        (("--pairs", "some"), ("--pairs", "'all'")),
        (("--pairs", "²"), ("--pairs", "at least 2")),
        (("--pairs", "9" * 5000), ("--pairs", "at least 2")),
    ],
    ids=[
        "draw",
        "samples-zero",
        "samples-negative",
        "method",
        "format",
        "seed",
        "concentration",
        "spread",
        "values-text",
        "values-negative",
        "values-unknown-indicator",
        "values-shape",
        "threads-negative",
        "threads-and-scheduler",
        "concentration-infinite",
        "spread-huge",
        "samples-huge",
        "values-above-one",
        "values-twice",
        "values-not-a-pair",
        "values-shape-per-indicator",
        "values-shape-unknown-indicator",
        "format-md",
        "values-shape-without-values",
        "pairs-one",
        "pairs-text",
        "pairs-superscript",
        "pairs-huge",
    ],
)
def test_bad_option(citydip, two_by_two, args, needles):
    expect_one_error(citydip("sensitivity", two_by_two, *args), *needles)


def test_pairs_chooses_the_pairs_with_thresholds(citydip):
    """``--pairs K``: the pairs among the first K of the baseline ranking (the default 40
    lists every pair of the default scenario's 13 ranked cities); ``--pairs all`` every
    pair."""
    args = ("sensitivity", "--format", "json", *FAST, "-m", "topsis")
    runs = {k: citydip(*args, *(("--pairs", k) if k else ())) for k in ("", "5", "ALL")}
    assert all(done.code == 0 for done in runs.values()), [d.stderr for d in runs.values()]
    listed = {k: len(parse_json(done.stdout)["pair_thresholds"]) for k, done in runs.items()}
    ranked = len(parse_json(runs[""].stdout)["baseline_ranks"])
    assert ranked == 13
    assert listed == {"": 78, "5": 10, "ALL": 78}


def test_value_ranges_and_shapes_per_indicator_or_dimension(citydip):
    """A dimension's range and shape cover its indicators; an indicator's own entry wins;
    the others stay exact (range 0) and uniform."""
    done = citydip(
        "sensitivity", "--format", "json", *FAST, "--values", "ECO=0.2,ECO1=0.05",
        "--values-shape", "ECO=normal,BIL1=uniform",
    )  # fmt: skip
    assert done.code == 0, done.stderr
    values = parse_json(done.stdout)["conventions"]["smaa"]["values"]
    eco = set(load_scenario(default_scenario_path()).hierarchy.nodes["ECO"].children)
    criteria = parse_json(done.stdout)["oat"]["weights"]
    for criterion, relative, shape in zip(
        criteria, values["relative"], values["shape"], strict=True
    ):
        inside = criterion in eco
        assert relative == (0.05 if criterion == "ECO1" else 0.2 if inside else 0.0), criterion
        assert shape == ("normal" if inside else "uniform"), criterion


def test_judgment_draws_on_a_scenario_with_direct_weights(citydip, two_by_two):
    done = citydip("sensitivity", two_by_two, "--draw", "judgments", *FAST)
    expect_one_error(done, two_by_two.name, "judgments")


def test_missing_scenario(citydip, tmp_path):
    done = citydip("sensitivity", tmp_path / "no-such-scenario.yaml")
    expect_one_error(done, "no-such-scenario.yaml")


def test_unreachable_scheduler(citydip, two_by_two, monkeypatch):
    """Nothing listens on port 9: the client gives up after its timeout (10 s; 0.5 s here,
    so that the test does not wait it out)."""
    from mcda_citydip.sensitivity import distributed

    quick = functools.partial(distributed.dask_mapper, timeout=0.5)
    monkeypatch.setattr(distributed, "dask_mapper", quick)
    address = "tcp://127.0.0.1:9"
    done = citydip("sensitivity", two_by_two, "--scheduler", address, "-n", "100")
    expect_one_error(done, address)


def test_per_indicator_value_uncertainty_touches_only_the_named_indicator():
    """``values={"ECO1": 0.3}`` perturbs ECO1 alone (the others exact) and is stated in the
    conventions; the confidence factors then come from real value draws, so they are no
    longer the 0/1 of a run without value uncertainty."""
    scenario = load_scenario(default_scenario_path())
    with_values = analyse(scenario, SensitivitySettings(samples=2000, values={"ECO1": 0.3}))
    without = analyse(scenario, SensitivitySettings(samples=2000))
    criteria = with_values.smaa.criteria
    drawn = with_values.smaa.conventions["values"]
    assert without.smaa.conventions["values"] is None
    assert drawn["relative"] == [0.3 if c == "ECO1" else 0.0 for c in criteria]
    assert set(without.smaa.confidence.tolist()) <= {0.0, 1.0}
    assert any(0.0 < c < 1.0 for c in with_values.smaa.confidence)


# ---------------------------------------------------------------- many alternatives


def many_cities(tmp_path: Path, m: int) -> Path:
    rows = "\n".join(f"City {i},{(i * 37) % 101},{(i * 53) % 97 + 1}" for i in range(m))
    (tmp_path / "cities.csv").write_text(f"city,c1,c2\n{rows}\n", encoding="utf-8")
    path = tmp_path / "many.yaml"
    path.write_text(
        TWO_BY_TWO.replace("alternatives:\n  A: {c1: 1, c2: 0}\n  B: {c1: 0, c2: 1}\n", "")
        + "alternatives: cities.csv\n",
        encoding="utf-8",
    )
    return path


def test_json_is_streamed_with_the_text_of_sensitivity_json(citydip, tmp_path):
    """The CLI writes the JSON piece by piece (never the whole text at once): the same bytes
    as ``sensitivity_json``, to stdout and to --out."""
    from mcda_citydip.report.sensitivity import sensitivity_json_chunks

    path = many_cities(tmp_path, 30)
    report = analyse(load_scenario(path), SensitivitySettings(samples=500))
    assert "".join(sensitivity_json_chunks(report)) == sensitivity_json(report)
    done = citydip("sensitivity", path, "-f", "json", "-n", "500")
    assert done.code == 0, done.stderr
    assert done.stdout == sensitivity_json(report)
    out = tmp_path / "out.json"
    done = citydip("sensitivity", path, "-f", "json", "-n", "500", "--out", out)
    assert done.code == 0, done.stderr
    assert out.read_text(encoding="utf-8") == sensitivity_json(report)


def test_tables_of_many_alternatives_are_cut_with_notes(tmp_path):
    """60 alternatives with a small output cap: the acceptability table shows the first 50
    (a caption says so), the rank-reversal line names ten removals, and the notes of every
    cut are printed, each method's marked when the other has no such note."""
    from mcda_citydip.report.render import to_text
    from mcda_citydip.report.sensitivity import sensitivity_renderable

    report = analyse(
        load_scenario(many_cities(tmp_path, 60)),
        SensitivitySettings(samples=500, output_values=2_000),
    )
    text = " ".join(to_text(sensitivity_renderable(report), width=200).split())
    assert "the first 50 of 60 alternatives; --format json lists all" in text
    assert "Note: rank acceptability: 60 alternatives; only ranks 1–33 are kept" in text
    assert "Note: pair thresholds: 60 alternatives make 1,770 pairs; listed are the 496" in text
    assert "Note: TOPSIS: rank reversal: 60 alternatives; removals were checked for 33" in text
    assert "Note: VIKOR: rank reversal: 60 alternatives; the 4 removals that can change" in text
    changed = sum(case.changed for case in report.reversal.removed)
    assert changed > 10 and f"; and {changed - 10} more removals" in text
