"""The sentences the library says (notes, headlines, summary sentences) are
:class:`~mcda_citydip.i18n.Message`\\ s whose templates are in the catalogue: English in JSON
and CSV, in the current language on the terminal, in Markdown and in workbooks (issue 15)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from babel.messages.extract import extract_from_dir
from click.testing import CliRunner

import mcda_citydip
from mcda_citydip import i18n
from mcda_citydip.analysis import SensitivityReport, SensitivitySettings, analyse, summary_sentences
from mcda_citydip.cli import app
from mcda_citydip.files.scenario import Scenario, default_scenario_path, load_scenario
from mcda_citydip.i18n import Message, translated
from mcda_citydip.pipeline import RunResult, run
from mcda_citydip.report.render import render_run, to_text
from mcda_citydip.report.sensitivity import sensitivity_renderable
from mcda_citydip.report.shared_sheets import saved_text

PACKAGE = Path(mcda_citydip.__file__).parent
PERSIAN_DIGITS = re.compile("[۰-۹]")


@cache
def extracted() -> frozenset[str]:
    """The singular msgids Babel's extractor finds in the package."""
    return frozenset(
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(PACKAGE)
    )


@cache
def scenario() -> Scenario:
    return load_scenario(default_scenario_path())


@cache
def default_run() -> RunResult:
    return run(scenario())


@cache
def analyses() -> tuple[SensitivityReport, ...]:
    """The default scenario's checks with small caps (notes on every cut) and with the missing
    cells drawn (a draw named in words)."""
    return (
        analyse(scenario(), SensitivitySettings(samples=200, output_values=50)),
        analyse(scenario(), SensitivitySettings(samples=200, draw="missing")),
    )


def sentences() -> list[str]:
    found = [*default_run().notes, *default_run().headline]
    for report in analyses():
        found += [*report.all_notes, *summary_sentences(report)]
        for one in report.reports:
            found += one.method_notes
            sweeps = [*one.oat.indicators.values(), *one.oat.dimensions.values()]
            found += [note for target in sweeps for note in target.notes]
    return found


def templates(message: Message) -> Iterator[str]:
    """The template of ``message`` and of every message among its fields."""
    yield message.template
    for value in message.fields.values():
        if isinstance(value, Message):
            yield from templates(value)


def test_every_note_headline_and_summary_sentence_is_a_message_of_the_catalogue() -> None:
    found = sentences()
    assert len(found) > 20
    for sentence in found:
        assert isinstance(sentence, Message), sentence
        assert str.__str__(sentence) == sentence.template.format(**sentence.fields)
        for template in templates(sentence):
            assert template in extracted(), template


def test_a_method_note_is_prefixed_by_a_message_too() -> None:
    prefixed = [n for n in analyses()[0].all_notes if n.startswith(("TOPSIS: ", "VIKOR: "))]
    for note in prefixed:
        assert isinstance(note, Message) and note.template == "{method}: {note}"


def citydip(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def squashed(text: str) -> str:
    """``text`` without any white space: rich wraps long lines where it likes."""
    return re.sub(r"\s+", "", text)


def test_json_keeps_english_notes_and_the_table_shows_them_translated() -> None:
    english = json.loads(citydip("run", "--format", "json"))
    persian = json.loads(citydip("run", "--format", "json", "--lang", "fa", "--digits", "fa"))
    assert persian["notes"] == english["notes"] == list(default_run().notes)
    table = squashed(citydip("run", "--lang", "fa", "--digits", "fa"))
    i18n.set_language("fa")
    i18n.set_digits("fa")
    for line in (*default_run().notes, *default_run().headline):
        assert squashed(translated(line)) in table, line
        if i18n._(line.template) != line.template:  # translated once the catalogue has it
            assert i18n.has_arabic_script(translated(line))
    some = default_run().notes[0]
    assert PERSIAN_DIGITS.search(translated(some)) and not PERSIAN_DIGITS.search(some)


def test_markdown_is_translated_and_csv_stays_english() -> None:
    hierarchy = scenario().hierarchy
    csv, markdown = (
        render_run(hierarchy, default_run(), "csv"),
        render_run(hierarchy, default_run(), "md"),
    )
    i18n.set_language("fa")
    assert render_run(hierarchy, default_run(), "csv") == csv
    shown = render_run(hierarchy, default_run(), "md")
    assert "## " + i18n._("Weights") + "\n" in shown and "## وزن‌ها" in shown
    assert "## Weights" in markdown and "## Weights" not in shown
    for note in default_run().notes:
        assert translated(note) in shown.replace("\\", "")


def test_sensitivity_summary_json_stays_english_and_the_screen_is_translated() -> None:
    report = analyses()[1]
    english = json.dumps(report.to_data(), ensure_ascii=False)
    i18n.set_language("fa")
    assert json.dumps(report.to_data(), ensure_ascii=False) == english
    screen = squashed(to_text(sensitivity_renderable(report), width=200))
    for sentence in (*summary_sentences(report), *report.all_notes):
        assert squashed(translated(sentence)) in screen, sentence


def test_a_workbook_shows_notes_translated_with_latin_digits() -> None:
    note = default_run().notes[0]
    i18n.set_language("fa")
    latin = translated(note)
    i18n.set_digits("fa")
    assert saved_text(note) == latin and not PERSIAN_DIGITS.search(saved_text(note))
    assert PERSIAN_DIGITS.search(translated(note))  # the screen's digits are kept as set
