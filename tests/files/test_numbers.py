"""Numbers typed with Persian (۰–۹) or Arabic-Indic (٠–٩) digits and the decimal separator ٫,
read by :mod:`mcda_citydip.files.numbers` and by every input path that takes a typed number
(issue 15): data cells, judgments (YAML, questionnaire, ``elicit``), ratings (YAML,
workbook, ``score``) and the expert weight of a questionnaire."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from rich.console import Console
from runner import run_citydip

from mcda_citydip.elicit.console import Elicitation
from mcda_citydip.elicit.rating_console import RatingElicitation
from mcda_citydip.elicit.rating_session import RatingSession
from mcda_citydip.elicit.session import Session, pair_order
from mcda_citydip.errors import InputError
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.data import TableOptions, load_alternatives
from mcda_citydip.files.judgments import parse_judgments, parse_value
from mcda_citydip.files.numbers import (
    ARABIC_INDIC_DIGITS,
    PERSIAN_DIGITS,
    latin_digits,
    parse_number,
)
from mcda_citydip.files.questionnaire import (
    FIRST_ROW,
    INSTRUCTIONS,
    RATING_FIRST_ROW,
    RATINGS_LABEL,
    read_questionnaire,
    read_rating_workbook,
    write_questionnaire,
    write_rating_questionnaire,
)
from mcda_citydip.files.questionnaire.layout import LEFT, RIGHT, VALUE
from mcda_citydip.files.scenario import default_scenario_path, load_outline, load_scenario
from mcda_citydip.files.scores import load_scores
from mcda_citydip.files.yamlio import load_yaml
from mcda_citydip.model import GOAL, Hierarchy, Judgments
from mcda_citydip.pipeline import run

DEFAULT = default_scenario_path().parent
CITIES = ("Dubai", "Doha")
SCRIPTS = (PERSIAN_DIGITS, ARABIC_INDIC_DIGITS)


@pytest.fixture(scope="module")
def hierarchy() -> Hierarchy:
    return load_criteria(DEFAULT / "city-diplomacy.yaml")


def typed_in(digits: str, text: str) -> str:
    """``text`` (Latin digits) as typed with ``digits``, the point written ٫."""
    return "".join(digits[int(c)] if c.isdigit() else c for c in text).replace(".", "٫")


def value_of(judgments: Judgments, node: str, left: str, right: str) -> float:
    for c in judgments.comparisons[node]:
        if (c.left, c.right) == (left, right):
            return c.value
        if (c.left, c.right) == (right, left):
            return 1 / c.value
    raise AssertionError(f"no judgment {left}/{right} under {node}")


# --- the function itself -------------------------------------------------------------------


@pytest.mark.parametrize("digits", SCRIPTS)
def test_every_digit_of_both_sets(digits: str) -> None:
    assert latin_digits(digits) == "0123456789"
    for k, digit in enumerate(digits):
        assert parse_number(digit) == k
    assert parse_number(digits) == 123456789


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("۲٫۵", 2.5),
        ("٢٫٥", 2.5),
        ("۳.5", 3.5),  # mixed scripts in one number
        ("٣۴", 34.0),
        ("2٫۵", 2.5),
        ("-۳", -3.0),
        ("−۳٫۲۵", -3.25),  # U+2212 minus sign
        ("  ۴ ", 4.0),
        ("\u00a0۴\t", 4.0),
        ("۱e۳", 1000.0),
        ("12.5", 12.5),  # Latin digits as before
    ],
)
def test_accepted(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "۱٬۰۰۰",  # the thousands separator is not accepted
        "1٬000",
        "४",  # Devanagari four: float() would take it
        "１２",  # full-width digits: float() would take them too
        "۳ ۴",
        "۲/۵",  # not a decimal point here (a fraction only where judgments are read)
        "",
        "   ",
        "۳ km",
        "٫",
    ],
)
def test_rejected(text: str) -> None:
    assert parse_number(text) is None


def test_thousands_separator_and_other_digits_are_explained_or_refused() -> None:
    message = parse_value("۱٬۰۰۰")
    assert isinstance(message, str) and "٬ separates thousands: leave it out" in message
    assert parse_value("४") == "'४' is not a number or a fraction"
    assert parse_value("۱/۳") == pytest.approx(1 / 3)
    assert parse_value(" ۱ / ۹ ") == pytest.approx(1 / 9)
    assert parse_value("٢٫٥") == 2.5


@given(st.floats(allow_nan=False, allow_infinity=False), st.data())
def test_any_float_typed_in_persian_or_arabic_indic_digits_reads_back(
    value: float, data: st.DataObject
) -> None:
    latin = repr(value)
    typed = "".join(
        data.draw(st.sampled_from(SCRIPTS))[int(c)]
        if c.isdigit()
        else data.draw(st.sampled_from(".٫"))
        if c == "."
        else c
        for c in latin
    )
    assert parse_number(typed) == value


# --- data tables ---------------------------------------------------------------------------


def persian_table(text: str) -> str:
    """A CSV table with every value cell (not the comments, header or city ids) typed in
    Persian digits (even rows) or Arabic-Indic digits (odd rows)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    rows = list(csv.reader(io.StringIO("\n".join(lines[start:]))))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    for k, row in enumerate(rows[1:]):
        writer.writerow([row[0], *(typed_in(SCRIPTS[k % 2], c) for c in row[1:])])
    return "\n".join(lines[:start]) + "\n" + out.getvalue()


def test_a_csv_table_in_persian_digits_ranks_the_same(tmp_path: Path) -> None:
    shutil.copytree(DEFAULT, tmp_path / "case")
    table = tmp_path / "case" / "persian-gulf.csv"
    text = persian_table(table.read_text(encoding="utf-8"))
    assert "٫" in text and "۰" in text and "٠" in text
    table.write_text(text, encoding="utf-8")
    latin = load_scenario(default_scenario_path())
    persian = load_scenario(tmp_path / "case" / "scenario.yaml")
    assert persian.problem is not None and latin.problem is not None
    np.testing.assert_array_equal(persian.problem.matrix, latin.problem.matrix)
    for name, column in latin.problem.attributes.items():  # population, coordinates
        np.testing.assert_array_equal(persian.problem.attributes[name], column)
    first, second = run(latin), run(persian)
    for method, result in first.results.items():
        assert dict(second.results[method].ranks) == dict(result.ranks)
        assert dict(second.results[method].scores) == dict(result.scores)


def test_text_cells_of_a_workbook_table(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = tmp_path / "cities.xlsx"
    book = Workbook()
    for row in (["city", "NET1", "BIL1"], ["Dubai", "۳", 2.5], ["Doha", "٤٫٥", "−۱"]):
        book.active.append(row)
    book.save(path)
    problem = load_alternatives(path, hierarchy, TableOptions(allow_missing=True))
    columns = [hierarchy.leaves.index(k) for k in ("NET1", "BIL1")]
    assert problem.matrix[:, columns].tolist() == [[3.0, 2.5], [4.5, -1.0]]


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("۱٬۲۰۰", "'۱٬۲۰۰' is not a number (٬ separates thousands: leave it out; write ٫ or . "),
        ("४", "'४' is not a number; write a plain number"),
    ],
)
def test_a_bad_cell_keeps_its_error(tmp_path: Path, cell: str, shown: str) -> None:
    shutil.copytree(DEFAULT, tmp_path / "case")
    table = tmp_path / "case" / "persian-gulf.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([next(line for line in lines if not line.startswith("#"))]))
    row = next(i for i, line in enumerate(lines) if line.startswith("Dubai,"))
    cells = next(csv.reader([lines[row]]))
    cells[header.index("latitude")] = cell
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[row] = out.getvalue()
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_scenario(tmp_path / "case" / "scenario.yaml")
    (message,) = raised.value.messages
    assert f"line {row + 1}, column latitude: {shown}" in message


# --- judgments: YAML, questionnaire, elicit ------------------------------------------------


def test_a_yaml_judgments_file_in_persian_digits(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = tmp_path / "ana.yaml"
    path.write_text(
        "format: citydip/judgments\nversion: 1\nexpert: ana\ncomparisons:\n"
        '  goal:\n    - [NET, BIL, "۳"]\n    - [NET, KNW, "۱/۳"]\n    - [NET, ECO, "٢٫٥"]\n',
        encoding="utf-8",
    )
    judgments = parse_judgments(load_yaml(path), hierarchy)
    assert value_of(judgments, GOAL, "NET", "BIL") == 3
    assert value_of(judgments, GOAL, "NET", "KNW") == pytest.approx(1 / 3)
    assert value_of(judgments, GOAL, "NET", "ECO") == 2.5


def test_a_questionnaire_in_persian_digits(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = tmp_path / "q.xlsx"
    write_questionnaire(hierarchy, path, "Gulf", "ana")
    book = load_workbook(path)
    sheet = book.worksheets[1]
    node = sheet["B1"].value
    pairs = [
        (sheet.cell(r, LEFT).value, sheet.cell(r, RIGHT).value) for r in (FIRST_ROW, FIRST_ROW + 1)
    ]
    sheet.cell(FIRST_ROW, VALUE).value = "۳"
    sheet.cell(FIRST_ROW + 1, VALUE).value = "۱/۳"
    book[INSTRUCTIONS]["B6"] = "۲٫۵"  # the expert's weight
    book.save(path)
    judgments = read_questionnaire(path, hierarchy)
    assert (judgments.expert, judgments.weight) == ("ana", 2.5)
    assert value_of(judgments, node, *pairs[0]) == 3
    assert value_of(judgments, node, *pairs[1]) == pytest.approx(1 / 3)


def scripted(lines: list[str]) -> Any:
    """An ``ask`` that types ``lines`` one per prompt, then ends the input."""
    answers: Iterator[str] = iter(lines)

    def ask(_: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    return ask


def test_the_elicit_prompt_takes_persian_digits(tmp_path: Path) -> None:
    outline = load_outline(default_scenario_path())
    path = tmp_path / "ana.yaml"
    output = StringIO()
    console = Console(file=output, width=200, no_color=True)
    session = Session(outline.hierarchy, "ana")
    typed = ["४", "۳", "۱/۳", "٢٫٥"]
    Elicitation(outline, session, path, console, scripted(typed)).run()
    assert "'४' is not a number or a fraction" in output.getvalue()
    saved = parse_judgments(load_yaml(path), outline.hierarchy)
    first = pair_order(outline.hierarchy)[:3]
    got = [value_of(saved, p.node, p.left, p.right) for p in first]
    assert got == pytest.approx([3, 1 / 3, 2.5])


def test_the_real_elicit_command_reads_persian_digits_on_stdin(tmp_path: Path) -> None:
    path = tmp_path / "ana.yaml"
    done = run_citydip(  # the real entry point, in process
        ["elicit", str(default_scenario_path()), "--expert", "ana", "--file", str(path)],
        input="۳\n۱/۳\n",
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    hierarchy = load_criteria(DEFAULT / "city-diplomacy.yaml")
    saved = parse_judgments(load_yaml(path), hierarchy)
    first = pair_order(hierarchy)[:2]
    assert [value_of(saved, p.node, p.left, p.right) for p in first] == pytest.approx([3, 1 / 3])


# --- ratings: YAML, workbook, score --------------------------------------------------------


def test_a_scores_file_in_persian_digits(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = tmp_path / "ana.yaml"
    path.write_text(
        "format: citydip/scores\nversion: 1\nexpert: ana\n"
        'ratings:\n  NET1: {Dubai: "۴", Doha: "٢"}\n  POL6: {Dubai: "۱۰", Doha: null}\n',
        encoding="utf-8",
    )
    scores = load_scores(path, hierarchy, CITIES)
    assert dict(scores.ratings["NET1"]) == {"Dubai": 4.0, "Doha": 2.0}
    assert dict(scores.ratings["POL6"]) == {"Dubai": 10.0}
    assert scores.unknown["POL6"] == ("Doha",)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("۱٬۰", "'۱٬۰' is not a number (٬ separates thousands: leave it out;"),
        ("४", "'४' is not a number; write the rating as a number, or null (don't know)"),
        ("nan", "Input should be a finite number"),
    ],
)
def test_a_bad_rating_text_in_a_scores_file(
    tmp_path: Path, hierarchy: Hierarchy, typed: str, shown: str
) -> None:
    path = tmp_path / "ana.yaml"
    path.write_text(
        "format: citydip/scores\nversion: 1\nexpert: ana\n"
        f'ratings:\n  NET1: {{Dubai: "{typed}"}}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        load_scores(path, hierarchy, CITIES)
    (message,) = raised.value.messages
    assert message.startswith(f"{path}, line 5") and shown in message


def filled_ratings(tmp_path: Path, hierarchy: Hierarchy, answers: dict[str, str]) -> Path:
    """A ratings workbook on NET1 with ``answers`` (city → text) typed in NET1's column."""
    path = tmp_path / "ratings.xlsx"
    write_rating_questionnaire(
        path, hierarchy, CITIES, ("NET1",), scenario_name="Gulf", expert="ana"
    )
    book = load_workbook(path)
    (sheet,) = [s for s in book.worksheets if s["A1"].value == RATINGS_LABEL]
    header = [c.value for c in sheet[RATING_FIRST_ROW - 1]]
    for row in range(RATING_FIRST_ROW, RATING_FIRST_ROW + len(CITIES)):
        city = sheet.cell(row, 1).value
        if city in answers:
            sheet.cell(row, header.index("NET1") + 1).value = answers[city]
    book.save(path)
    return path


def test_a_ratings_workbook_in_persian_digits(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = filled_ratings(tmp_path, hierarchy, {"Dubai": "۴", "Doha": "٣"})
    scores = read_rating_workbook(path, hierarchy, CITIES)
    assert dict(scores.ratings["NET1"]) == {"Dubai": 4.0, "Doha": 3.0}


def test_a_decimal_rating_is_not_a_point_and_other_digits_are_not_ratings(
    tmp_path: Path, hierarchy: Hierarchy
) -> None:
    path = filled_ratings(tmp_path, hierarchy, {"Dubai": "۲٫۵", "Doha": "४"})
    with pytest.raises(InputError) as raised:
        read_rating_workbook(path, hierarchy, CITIES)
    half, other = raised.value.messages
    assert ": 2.5 is not a point of the indicator's scale;" in half
    assert ": '४' is not a rating;" in other


def test_the_score_prompt_takes_persian_digits(tmp_path: Path, hierarchy: Hierarchy) -> None:
    path = tmp_path / "ana.yaml"
    output = StringIO()
    console = Console(file=output, width=200, no_color=True)
    session = RatingSession(hierarchy, "ana", CITIES, ("NET1",))
    front = RatingElicitation(
        hierarchy, session, path, console, scripted(["۲٫۵", "۴", "٣"]), CITIES
    )
    front.run()
    assert "2.5 is not a point of the scale" in output.getvalue()
    assert dict(load_scores(path, hierarchy, CITIES).ratings["NET1"]) == {
        "Dubai": 4.0,
        "Doha": 3.0,
    }


def test_a_rating_typed_with_thousands_separator_is_refused_with_the_reason(
    tmp_path: Path, hierarchy: Hierarchy
) -> None:
    output = StringIO()
    console = Console(file=output, width=200, no_color=True)
    session = RatingSession(hierarchy, "ana", CITIES, ("NET1",))
    front = RatingElicitation(
        hierarchy, session, tmp_path / "ana.yaml", console, scripted(["۴٬۰"]), CITIES
    )
    front.run()
    assert "۴٬۰ is not a point of the scale (٬ separates thousands" in output.getvalue()
    assert not (tmp_path / "ana.yaml").exists()  # the input ended: nothing was answered
