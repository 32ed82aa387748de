"""A panel of experts through the command line (issue 10): no answer lost, no expert mixed up.

Built on the small scenario of ``conftest.py`` (one judgments folder, expert ``tester``).
"""

from __future__ import annotations

from mcda_citydip.files.judgments import file_expert


def test_three_persian_experts_keep_three_files(small, citydip) -> None:
    """The issue's sequence: مریم elicits, علی elicits (was refused: 'belongs to expert
    مریم'), زهرا imports a workbook with --force (replaced مریم's judgments)."""
    folder = small.path("judgments")
    first = small.elicit("مریم", "3\nq\n")
    assert first.returncode == 0, first.stderr
    second = small.elicit("علی", "5\nq\n")
    assert second.returncode == 0, second.stderr
    workbook = small.filled_questionnaire("زهرا", 7)
    done = citydip("import", workbook, "--scenario", small.scenario, "--force")
    assert done.code == 0, done.stderr
    owners = {file_expert(p): p for p in folder.glob("*.yaml")}
    assert set(owners) == {"tester", "مریم", "علی", "زهرا"}
    assert "[ECO, SOC, 3]" in owners["مریم"].read_text(encoding="utf-8")
    assert "[ECO, SOC, 5]" in owners["علی"].read_text(encoding="utf-8")
    assert "[ECO, SOC, 7]" in owners["زهرا"].read_text(encoding="utf-8")
    assert owners["مریم"].name == "مریم.yaml"


def test_force_never_replaces_another_experts_file(small, citydip) -> None:
    workbook = small.filled_questionnaire("زهرا", 7)
    before = small.text("judgments/expert.yaml")
    done = citydip(
        "import",
        workbook,
        "--scenario",
        small.scenario,
        "--out",
        small.path("judgments/expert.yaml"),
        "--force",
    )
    done.expect_error("expert 'tester'", "another expert")
    assert small.text("judgments/expert.yaml") == before


def test_end_of_input_leaves_no_lock_and_an_honest_message(small) -> None:
    done = small.elicit("ann", "")
    assert done.returncode == 0, done.stderr
    assert not list(small.path("judgments").glob(".*.lock"))
    assert "Traceback" not in done.stderr
