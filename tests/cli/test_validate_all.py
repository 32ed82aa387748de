"""``citydip validate`` reports every problem of a scenario in one run (issue 17).

The small scenario of ``conftest.py`` gets several independent problems at once (one in the
scenario's schema, one in each file it names); every one is its own ``Error: …`` line, exit
2, and fixing one problem takes one line away.
"""

from __future__ import annotations

import itertools
import re

import pytest
from runner import run_citydip

BOGUS = "bogus_key: 1\n"
SCENARIO_HEAD = "name: Small test scenario\n"
PAIR = "    - [GDP, DIST, 3]\n"
BROKEN_PAIR = "    - [GDP, DIST, 3\n"  # an unclosed flow sequence: malformed YAML
ROW = "Beta,8,200,4,1,2\n"
BAD_ROW = "Beta,8,200,four,1,2\n"


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def break_files(small, which: set[str]) -> None:
    """Put the problems named in ``which`` into the small scenario."""
    if "key" in which:
        small.edit("scenario.yaml", SCENARIO_HEAD, SCENARIO_HEAD + BOGUS)
    if "criteria" in which:
        small.path("criteria.yaml").unlink()
    if "judgments" in which:
        small.edit("judgments/expert.yaml", PAIR, BROKEN_PAIR)
    if "data" in which:
        small.edit("cities.csv", ROW, BAD_ROW)


SIGNS = {
    "key": r"scenario\.yaml.*unknown key 'bogus_key'; remove it",
    "criteria": r"criteria\.yaml.*(not found|no such)",
    "judgments": r"expert\.yaml, line \d+: malformed YAML",
    "data": r"cities\.csv, line 4, column EDU: 'four' is not a number",
}


def test_four_problems_in_one_run(small):
    break_files(small, set(SIGNS))
    result = run_citydip(["validate", small.scenario])
    found = errors(result)
    assert result.returncode == 2, result.stderr
    assert len(found) == 4, found
    for kind, sign in SIGNS.items():
        assert sum(bool(re.search(sign, line, re.I)) for line in found) == 1, (kind, found)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("left", [c for n in (1, 2, 3) for c in itertools.combinations(SIGNS, n)])
def test_each_fix_takes_one_line_away(small, left):
    break_files(small, set(left))
    result = run_citydip(["validate", small.scenario])
    found = errors(result)
    assert result.returncode == 2, result.stderr
    assert len(found) == len(left), found
    for kind in left:
        assert any(re.search(SIGNS[kind], line, re.I) for line in found), (kind, found)


def test_fixed_scenario_is_valid(small):
    result = run_citydip(["validate", small.scenario])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")


def test_all_schema_problems_and_the_files(small):
    """Several schema problems (a required key, a wrong value, an unknown key) are all
    reported, and the named files are still read."""
    small.edit("scenario.yaml", SCENARIO_HEAD, "bogus_key: 1\nmax_cr: -1\n")
    small.edit("cities.csv", ROW, BAD_ROW)
    found = errors(run_citydip(["validate", small.scenario]))
    assert len(found) == 4, found
    joined = "\n".join(found)
    for sign in ("(name): Field required", "unknown key 'bogus_key'", "max_cr", "'four'"):
        assert sign in joined, (sign, found)


def test_a_missing_judgments_folder_and_data_file(small):
    """Missing files are each reported, beside the problems of the files that exist."""
    small.edit("scenario.yaml", "judgments: judgments/", "judgments: nope/")
    small.edit("scenario.yaml", "cities.csv", "nope.csv")
    small.edit("criteria.yaml", "direction: cost\n  - id: SOC", "direction: costly\n  - id: SOC")
    found = errors(run_citydip(["validate", small.scenario]))
    joined = "\n".join(found)
    assert len(found) == 3, found
    assert "small/nope:" in joined and "nope.csv" in joined and "costly" in joined, found


def test_inline_judgments_checked_without_the_hierarchy(small):
    """With the criteria file missing, inline judgments are still checked for their values."""
    small.path("criteria.yaml").unlink()
    small.edit(
        "scenario.yaml",
        "judgments: judgments/\n",
        "judgments:\n  - expert: a\n    comparisons:\n      goal:\n        - [ECO, SOC, 12]\n",
    )
    found = errors(run_citydip(["validate", small.scenario]))
    assert len(found) == 2, found
    assert any("outside Saaty's scale" in line for line in found), found


def test_run_still_stops_with_every_problem(small):
    """``citydip run`` reads the scenario the same way: the same problems, exit 2."""
    break_files(small, {"key", "data"})
    result = run_citydip(["run", small.scenario])
    assert result.returncode == 2
    assert len(errors(result)) == 2, result.stderr


def test_files_checked_against_the_alternatives_must_be_there(small):
    """Without the alternatives, a missing scores file and partnerships file are still named."""
    small.edit("cities.csv", ROW, BAD_ROW)
    small.edit(
        "scenario.yaml",
        SCENARIO_HEAD,
        SCENARIO_HEAD + "expert_scores: scores.yaml\npartnerships: pairs.csv\n",
    )
    found = errors(run_citydip(["validate", small.scenario]))
    joined = "\n".join(found)
    assert len(found) == 3, found
    assert "scores.yaml: file not found" in joined and "pairs.csv: file not found" in joined


def test_a_table_checked_without_the_hierarchy(small):
    """Criteria missing: the table's own problems (a repeated id, a bad number) still show."""
    small.path("criteria.yaml").unlink()
    small.edit("cities.csv", "Gamma,6,700,2,3,5\n", "Alpha,6,x,2,3,5\n")
    found = errors(run_citydip(["validate", small.scenario]))
    joined = "\n".join(found)
    assert len(found) == 3, found
    assert "'Alpha' appears twice" in joined and "column DIST: 'x' is not a number" in joined
