"""Tests for ``mcda_citydip.files.judgments_edit``: a judgments file updated in place keeps
what was written there by hand (comments, layout, quoting) and reads back as the session's
judgments."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.judgments import dump_judgments, parse_judgments
from mcda_citydip.files.judgments_edit import updated_text
from mcda_citydip.files.yamlio import load_yaml_text
from mcda_citydip.model import Comparison, Judgments

HIERARCHY = load_criteria(Path(__file__).parents[2] / "criteria" / "city-diplomacy.yaml")

ANNOTATED = """\
# Ana's judgments for the Baltic study, written by hand.
format: citydip/judgments
version: 1
expert: Ana   # the lead analyst
weight: 2
comparisons:
    goal:
        - [NET, BIL, 3]      # networks matter most
        - [NET, KNW, 5]
        # the next one is a guess
        - [BIL, KNW, "1/2"]  # unsure
    NET:
        - [NET1, NET2, 4]
"""


def read(text: str) -> Judgments:
    return parse_judgments(load_yaml_text(text, "ana.yaml"), HIERARCHY)


def comments(text: str) -> list[str]:
    return [m.group(0) for m in re.finditer(r"#.*$", text, flags=re.MULTILINE)]


def with_pairs(
    judgments: Judgments,
    comparisons: dict[str, list[tuple[str, str, float]]],
    skipped: dict[str, list[tuple[str, str]]] | None = None,
) -> Judgments:
    return replace(
        judgments,
        comparisons=MappingProxyType(
            {n: tuple(Comparison(a, b, v) for a, b, v in cs) for n, cs in comparisons.items()}
        ),
        skipped=MappingProxyType({n: tuple(ps) for n, ps in (skipped or {}).items()}),
    )


def assert_reads_as(text: str, expected: Judgments) -> None:
    found = read(text)

    def pairs(j: Judgments) -> dict[str, set[tuple[str, str, float]]]:
        return {
            n: {(c.left, c.right, round(c.value, 9)) for c in cs}
            for n, cs in j.comparisons.items()
            if cs
        }

    assert pairs(found) == pairs(expected)
    assert {n: set(p) for n, p in found.skipped.items() if p} == {
        n: set(p) for n, p in expected.skipped.items() if p
    }
    assert (found.expert, found.weight) == (expected.expert, expected.weight)


def test_unchanged_judgments_leave_a_hand_written_file_as_it_is() -> None:
    assert updated_text(ANNOTATED, read(ANNOTATED), HIERARCHY, "ana.yaml") == ANNOTATED


def test_windows_line_ends_are_read_and_written_back_as_newlines() -> None:
    """A file saved with CRLF line ends: the same text back with "\n" (no mixed ends), and a
    comment line keeps its place after an undone judgment's predecessor."""
    crlf = ANNOTATED.replace("\n", "\r\n")
    assert updated_text(crlf, read(ANNOTATED), HIERARCHY, "ana.yaml") == ANNOTATED
    wanted = with_pairs(read(ANNOTATED), {"goal": [("NET", "BIL", 3.0), ("BIL", "KNW", 0.5)]})
    text = updated_text(crlf, wanted, HIERARCHY, "ana.yaml")
    assert text is not None and "\r" not in text
    assert "        - [NET, BIL, 3]      # networks matter most\n        # the next" in text


@pytest.mark.parametrize("start", ["---\n", "# by Ana\n\n---\n", "%YAML 1.2\n---\n"])
def test_a_document_start_and_what_precedes_it_are_kept(start: str) -> None:
    text = start + ANNOTATED
    assert updated_text(text, read(ANNOTATED), HIERARCHY, "ana.yaml") == text
    wanted = with_pairs(read(ANNOTATED), {"goal": [("NET", "BIL", 3.0)]})
    result = updated_text(text, wanted, HIERARCHY, "ana.yaml")
    assert result is not None and result.startswith(start + "# Ana's judgments"), result


def test_unchanged_judgments_leave_a_written_file_as_it_is() -> None:
    text = dump_judgments(read(ANNOTATED), HIERARCHY.inner, "written by citydip\nline two")
    assert updated_text(text, read(text), HIERARCHY, "ana.yaml") == text


def test_an_answer_undo_revision_and_new_node_touch_only_their_lines() -> None:
    """NET/KNW undone, BIL/KNW revised (asked the other way round), KNW/ECO and a CUL pair
    answered, a pair skipped: every other line keeps its comment and layout, and the revised
    judgment keeps its line's comment."""
    wanted = with_pairs(
        read(ANNOTATED),
        {
            "goal": [("NET", "BIL", 3.0), ("KNW", "BIL", 4.0), ("KNW", "ECO", 2.0)],
            "NET": [("NET1", "NET2", 4.0)],
            "CUL": [("CUL1", "CUL2", 1 / 3)],
        },
        {"NET": [("NET1", "NET3")]},
    )
    text = updated_text(ANNOTATED, wanted, HIERARCHY, "ana.yaml")
    assert text is not None
    assert_reads_as(text, wanted)
    lines = text.splitlines()
    for kept in (
        "# Ana's judgments for the Baltic study, written by hand.",
        "expert: Ana   # the lead analyst",
        "        - [NET, BIL, 3]      # networks matter most",
        "        - [NET1, NET2, 4]",
    ):
        assert kept in lines, text
    assert "[NET, KNW, 5]" not in text  # undone; the comment line after it moves up
    assert "        - [NET, BIL, 3]      # networks matter most\n        # the next" in text
    assert "        - [KNW, BIL, 4]      # unsure" in lines  # revised in place, note kept
    assert "        - [KNW, ECO, 2]" in lines and "        - [CUL1, CUL2, 1/3]" in lines
    assert "    NET:\n        - [NET1, NET3]" in text.split("skipped:")[1]


def test_a_comment_line_after_a_bare_flow_item_survives() -> None:
    """ruamel.yaml alone drops ``# the next one is a guess`` (it follows an item with no
    comment of its own); the placeholder keeps it, and no placeholder is written."""
    wanted = read(ANNOTATED)
    extra = dict(wanted.comparisons)
    extra["goal"] = (*extra["goal"], Comparison("NET", "ECO", 7.0))
    text = updated_text(ANNOTATED, replace(wanted, comparisons=extra), HIERARCHY, "ana.yaml")
    assert text is not None
    assert "        # the next one is a guess" in text.splitlines()
    assert "citydip-keep" not in text


def test_comment_lines_after_a_list_stay_after_it_and_none_is_ever_dropped() -> None:
    """A note after a node's last judgment stays after the appended ones; a note after a
    removed section (a skipped pair later answered) or after a removed first judgment is
    kept at the end of the file rather than lost."""
    text = ANNOTATED + "    # NET is done\nskipped:\n    goal:\n        - [NET, POL]\n# end\n"
    wanted = with_pairs(
        read(text),
        {
            "goal": [("BIL", "KNW", 0.5), ("NET", "POL", 7.0)],
            "NET": [("NET1", "NET2", 4.0), ("NET1", "NET3", 2.0)],
        },
    )
    result = updated_text(text, wanted, HIERARCHY, "ana.yaml")
    assert result is not None
    assert_reads_as(result, wanted)
    assert "        - [NET1, NET3, 2]\n    # NET is done\n" in result
    assert result.endswith("\n# the next one is a guess\n# end\n"), result

    def lines(text: str) -> list[str]:
        return sorted(s for line in text.splitlines() if (s := line.strip()).startswith("#"))

    assert lines(result) == lines(text), result  # the undone judgment's own note goes with it


@pytest.mark.parametrize("text", ["just a string\n", "- [a, b]\n", "key: [unclosed\n"])
def test_a_file_that_is_not_a_judgments_mapping_is_left_to_a_fresh_write(text: str) -> None:
    assert updated_text(text, read(ANNOTATED), HIERARCHY, "ana.yaml") is None


GOAL_PAIRS = list(itertools.combinations(HIERARCHY.nodes["goal"].children, 2))
VALUES = st.sampled_from([1 / 9, 1 / 5, 1 / 3, 1.0, 2.0, 3.0, 7.0, 9.0])
PAIR_SETS = st.dictionaries(st.sampled_from(GOAL_PAIRS), VALUES, max_size=8)


@given(PAIR_SETS, PAIR_SETS, st.sampled_from([(2, 0), (4, 4), (2, 2)]))
@settings(max_examples=60, deadline=None)
def test_any_edit_reads_back_and_keeps_the_comments_of_kept_judgments(
    before: dict[tuple[str, str], float],
    after: dict[tuple[str, str], float],
    layout: tuple[int, int],
) -> None:
    """A file of ``before`` (in a given indentation, every judgment with its own comment,
    and a comment line after each) updated to ``after``: it reads back as ``after``, the
    comments of the judgments that did not change are all still there, and so is every
    comment line."""
    mapping, offset = layout
    body = "".join(
        f"{' ' * (mapping + offset)}- [{a}, {b}, {v:.12g}]  # note {a}-{b}\n"
        f"{' ' * (mapping + offset)}# after {a}-{b}\n"
        for (a, b), v in before.items()
    )
    text = "# by hand\nformat: citydip/judgments\nversion: 1\nexpert: Ana\ncomparisons:\n" + (
        f"{' ' * mapping}goal:\n{body}" if body else "  {}\n"
    )
    base = read(text)
    wanted = with_pairs(base, {"goal": [(a, b, v) for (a, b), v in after.items()]})
    result = updated_text(text, wanted, HIERARCHY, "ana.yaml")
    assert result is not None
    assert_reads_as(result, wanted)
    assert "# by hand" in result and "citydip-keep" not in result
    for (a, b), v in before.items():
        if after.get((a, b)) == v:
            assert f"# note {a}-{b}" in result, result
        assert f"# after {a}-{b}" in result, result
