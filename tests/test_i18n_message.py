"""Sentences the library says (:class:`i18n.Message`) and ``--help`` in the user's language
(issue 15): English in JSON and comparisons, the current language where shown."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

import click
import pytest

from mcda_citydip import i18n
from mcda_citydip.cli import app
from mcda_citydip.cli.app import all_commands
from mcda_citydip.cli.help import help_texts, localise, requested_language
from mcda_citydip.cli.helpview import OPTIONS, help_text
from mcda_citydip.i18n import Message, translated


def test_a_message_is_its_english_text_in_json_comparisons_and_pickles() -> None:
    note = Message("{city} is first in {share:.1%} of draws", city="Bushehr", share=0.5)
    assert note == "Bushehr is first in 50.0% of draws"
    assert json.loads(json.dumps({"notes": [note]})) == {"notes": [str(note)]}
    again = pickle.loads(pickle.dumps(note))
    assert isinstance(again, Message)
    assert (again, again.template, again.fields) == (note, note.template, note.fields)
    counted = Message.counted(2, "{count} city", "{count} cities")
    again = pickle.loads(pickle.dumps(counted))
    assert (again, again.plural, again.fields) == (counted, counted.plural, {"count": 2})


def test_translated_uses_the_catalogue_and_the_digits_shown() -> None:
    counted = Message.counted(3, "{count} city", "{count} cities")
    assert counted == "3 cities" and translated(counted) == "3 cities"
    i18n.set_language("fa")
    persian = i18n.ngettext("{count} city", "{count} cities", 3)
    assert persian != "{count} cities", "the catalogue translates this message"
    assert translated(counted) == persian.format(count=3)
    i18n.set_digits("fa")
    assert translated(counted) == persian.format(count="۳")
    assert counted == "3 cities", "the message itself stays English"


def test_translated_translates_nested_messages_and_leaves_names_and_plain_text() -> None:
    inner = Message.counted(1, "{count} city", "{count} cities")
    outer = Message("{what} (NET1 {value:.2f})", what=inner, value=2.5)
    assert outer == "1 city (NET1 2.50)"
    i18n.set_language("fa")
    i18n.set_digits("fa")
    shown = translated(outer)
    singular = i18n.ngettext("{count} city", "{count} cities", 1)
    assert shown == singular.format(count="۱") + " (NET1 ۲٫۵۰)"
    assert translated("a plain note") == "a plain note"


# ---------------------------------------------------------------- --help


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["run", "--lang", "fa", "--help"], {}, "fa"),
        (["run", "--help", "--lang=fa"], {}, "fa"),
        (["run", "--help"], {"CITYDIP_LANG": "fa"}, "fa"),
        (["run", "--lang", "en", "--help"], {"CITYDIP_LANG": "fa"}, "en"),
        (["run", "--help"], {}, None),
        (["run", "--lang", "xx"], {}, None),  # unknown: click refuses it later
        (["run", "--", "--lang", "fa"], {}, None),  # after --: an argument, not the option
    ],
)
def test_the_language_of_help_is_read_from_the_command_line(
    args: list[str], env: dict[str, str], expected: str | None
) -> None:
    assert requested_language(args, env) == expected


def test_every_help_text_is_translated_in_place_and_back() -> None:
    command = app
    all_commands()  # every command's module imported: the whole tree (cli/app.py)
    english = dict(help_texts(command))
    assert len(english) > 80 and "citydip run --method" in english
    localise(command, "fa")
    persian = dict(help_texts(command))
    same = [where for where in english if persian[where] == english[where]]
    assert not same, f"--help texts not translated: {same}"
    drawn = help_text(command, click.Context(command, info_name="citydip"))
    assert i18n._(OPTIONS) in drawn and "Options" not in drawn
    localise(command, None)
    assert dict(help_texts(command)) == english
    assert "Options" in help_text(command, click.Context(command, info_name="citydip"))


def test_citydip_help_in_persian_end_to_end() -> None:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    env.pop("CITYDIP_LANG", None)
    done = subprocess.run(
        [sys.executable, "-m", "mcda_citydip", "run", "--help", "--lang", "fa"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    i18n.set_language("fa")
    assert i18n._("Options") in done.stdout
    assert i18n.has_arabic_script(done.stdout)
    assert "Rank the alternatives" not in done.stdout
