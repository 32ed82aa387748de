"""The in-process runner of the CLI tests (``tests/runner.py``) does what a new process would:
``main(argv)``'s exit codes and ``Error:`` lines, stdout and stderr apart, stdin, the
environment and the working folder for the run only, and no state left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from runner import run_citydip

from mcda_citydip import i18n
from mcda_citydip.cli.helpview import OPTIONS
from mcda_citydip.files.scenario import default_scenario_path


def test_a_good_run_is_exit_0_with_the_result_on_stdout() -> None:
    done = run_citydip(["criteria", "--format", "json"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{") and '"criteria"' in done.stdout
    assert done.args == ["citydip", "criteria", "--format", "json"]


def test_bad_input_goes_through_mains_mapping(tmp_path: Path) -> None:
    done = run_citydip(["run", "missing.yaml"], cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("Error: missing.yaml")
    assert "Traceback" not in done.stderr
    option = run_citydip(["run", "--no-such-option"])
    assert option.returncode == 2
    assert option.stderr.startswith("Error: No such option")
    assert "--no-such-option" in option.stderr and "citydip run --help" in option.stderr


def test_bare_citydip_shows_the_help_with_exit_0() -> None:
    done = run_citydip([])
    assert done.returncode == 0
    assert "Usage" in done.stdout


def test_the_environment_and_the_folder_are_the_runs_only(tmp_path: Path) -> None:
    before, folder = dict(os.environ), os.getcwd()
    done = run_citydip(
        ["validate", "missing.yaml"], cwd=tmp_path, env={**os.environ, i18n.ENV_VAR: "xx"}
    )
    assert done.returncode == 2 and "--lang" in done.stderr  # CITYDIP_LANG=xx was seen
    assert dict(os.environ) == before and os.getcwd() == folder


def test_persian_help_leaves_english_behind() -> None:
    env = {**os.environ, "COLUMNS": "120"}
    env.pop(i18n.ENV_VAR, None)
    done = run_citydip(["run", "--help", "--lang", "fa"], env=env)
    assert done.returncode == 0, done.stderr
    assert i18n.has_arabic_script(done.stdout) and "Options" not in done.stdout
    assert i18n.language() == "en" and i18n.shown_number("1.5") == "1.5"
    i18n.set_language("fa")
    persian = i18n._(OPTIONS)  # "Options" in Persian
    i18n.reset()
    assert persian in done.stdout
    english = run_citydip(["run", "--help"], env=env)
    assert "Options" in english.stdout and "Rank the alternatives" in english.stdout
    assert persian not in english.stdout


def test_stdin_is_the_given_text_and_ends_there(tmp_path: Path) -> None:
    """An elicit session on the default scenario: one answer, then the end of input."""
    path = tmp_path / "ann.yaml"
    done = run_citydip(
        ["elicit", default_scenario_path(), "--expert", "ann", "--file", path],
        input="3\n",
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert f"End of input: 1 answer is saved in {path}" in done.stderr
    assert "[NET, BIL, 3]" in path.read_text(encoding="utf-8")


def test_a_bug_is_a_traceback_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    from mcda_citydip.cli import ranking

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(ranking, "load_scenario_or_default", broken)
    done = run_citydip(["run"])
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "ZeroDivisionError: planted" in done.stderr


def test_a_persian_run_leaves_the_command_trees_help_in_english() -> None:
    """``main`` translates the help texts of the one command tree in place; it puts them
    back when it returns, so that whatever reads the tree next (the catalogue's extractor,
    another run) sees the English of the code."""
    from mcda_citydip.cli import app
    from mcda_citydip.cli.help import help_texts

    english = dict(help_texts(app))
    done = run_citydip(["init", "--help", "--lang", "fa"], env={**os.environ, "COLUMNS": "120"})
    assert done.returncode == 0 and i18n.has_arabic_script(done.stdout)
    assert dict(help_texts(app)) == english
