"""``union:`` in a scenario (issue 11): where every alternative stands in the union the case
is about, shown in every ranking output, so that members and former or expelled members are
never read as candidates."""

from __future__ import annotations

import csv
import io
import json

from cases import csv_body

UNION = """\
union:
  name: Test union
  members: [Alpha]
  former: [Beta]
  expelled: [Gamma]
"""


def test_status_is_in_every_ranking_output(small, fuzz) -> None:
    small.edit("scenario.yaml", "methods:", UNION + "methods:")
    done = fuzz.run_cli(["run", str(small.scenario), "-f", "json"])
    assert done.code == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["union"] == {
        "name": "Test union",
        "status": {
            "Alpha": "member",
            "Beta": "former member",
            "Gamma": "expelled",
            "Delta": "candidate",
        },
    }
    done = fuzz.run_cli(["run", str(small.scenario), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(csv_body(done.stdout))))
    assert {r["alternative"]: r["status"] for r in rows} == data["union"]["status"]
    done = fuzz.run_cli(["run", str(small.scenario), "-f", "md"])
    assert "| rank | alternative | status | score |" in done.stdout
    done = fuzz.run_cli(["run", str(small.scenario)])
    assert "former member" in done.stdout and "expelled" in done.stdout


def test_members_from_a_file(small, fuzz) -> None:
    (small.root / "members.csv").write_text("# members, 2025\nid\nAlpha\nDelta\n", "utf-8")
    small.edit("scenario.yaml", "methods:", "union: {name: U, members: members.csv}\nmethods:")
    done = fuzz.run_cli(["run", str(small.scenario), "-f", "json"])
    assert done.code == 0, done.stderr
    status = json.loads(done.stdout)["union"]["status"]
    assert [n for n, s in status.items() if s == "member"] == ["Alpha", "Delta"]
    out = small.root / "out.json"
    done = fuzz.run_cli(["run", str(small.scenario), "--out", str(small.root / "members.csv")])
    assert done.code == 2 and "input of this run" in done.stderr  # the members file is an input
    assert not out.exists()


def test_one_city_with_two_statuses_is_an_error(small, citydip) -> None:
    small.edit(
        "scenario.yaml", "methods:", "union: {name: U, members: [Alpha], former: [Alpha]}\nmethods:"
    )
    citydip("validate", small.scenario).expect_error("'Alpha' is listed as member and as former")


def test_without_a_union_the_outputs_are_unchanged(small, fuzz) -> None:
    done = fuzz.run_cli(["run", str(small.scenario), "-f", "json"])
    assert "union" not in json.loads(done.stdout)
    done = fuzz.run_cli(["run", str(small.scenario), "-f", "csv"])
    assert csv_body(done.stdout).startswith("method,rank,alternative,score,")
