"""Every ``citydip …`` line of the README's ```bash blocks runs as written (issue 17), through
the real entry point in process (:mod:`runner`), in one working folder, in README order.

Placeholders become real files: ``my-scenario.yaml`` is a copy of the default scenario (with
``expert_scores: scores/``, which the ratings examples need), ``ratings-filled.xlsx`` a ratings
questionnaire of it with answers typed in, and ``scenarios/…`` and ``criteria/…`` the
repository's files. Interactive sessions (``elicit``, ``score``) read an empty stdin: they stop
at the end of input with their answers saved, exit 0. Only the lines of :data:`SKIPPED` are
not run, each with its reason. The README's own words (how ``citydip`` is found after set-up,
no address in an example) are checked at the end.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from runner import run_citydip

from mcda_citydip.files.questionnaire import RATING_FIRST_ROW, RATINGS_LABEL
from mcda_citydip.files.scenario import default_scenario_path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: The README's placeholder Dask scheduler: a local cluster's address stands in for it.
SCHEDULER = "tcp://scheduler.example:8786"
#: A line's exit code when the README says it is not 0 (none today).
DOCUMENTED_CODES: dict[str, int] = {}


def readme_lines() -> list[str]:
    """The ``citydip …`` lines of the README's ```bash blocks, without their comments."""
    text = README.read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"^```bash\n(.*?)^```", text, flags=re.S | re.M):
        for line in block.splitlines():
            if line.startswith("citydip "):
                lines.append(shlex.join(shlex.split(line, comments=True)))
    return lines


LINES = readme_lines()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The working folder: ``my-scenario/`` (the default scenario's files) and the filled
    ratings workbook."""
    folder = tmp_path_factory.mktemp("readme")
    study = folder / "my-scenario"
    shutil.copytree(default_scenario_path().parent, study)
    scenario = study / "scenario.yaml"
    with scenario.open("a", encoding="utf-8") as file:
        file.write("expert_scores: scores/\n")
    blank = folder / "ratings-blank.xlsx"
    made = run_citydip(
        ["questionnaire", scenario, "--scores", "--out", blank, "--expert", "Sara"], cwd=folder
    )
    assert made.returncode == 0, made.stderr
    fill_ratings(blank, folder / "ratings-filled.xlsx")
    return folder


def fill_ratings(blank: Path, filled: Path) -> None:
    """Rate the first two cities of every rating sheet 1 and 2 on every indicator, as an
    expert would in Excel (point 1 and 2 are on every default scale)."""
    book = load_workbook(blank)
    for sheet in book.worksheets:
        if sheet["A1"].value != RATINGS_LABEL:
            continue
        for offset in (0, 1):
            for column in range(2, sheet.max_column + 1):
                if sheet.cell(RATING_FIRST_ROW - 1, column).value:
                    sheet.cell(RATING_FIRST_ROW + offset, column).value = offset + 1
    book.save(filled)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local Dask cluster of one worker process: the address the README's placeholder
    scheduler stands for."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield str(local.scheduler_address)


def real_arguments(line: str, folder: Path, scheduler: str = SCHEDULER) -> list[str]:
    """The line's arguments with its placeholders made real."""
    found = []
    for arg in shlex.split(line)[1:]:
        if arg == SCHEDULER:
            arg = scheduler
        elif arg == "my-scenario.yaml":
            arg = str(folder / "my-scenario" / "scenario.yaml")
        elif arg == "ratings-filled.xlsx":
            arg = str(folder / arg)
        elif arg.startswith(("scenarios/", "criteria/")) and (ROOT / arg).exists():
            arg = str(ROOT / arg)
        found.append(arg)
    return found


@pytest.mark.parametrize("line", LINES, ids=[f"{k:02}" for k in range(len(LINES))])
def test_the_readme_example_runs(line: str, workdir: Path, request: pytest.FixtureRequest) -> None:
    address = request.getfixturevalue("scheduler") if SCHEDULER in line else SCHEDULER
    done = run_citydip(real_arguments(line, workdir, address), cwd=workdir, timeout=300)
    expected = DOCUMENTED_CODES.get(line, 0)
    assert done.returncode == expected, f"{line}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert "Traceback" not in done.stderr


def test_the_examples_are_found() -> None:
    assert len(LINES) >= 20
    commands = {line.split()[1] for line in LINES}
    assert {"run", "weights", "sensitivity", "report", "import", "scores"} <= commands
    assert any(SCHEDULER in line for line in LINES), "the Dask example is no longer run"


def test_the_readme_says_how_citydip_is_found_after_set_up() -> None:
    text = README.read_text(encoding="utf-8")
    tour = text[text.index("## A short tour") :]
    first = tour[: tour.index("| command |")]
    assert "source .venv/bin/activate" in first
    assert ".venv\\Scripts\\activate" in first
    assert ".venv/bin/citydip" in first


def test_no_example_names_a_real_address() -> None:
    """The Dask example names a placeholder host, not an IP address."""
    address = re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b")
    assert not [line for line in LINES if address.search(line)]
    assert any("tcp://scheduler.example:" in line for line in LINES)
