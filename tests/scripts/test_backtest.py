"""The Baltic back-test: its city list, its scenario, and the AUC of scripts/backtest.py."""

from __future__ import annotations

import csv
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from cases import open_data

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
#: Extracts of the raw files in their shapes (``fixtures/README.md``); the UBC list is whole.
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "open"
CITY_LIST = SCRIPTS / "cities" / "baltic-backtest.csv"


@pytest.fixture(scope="module")
def backtest() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module("backtest")


def test_auc_of_a_perfect_separation(backtest: ModuleType) -> None:
    assert backtest.auc([3.0, 4.0], [1.0, 2.0, 0.5]) == (1.0, 6)


def test_auc_of_a_reversed_separation(backtest: ModuleType) -> None:
    assert backtest.auc([0.0], [1.0, 2.0]) == (0.0, 2)


def test_auc_counts_a_tie_as_one_half(backtest: ModuleType) -> None:
    # pairs: (2,1) win, (2,2) tie, (2,3) loss, (5,1) (5,2) (5,3) wins: 4.5 of 6
    assert backtest.auc([2.0, 5.0], [1.0, 2.0, 3.0]) == (0.75, 6)
    assert backtest.auc([1.0, 1.0], [1.0]) == (0.5, 2)


def test_auc_needs_both_classes(backtest: ModuleType) -> None:
    with pytest.raises(ValueError, match="positive and one negative"):
        backtest.auc([], [1.0])


def list_rows() -> list[dict[str, str]]:
    lines = CITY_LIST.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


def test_scenario_members_are_the_ubc_members_of_the_city_list() -> None:
    doc = yaml.safe_load((REPO / "scenarios" / "baltic-backtest.yaml").read_text("utf-8"))
    listed = {r["id"] for r in list_rows() if r["note"] == "UBC member 2025"}
    assert set(doc["union"]["members"]) == listed
    assert 30 <= len(listed) < len(list_rows()) - 30  # members and non-members both many
    assert doc["alternatives"] == "../data/baltic-backtest/indicators.csv"
    assert doc["judgments"].startswith("judgments/baltic")


def test_members_in_the_list_are_in_the_ubc_list() -> None:
    """Every member of the back-test list is named in the UBC list (GeoNames may spell it
    otherwise: Århus; a long official name: Greifswald)."""
    ubc = FIXTURES / "ubc_member_cities_2025_from_ubc-sustainable.net.csv"
    with ubc.open(encoding="utf-8", newline="") as handle:
        names = {row["city"] for row in csv.DictReader(handle)}
    spelled = {"Århus": "Aarhus"}
    for row in list_rows():
        in_ubc = spelled.get(row["id"], row["id"]) in names
        assert in_ubc == (row["note"] == "UBC member 2025"), row["id"]


def test_city_list_is_reproduced_by_its_rule(tmp_path: Path) -> None:
    shared = open_data("the list is rebuilt from the whole GeoNames file")
    out = tmp_path / "list.csv"
    command = [sys.executable, str(SCRIPTS / "backtest_cities.py"), "--shared", str(shared)]
    done = subprocess.run(
        [*command, "--out", str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == CITY_LIST.read_bytes()


def test_backtest_prints_auc_with_pairs_for_both_methods(tmp_path: Path) -> None:
    command = [sys.executable, str(SCRIPTS / "backtest.py"), "scenarios/baltic-backtest.yaml"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 0, done.stderr
    rows = {line.split("\t")[0]: line.split("\t") for line in done.stdout.splitlines()[1:]}
    members = sum(r["note"] == "UBC member 2025" for r in list_rows())
    others = len(list_rows()) - members
    for method in ("topsis", "vikor"):
        _, value, pairs, m, n = rows[method]
        assert (int(pairs), int(m), int(n)) == (members * others, members, others)
        assert 0.0 <= float(value) <= 1.0
