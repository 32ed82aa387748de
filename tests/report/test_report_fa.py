"""Output in Persian (issue 15): names in the chosen language in every displayed output (ids
unchanged), Persian digits only where numbers are displayed (never JSON, CSV or a workbook's
number cells), and the HTML report right to left, with a Persian font inside the page and
its date in both calendars."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from report.test_html import SCENARIOS, build

from mcda_citydip import i18n
from mcda_citydip.cli import app
from mcda_citydip.files.scenario import default_scenario_path, load_scenario
from mcda_citydip.i18n import has_arabic_script
from mcda_citydip.report.html import study_html
from mcda_citydip.report.html.fonts import FAMILY, font_face

PERSIAN_DIGIT = re.compile("[۰-۹]")
# 2026-12-05 12:00 UTC: 14 Azar 1405 in the Solar Hijri calendar.
EPOCH = "1796472000"


def citydip(*args: str) -> str:
    done = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.fixture(scope="module")
def persian_names() -> dict[str, str]:
    """The shipped hierarchy's Persian label of every node, by id."""
    hierarchy = load_scenario(default_scenario_path()).hierarchy
    return {node_id: node.name_in("fa") for node_id, node in hierarchy.nodes.items()}


# ---------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def pages() -> Iterator[dict[str, str]]:
    """The report of the Persian Gulf scenario in English, and in Persian with Persian
    digits, dated by SOURCE_DATE_EPOCH."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        i18n.reset()
        study = build(SCENARIOS["persian-gulf"])
        english = study_html(study)
        i18n.set_language("fa")
        i18n.set_digits("fa")
        persian = study_html(study)
        i18n.reset()
    yield {"en": english, "fa": persian}


def test_the_persian_report_is_right_to_left(pages: dict[str, str]) -> None:
    assert '<html lang="fa" dir="rtl">' in pages["fa"]
    assert '<html lang="en" dir="ltr">' in pages["en"]
    assert "border-inline-start" in pages["fa"] and "border-left" not in pages["fa"]


def test_names_are_persian_and_ids_unchanged(pages: dict[str, str], persian_names) -> None:
    page = pages["fa"]
    for node_id in ("NET", "NET1", "ECO6"):
        row = re.search(rf"<bdi>{node_id}</bdi>(?:</strong>)?</td><td><bdi>([^<]*)</bdi>", page)
        assert row is not None, node_id
        assert row.group(1) == persian_names[node_id] and has_arabic_script(row.group(1))
    i18n.set_language("fa")
    assert f"<h2>۲. {i18n._('Hierarchy and weights')}</h2>" in page


def test_the_font_is_embedded_only_in_pages_with_persian_text(pages: dict[str, str]) -> None:
    assert f'font-family: "{FAMILY}"' in pages["fa"]
    assert "src: url(data:font/woff;base64," in pages["fa"]
    assert "Bitstream Vera Fonts Copyright" in pages["fa"]  # its licence, in CSS and provenance
    assert pages["fa"].count("Bitstream Vera Fonts Copyright") == 2
    assert "@font-face" not in pages["en"] and "url(data:" not in pages["en"]
    assert not has_arabic_script(pages["en"])
    assert font_face("no Persian here") == ""


def test_the_embedded_subset_is_the_same_for_the_same_text() -> None:
    from mcda_citydip.report.html import fonts

    first = font_face("سلام، پژوهش")
    fonts.subset_woff.cache_clear()
    assert font_face("سلام، پژوهش") == first
    assert len(first) < 40_000  # a subset, not the whole 750 kB font


def test_the_report_is_dated_in_both_calendars(pages: dict[str, str]) -> None:
    assert 'Made on <bdi dir="ltr">2026-12-05</bdi> (<bdi>14 Azar 1405 SH</bdi>)' in pages["en"]
    assert '<bdi dir="ltr">۲۰۲۶-۱۲-۰۵</bdi>' in pages["fa"]
    assert "<bdi>۱۴ آذر ۱۴۰۵</bdi>" in pages["fa"]


def test_persian_digits_in_displayed_numbers_only(pages: dict[str, str]) -> None:
    page = pages["fa"]
    shown = re.findall(r'<td class="num" data-value="([^"]*)"[^>]*>([^<]*)</td>', page)
    assert shown
    for exact, text in shown:
        assert not PERSIAN_DIGIT.search(exact), exact  # the exact value stays a JSON number
        assert not re.search("[0-9]", text), text
    assert not PERSIAN_DIGIT.search(pages["en"])


# ---------------------------------------------------------------- run and weights


@pytest.mark.parametrize(
    "command",
    [
        ("run", "--format", "json"),
        ("run", "--format", "csv"),
        ("weights", "--format", "csv"),
        ("weights", "--format", "json"),
    ],
)
def test_json_and_csv_do_not_depend_on_lang_or_digits(command: tuple[str, ...]) -> None:
    plain = citydip(*command)
    i18n.reset()
    assert citydip(*command, "--lang", "fa", "--digits", "fa") == plain
    assert not PERSIAN_DIGIT.search(plain)


def test_markdown_shows_persian_names_and_digits(persian_names: dict[str, str]) -> None:
    text = citydip("run", "--format", "md", "--lang", "fa", "--digits", "fa")
    row = next(line for line in text.splitlines() if line.startswith("| NET1 |"))
    assert persian_names["NET1"] in row and PERSIAN_DIGIT.search(row)
    assert not re.search("[0-9]", row.replace("NET1", ""))
    i18n.reset()
    english = citydip("run", "--format", "md")
    assert not PERSIAN_DIGIT.search(english) and persian_names["NET1"] not in english


def test_terminal_tables_show_persian_names_and_digits(persian_names: dict[str, str]) -> None:
    text = citydip("weights", "--lang", "fa", "--digits", "fa")
    assert persian_names["NET"] in text and "NET" in text
    assert re.search("۰٫[۰-۹]{4}", text)


def test_the_workbook_has_persian_names_and_number_cells(
    tmp_path: Path, persian_names: dict[str, str]
) -> None:
    out = tmp_path / "weights.xlsx"
    citydip("weights", "--format", "xlsx", "--out", str(out), "--lang", "fa", "--digits", "fa")
    sheet = load_workbook(out)["Weights"]
    assert sheet.sheet_view.rightToLeft
    header = [c.value for c in sheet[1]]
    i18n.set_language("fa")  # the headers people read are Persian too (ids stay)
    try:
        name, share = i18n._("name"), i18n._("global")
    finally:
        i18n.reset()
    assert name != "name" and share != "global"
    rows = {r[header.index("id")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["NET1"][header.index(name)] == persian_names["NET1"]
    assert isinstance(rows["NET1"][header.index(share)], float)
