"""The reader of expert scores (``format: citydip/scores``, ``mcda_citydip/files/scores.py``)
and the ``expert_scores:`` key of scenarios.

Every bad file must give an :class:`InputError` whose message names the file, the line and
the dotted location, and says how to fix it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from mcda_citydip.errors import InputError
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.scenario import load_scenario
from mcda_citydip.files.scores import load_all_scores, load_scores
from mcda_citydip.model import Hierarchy

CRITERIA = """\
format: citydip/criteria
version: 1
goal: Test goal
criteria:
  - id: ECO
    children:
      - {id: GDP, direction: benefit}
      - {id: NET1, direction: benefit}
  - id: POL
    children:
      - {id: POL4, direction: benefit}
      - {id: BIL2, direction: benefit}
"""
ALTERNATIVES = ("Dubai", "Doha", "Muscat")

GOOD = """\
format: citydip/scores
version: 1
expert: alice
description: ratings on a 1-5 scale
ratings:                    # a value per city
  POL4: {Dubai: 3, Doha: 2.5}
comparisons:
  BIL2:
    - [Dubai, Doha, 3]
    - [Muscat, Doha, "1/2"]
"""


def line_of(text: str, needle: str) -> int:
    found = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(found) == 1, f"{needle!r} is on lines {found}"
    return found[0]


@pytest.fixture
def tree(tmp_path: Path) -> Hierarchy:
    path = tmp_path / "criteria.yaml"
    path.write_text(CRITERIA, encoding="utf-8")
    return load_criteria(path)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_ratings_and_comparisons(tmp_path, tree):
    path = write(tmp_path, "alice.yaml", GOOD)
    found = load_scores(path, tree, ALTERNATIVES)
    assert found.expert == "alice"
    assert found.source == str(path)
    assert {k: dict(v) for k, v in found.ratings.items()} == {"POL4": {"Dubai": 3.0, "Doha": 2.5}}
    assert dict(found.comparisons) == {
        "BIL2": (("Dubai", "Doha", 3.0), ("Muscat", "Doha", 0.5)),
    }


def test_ratings_only_and_comparisons_only(tmp_path, tree):
    only_ratings = GOOD.split("comparisons:")[0]
    found = load_scores(write(tmp_path, "a.yaml", only_ratings), tree, ALTERNATIVES)
    assert dict(found.comparisons) == {}
    only_pairs = GOOD.replace("ratings:                    # a value per city\n", "").replace(
        "  POL4: {Dubai: 3, Doha: 2.5}\n", ""
    )
    found = load_scores(write(tmp_path, "b.yaml", only_pairs), tree, ALTERNATIVES)
    assert dict(found.ratings) == {}
    assert len(found.comparisons["BIL2"]) == 2


def test_a_folder_gives_every_yaml_file_in_name_order(tmp_path, tree):
    folder = tmp_path / "scores"
    write(folder, "b.yaml", GOOD.replace("expert: alice", "expert: bob"))
    write(folder, "a.yml", GOOD)
    write(folder, "notes.txt", "not a scores file")
    found = load_all_scores(folder, tree, ALTERNATIVES)
    assert [s.expert for s in found] == ["alice", "bob"]


def test_a_single_file_is_read_too(tmp_path, tree):
    path = write(tmp_path, "alice.yaml", GOOD)
    assert [s.expert for s in load_all_scores(path, tree, ALTERNATIVES)] == ["alice"]


def test_a_folder_reports_the_problems_of_every_file_at_once(tmp_path, tree):
    folder = tmp_path / "scores"
    write(folder, "a.yaml", GOOD.replace("Doha: 2.5", "Paris: 2.5"))
    write(folder, "b.yaml", GOOD.replace("expert: alice", "expert: bob").replace("POL4", "XX"))
    with pytest.raises(InputError) as info:
        load_all_scores(folder, tree, ALTERNATIVES)
    messages = info.value.messages
    assert len(messages) == 2, messages
    assert any("a.yaml" in m and "Paris" in m for m in messages)
    assert any("b.yaml" in m and "XX" in m for m in messages)


BAD_CASES = {
    # name: (old, new, needle on the reported line, words the message must contain)
    "unknown indicator in ratings": (
        "POL4: {Dubai",
        "POL9: {Dubai",
        "POL9:",
        ("'POL9'", "ratings.POL9", "indicator"),
    ),
    "inner node rated": ("POL4: {Dubai", "ECO: {Dubai", "ECO:", ("'ECO'", "indicator")),
    "unknown indicator in comparisons": (
        "  BIL2:\n",
        "  BIL7:\n",
        "BIL7:",
        ("'BIL7'", "comparisons.BIL7"),
    ),
    "unknown alternative in ratings": (
        "Doha: 2.5",
        "Paris: 2.5",
        "Paris: 2.5",
        ("'Paris'", "ratings.POL4.Paris", "alternatives"),
    ),
    "unknown alternative in comparisons": (
        "[Dubai, Doha, 3]",
        "[Dubai, Paris, 3]",
        "Paris",
        ("'Paris'", "comparisons.BIL2[0]"),
    ),
    "city compared with itself": (
        "[Dubai, Doha, 3]",
        "[Dubai, Dubai, 3]",
        "[Dubai, Dubai",
        ("'Dubai'", "itself", "comparisons.BIL2[0]"),
    ),
    "judgment above 9": (
        "[Dubai, Doha, 3]",
        "[Dubai, Doha, 12]",
        "12]",
        ("12", "comparisons.BIL2[0]", "1/9"),
    ),
    "judgment zero": ('"1/2"]', "0]", "[Muscat", ("comparisons.BIL2[1]", "positive")),
    "judgment not a number": (
        '"1/2"]',
        '"much more"]',
        "much more",
        ("much more", "comparisons.BIL2[1]"),
    ),
    "judgment true": ("[Dubai, Doha, 3]", "[Dubai, Doha, true]", "true", ("True",)),
    "pair without a value": (
        "[Dubai, Doha, 3]",
        "[Dubai, Doha]",
        "[Dubai, Doha]",
        ("comparisons.BIL2[0]", "[left, right, value]"),
    ),
    "rating not a number": ("Doha: 2.5", "Doha: high", "Doha: high", ("ratings.POL4.Doha",)),
}


@pytest.mark.parametrize("case", list(BAD_CASES), ids=list(BAD_CASES))
def test_bad_scores_name_file_line_and_location(tmp_path, tree, case):
    old, new, needle, words = BAD_CASES[case]
    assert GOOD.count(old) == 1
    text = GOOD.replace(old, new)
    path = write(tmp_path, "alice.yaml", text)
    with pytest.raises(InputError) as info:
        load_scores(path, tree, ALTERNATIVES)
    messages = info.value.messages
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith(f"{path}, line {line_of(text, needle)} ("), message
    for word in words:
        assert word in message, (word, message)
    assert ";" in message  # what is wrong; how to fix it


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("format: citydip/scores", "format: citydip/judgments", "format"),
        ("version: 1", "version: 2", "version"),
        ("expert: alice\n", "", "expert"),
        ("description:", "remark:", "remark"),
    ],
)
def test_bad_header_names_the_key(tmp_path, tree, old, new, key):
    path = write(tmp_path, "alice.yaml", GOOD.replace(old, new))
    with pytest.raises(InputError) as info:
        load_scores(path, tree, ALTERNATIVES)
    assert any(str(path) in m and key in m for m in info.value.messages), info.value.messages


def test_a_document_that_is_not_a_mapping(tmp_path, tree):
    path = write(tmp_path, "alice.yaml", "- Dubai\n- Doha\n")
    with pytest.raises(InputError) as info:
        load_scores(path, tree, ALTERNATIVES)
    assert str(path) in str(info.value)
    assert "citydip/scores" in str(info.value)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_rating_that_is_not_finite_is_refused(tmp_path, tree, value):
    text = GOOD.replace("Doha: 2.5", f"Doha: {value}")
    path = write(tmp_path, "alice.yaml", text)
    with pytest.raises(InputError) as info:
        load_scores(path, tree, ALTERNATIVES)
    message = str(info.value)
    assert str(path) in message
    assert f"line {line_of(text, 'Doha: ' + value)}" in message
    assert "Doha" in message


# ---------------------------------------------------------------- through the scenario

SCENARIO = """\
format: citydip/scenario
version: 1
name: Scores
criteria: ../criteria.yaml
alternatives: ../cities.csv
weights: equal
expert_scores: {where}
"""
CITIES = """\
city,GDP,NET1,POL4,BIL2
Dubai,10,5,,
Doha,8,,,
Muscat,6,7,4,
"""


def scenario_folder(tmp_path: Path, where: str) -> Path:
    write(tmp_path, "criteria.yaml", CRITERIA)
    write(tmp_path, "cities.csv", CITIES)
    return write(tmp_path / "scenarios", "s.yaml", SCENARIO.format(where=where))


def test_scenario_reads_a_folder_relative_to_itself(tmp_path):
    write(tmp_path / "scenarios" / "scores", "alice.yaml", GOOD)
    write(tmp_path / "scenarios" / "scores", "bob.yaml", GOOD.replace("alice", "bob"))
    loaded = load_scenario(scenario_folder(tmp_path, "scores/"))
    assert [s.expert for s in loaded.expert_scores] == ["alice", "bob"]
    # Expert scores allow empty cells: they are NaN until the scores and the policy fill them.
    assert loaded.problem is not None
    assert np.isnan(loaded.problem.matrix[1, 1])
    assert loaded.problem.matrix[2, 2] == 4.0


def test_scenario_reads_a_single_scores_file(tmp_path):
    write(tmp_path / "scenarios", "alice.yaml", GOOD)
    loaded = load_scenario(scenario_folder(tmp_path, "alice.yaml"))
    assert [s.expert for s in loaded.expert_scores] == ["alice"]


def test_scenario_checks_scores_against_its_alternatives(tmp_path):
    write(tmp_path / "scenarios", "alice.yaml", GOOD.replace("Doha: 2.5", "Paris: 2.5"))
    with pytest.raises(InputError) as info:
        load_scenario(scenario_folder(tmp_path, "alice.yaml"))
    assert any("alice.yaml" in m and "'Paris'" in m for m in info.value.messages)


def test_scenario_with_a_missing_scores_path(tmp_path):
    with pytest.raises(InputError) as info:
        load_scenario(scenario_folder(tmp_path, "nowhere.yaml"))
    assert any(re.search(r"nowhere\.yaml", m) for m in info.value.messages)


def test_scenario_without_expert_scores_has_none(tmp_path):
    path = scenario_folder(tmp_path, "x")
    path.write_text(
        SCENARIO.replace("expert_scores: {where}\n", "").replace(
            "weights: equal", "weights: equal\nmissing: zero"
        ),
        encoding="utf-8",
    )
    assert load_scenario(path).expert_scores == ()


# ------------------------------------------------ rating scales, don't know, one file each

SCALED = CRITERIA.replace(
    "      - {id: BIL2, direction: benefit}",
    "      - {id: BIL2, direction: benefit, scale: {1: none, 2: some, 3: many}}",
)


@pytest.fixture
def scaled(tmp_path: Path) -> Hierarchy:
    path = tmp_path / "scaled.yaml"
    path.write_text(SCALED, encoding="utf-8")
    return load_criteria(path)


RATED = """\
format: citydip/scores
version: 1
expert: alice
ratings:
  BIL2: {Dubai: 3, Doha: null, Muscat: 1}
  POL4: {Doha: 17.5}
"""


def test_null_is_dont_know_a_missing_value_that_is_remembered(tmp_path, scaled):
    found = load_scores(write(tmp_path, "a.yaml", RATED), scaled, ALTERNATIVES)
    assert dict(found.ratings["BIL2"]) == {"Dubai": 3.0, "Muscat": 1.0}
    assert dict(found.unknown) == {"BIL2": ("Doha",)}
    assert dict(found.ratings["POL4"]) == {"Doha": 17.5}  # no declared scale: its unit


@pytest.mark.parametrize("value", ["4", "0", "2.5", "-1"])
def test_a_rating_off_a_declared_scale_is_a_located_error(tmp_path, scaled, value):
    text = RATED.replace("Muscat: 1}", f"Muscat: {value}}}")
    with pytest.raises(InputError) as caught:
        load_scores(write(tmp_path, "a.yaml", text), scaled, ALTERNATIVES)
    (message,) = caught.value.messages
    assert f"a.yaml, line {line_of(text, 'BIL2:')} (ratings.BIL2.Muscat)" in message
    assert "not a point of the scale (1–3)" in message and "don't know" in message


def test_two_files_of_one_expert_are_refused(tmp_path, scaled):
    folder = tmp_path / "scores"
    write(folder, "alice.yaml", RATED)
    write(folder, "alice-copy.yaml", RATED.replace("Muscat: 1", "Muscat: 2"))
    with pytest.raises(InputError) as caught:
        load_all_scores(folder, scaled, ALTERNATIVES)
    (message,) = caught.value.messages
    assert "expert 'alice' has more than one scores file" in message
    assert "alice-copy.yaml" in message and "alice.yaml" in message


def test_dump_then_load_gives_the_same_scores(tmp_path, scaled):
    from mcda_citydip.files.scores import dump_scores

    first = load_scores(write(tmp_path, "a.yaml", RATED), scaled, ALTERNATIVES)
    text = dump_scores(first, scaled, ALTERNATIVES, "written by a test")
    assert text.startswith("# written by a test\n") and "Doha: null" in text
    again = load_scores(write(tmp_path, "b.yaml", text), scaled, ALTERNATIVES)
    assert {k: dict(v) for k, v in again.ratings.items()} == {
        k: dict(v) for k, v in first.ratings.items()
    }
    assert dict(again.unknown) == dict(first.unknown)
    assert again.expert == first.expert


def test_a_scores_folder_not_yet_made_means_no_scores(tmp_path):
    write(tmp_path, "criteria.yaml", CRITERIA)
    write(tmp_path, "cities.csv", "city,GDP,NET1,POL4,BIL2\nDubai,1,2,,\nDoha,2,1,,\n")
    head = "format: citydip/scenario\nversion: 1\nname: t\ncriteria: criteria.yaml\n"
    body = head + "alternatives: cities.csv\nweights: equal\nmissing: drop\n"
    scenario = write(tmp_path, "s.yaml", body + "expert_scores: scores/\n")
    assert load_scenario(scenario).expert_scores == ()
    with pytest.raises(InputError, match=r"x\.yaml"):
        load_scenario(write(tmp_path, "f.yaml", body + "expert_scores: x.yaml\n"))
