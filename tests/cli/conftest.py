"""Shared fixtures of the CLI tests: a small scenario built in ``tmp_path`` and runners of
the real ``citydip`` entry point: in process (``main(argv)``, :mod:`runner`), and in a
subprocess for the few end-to-end tests of the process itself.

The small scenario has 2 dimensions (ECO with 2 indicators, SOC with 3), 4 alternatives and
one expert. Each bad-input test changes exactly one thing in one of its files with
:meth:`SmallScenario.edit` (a plain text replacement that must match exactly once).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from runner import run_citydip

CRITERIA = """\
format: citydip/criteria
version: 1
goal: Test goal
criteria:
  - id: ECO
    name: Economy
    children:
      - id: GDP
        name: Output per resident
        unit: USD
        direction: benefit
      - id: DIST
        name: Distance to partners
        unit: km
        direction: cost
  - id: SOC
    name: Society
    children:
      - id: EDU
        name: Students
        direction: benefit
      - id: RISK
        name: Risk score
        direction: cost
      - id: HEAL
        name: Hospitals
        direction: benefit
"""

CITIES = """\
# Test data, not measurements.
city,GDP,DIST,EDU,RISK,HEAL
Alpha,10,500,3,2,4
Beta,8,200,4,1,2
Gamma,6,700,2,3,5
Delta,9,400,5,2,3
"""

JUDGMENTS = """\
format: citydip/judgments
version: 1
expert: tester
weight: 1
comparisons:
  goal:
    - [ECO, SOC, 2]
  ECO:
    - [GDP, DIST, 3]
  SOC:
    - [EDU, RISK, 2]
    - [EDU, HEAL, 4]
    - [HEAL, RISK, "1/2"]
"""

SCENARIO = """\
format: citydip/scenario
version: 1
name: Small test scenario
criteria: criteria.yaml
alternatives: cities.csv
judgments: judgments/
methods:
  topsis: {normalization: vector}
  vikor: {v: 0.5}
"""

FILES = {
    "criteria.yaml": CRITERIA,
    "cities.csv": CITIES,
    "judgments/expert.yaml": JUDGMENTS,
    "scenario.yaml": SCENARIO,
}

ELICIT_ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}

LEAVES = ("GDP", "DIST", "EDU", "RISK", "HEAL")
ALTERNATIVES = ("Alpha", "Beta", "Gamma", "Delta")


def line_of(text: str, needle: str) -> int:
    """1-based number of the only line of ``text`` that contains ``needle``."""
    found = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found}, expected exactly one"
    return found[0]


@dataclass
class SmallScenario:
    """The small scenario's files in one folder; edit one of them, then run citydip on it."""

    root: Path

    def write(self) -> SmallScenario:
        for name, text in FILES.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return self

    @property
    def scenario(self) -> Path:
        return self.root / "scenario.yaml"

    def path(self, name: str) -> Path:
        return self.root / name

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def edit(self, name: str, old: str, new: str) -> Path:
        """Replace the one occurrence of ``old`` in file ``name``; return the file's path."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        self.path(name).write_text(text.replace(old, new), encoding="utf-8")
        return self.path(name)

    def line(self, name: str, needle: str) -> int:
        return line_of(self.text(name), needle)

    def elicit(self, expert: str, answers: str, *extra: str) -> subprocess.CompletedProcess[str]:
        """A ``citydip elicit`` session on this scenario through the real entry point (in
        process), fed ``answers`` on stdin."""
        return run_citydip(
            ["elicit", str(self.scenario), "--expert", expert, *extra],
            input=answers,
            env=ELICIT_ENV,
        )

    def filled_questionnaire(self, expert: str, value: object, name: str = "q.xlsx") -> Path:
        """A questionnaire of this scenario for ``expert`` with ``value`` typed as the first
        judgment of its first node sheet (the rest left blank)."""
        from openpyxl import load_workbook

        from mcda_citydip.files.questionnaire import write_questionnaire
        from mcda_citydip.files.questionnaire.layout import FIRST_ROW, VALUE
        from mcda_citydip.files.scenario import load_outline

        workbook = self.root / name
        outline = load_outline(self.scenario)
        write_questionnaire(outline.hierarchy, workbook, outline.name, expert)
        book = load_workbook(workbook)
        book.worksheets[1].cell(row=FIRST_ROW, column=VALUE).value = value
        book.save(workbook)
        return workbook


@pytest.fixture
def small(tmp_path: Path) -> SmallScenario:
    """A valid small scenario written to ``tmp_path / 'small'``."""
    return SmallScenario(tmp_path / "small").write()


@dataclass(frozen=True)
class Outcome:
    """What a run of the real ``citydip`` entry point did (in process or in a subprocess)."""

    code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("Error: ")]

    def expect_error(self, *needles: str, location: str | None = None) -> list[str]:
        """Check exit code 2 and no traceback; return the ``Error:`` lines that contain
        every needle (at least one must) and, if given, match the ``location`` regex."""
        assert self.code == 2, (
            f"exit code {self.code}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"
        )
        assert "Traceback" not in self.stderr, self.stderr
        assert "Traceback" not in self.stdout, self.stdout
        assert self.errors, f"no line starts with 'Error: ' in stderr:\n{self.stderr}"
        matching = [line for line in self.errors if all(n in line for n in needles)]
        assert matching, f"no Error line contains all of {needles}:\n{self.stderr}"
        if location is not None:
            located = [line for line in matching if re.search(location, line)]
            assert located, (
                f"no Error line with {needles} has location /{location}/:\n{self.stderr}"
            )
            return located
        return matching


@pytest.fixture
def citydip(tmp_path: Path) -> Callable[..., Outcome]:
    """Run ``citydip ARGS`` through the real entry point, ``main(argv)``, in this process
    with ``tmp_path`` as the working folder."""

    def run(*args: str | Path) -> Outcome:
        done = run_citydip(args, cwd=tmp_path)
        return Outcome(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def citydip_process(tmp_path: Path) -> Callable[..., Outcome]:
    """Run ``python -m mcda_citydip ARGS`` in a new process in ``tmp_path``: for the few
    end-to-end tests of the process itself (start-up, exit code)."""

    def run(*args: str | Path) -> Outcome:
        done = subprocess.run(
            [sys.executable, "-m", "mcda_citydip", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        return Outcome(done.returncode, done.stdout, done.stderr)

    return run


FUZZ_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fuzz.py"


@pytest.fixture(scope="session")
def fuzz() -> ModuleType:
    """``scripts/fuzz.py``: the seeded fuzzer and its in-process runner ``run_cli``."""
    spec = importlib.util.spec_from_file_location("citydip_fuzz", FUZZ_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["citydip_fuzz"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module
