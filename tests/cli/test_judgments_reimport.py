"""A second pairwise workbook of an expert who already has a judgments file (a corrected or
completed questionnaire): refused without ``--force``; with it, the workbook's pairs replace
those answers and every other answer of the file stays (nothing typed is lost)."""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from openpyxl import load_workbook

from mcda_citydip.files.judgments import load_judgments, merged_judgments
from mcda_citydip.files.questionnaire import write_questionnaire
from mcda_citydip.files.questionnaire.layout import FIRST_ROW, VALUE
from mcda_citydip.files.scenario import load_outline
from mcda_citydip.model import Comparison, Judgments


def workbook(small, name: str, answers: dict[int, object]) -> Path:
    """A questionnaire of ``ana`` with ``answers``: node sheet number → the value of its
    first pair (the small scenario's goal compares two items: one pair)."""
    outline = load_outline(small.scenario)
    path = small.root / name
    write_questionnaire(outline.hierarchy, path, outline.name, "ana")
    book = load_workbook(path)
    for sheet, value in answers.items():
        book.worksheets[sheet].cell(row=FIRST_ROW, column=VALUE).value = value
    book.save(path)
    return path


def pairs(small) -> dict[frozenset[str], float]:
    (found,) = load_judgments(
        small.root / "judgments" / "ana.yaml", load_outline(small.scenario).hierarchy
    )
    return {
        frozenset((c.left, c.right)): c.value for node in found.comparisons.values() for c in node
    }


def test_a_second_workbook_of_the_same_expert_adds_to_the_file(small, citydip) -> None:
    first = workbook(small, "first.xlsx", {1: 3})
    assert citydip("import", small.scenario, first).code == 0
    before = pairs(small)
    assert list(before.values()) == [3.0]
    file = small.root / "judgments" / "ana.yaml"
    text = file.read_text(encoding="utf-8")

    file.write_text(text + "# asked again in the March round\n", encoding="utf-8")  # by hand
    text = file.read_text(encoding="utf-8")
    second = workbook(small, "second.xlsx", {2: 5})  # another node; the first left blank
    refused = citydip("import", small.scenario, second)
    refused.expect_error("already holds judgments of expert 'ana'", "--force")
    assert file.read_text(encoding="utf-8") == text  # nothing written

    done = citydip("import", small.scenario, second, "--force")
    assert done.code == 0, done.stderr
    assert "kept 1 other answer of the file" in done.stderr
    after = pairs(small)
    assert len(after) == 2 and sorted(after.values()) == [3.0, 5.0]
    assert "# asked again in the March round" in file.read_text(encoding="utf-8")

    third = workbook(small, "third.xlsx", {1: "1/7"})  # the first pair answered again
    done = citydip("import", small.scenario, third, "--force")
    assert done.code == 0, done.stderr
    last = pairs(small)
    (first_pair,) = [p for p in before]
    assert abs(last[first_pair] - 1 / 7) < 1e-12 and sorted(last.values())[-1] == 5.0


def test_the_merged_file_is_what_is_reviewed_and_the_weight_stays(small, citydip) -> None:
    """A second workbook that answers another node: the review (and ``--strict``) sees the
    merged judgments, so nothing already answered reads as missing; the weight the
    coordinator set in the file stays when the workbook's cell is the default 1."""
    assert citydip("import", small.scenario, workbook(small, "first.xlsx", {1: 3})).code == 0
    file = small.root / "judgments" / "ana.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("weight: 1", "weight: 2"), "utf-8")
    second = workbook(small, "second.xlsx", {2: 5})
    done = citydip("import", small.scenario, second, "--force")
    assert done.code == 0, done.stderr
    assert re.search(r"│ goal +│ goal +│ +1/1 │ yes", done.stderr), done.stderr  # from the file
    strict = citydip("import", small.scenario, second, "--force", "--strict")
    strict.expect_error("SOC")  # the node neither answers
    assert not [line for line in strict.errors if "'goal'" in line], strict.stderr
    (found,) = load_judgments(file, load_outline(small.scenario).hierarchy)
    assert found.weight == 2.0


def judgments(answers: dict[str, tuple[tuple[str, str, float], ...]], skipped=None) -> Judgments:
    return Judgments(
        "ana",
        1.0,
        MappingProxyType({n: tuple(Comparison(*c) for c in cs) for n, cs in answers.items()}),
        skipped=MappingProxyType(skipped or {}),
    )


def test_the_merge_replaces_answered_pairs_in_either_order_and_keeps_the_rest() -> None:
    earlier = judgments(
        {"goal": (("A", "B", 3.0), ("A", "C", 2.0)), "D": (("x", "y", 4.0),)},
        skipped={"goal": (("B", "C"),)},
    )
    new = judgments({"goal": (("B", "A", 5.0), ("B", "C", 7.0))}, skipped={"D": (("y", "z"),)})
    merged, kept = merged_judgments(earlier, new)
    assert kept == 2  # A–C and x–y
    assert {(c.left, c.right, c.value) for c in merged.comparisons["goal"]} == {
        ("A", "C", 2.0),
        ("B", "A", 5.0),
        ("B", "C", 7.0),
    }
    assert [(c.left, c.right) for c in merged.comparisons["D"]] == [("x", "y")]
    assert dict(merged.skipped) == {"D": (("y", "z"),)}  # B–C is answered now


def test_force_into_a_file_that_no_longer_loads_says_how_to_go_on(small, citydip) -> None:
    """The criteria changed since the expert's file was written (a node it answers is gone):
    ``--force`` cannot add the workbook's answers to it. The file's own error and a line
    that says what to do; the file is left as it is, and nothing else is written."""
    first = workbook(small, "first.xlsx", {1: 3})
    assert citydip("import", small.scenario, first).code == 0
    file = small.root / "judgments" / "ana.yaml"
    stale = file.read_text(encoding="utf-8").replace("  goal:", "  gone:", 1)
    file.write_text(stale, encoding="utf-8")
    second = workbook(small, "second.xlsx", {2: 5})
    before = sorted(p.name for p in file.parent.iterdir())
    refused = citydip("import", small.scenario, second, "--force")
    refused.expect_error("ana.yaml, line 7 (comparisons.gone): unknown node 'gone'")
    refused.expect_error(
        "ana.yaml: this expert's file no longer loads",
        "move it aside",
        "--out another file (nothing was written)",
    )
    assert file.read_text(encoding="utf-8") == stale
    assert sorted(p.name for p in file.parent.iterdir()) == before
    moved = citydip("import", small.scenario, second, "--force", "--out", small.root / "b.yaml")
    assert moved.code == 0, moved.stderr
