"""One consistent CLI (issue 17): ``--version``; ``-m topsis,vikor`` and repeated ``-m`` on
every command that takes methods; the scenario first on every command; ``--out`` (with
``--force``, and refusing an extension of another format) on every command that prints a
result; the choices of every enum option in ``--help``; ``run`` on a weights-only scenario;
a hint at the ``;`` separator of a CSV file. Through the real entry point, in process."""

from __future__ import annotations

import enum
import importlib.metadata
import json
import re
import typing
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from conftest import Outcome, SmallScenario
from runner import run_citydip

import mcda_citydip
from mcda_citydip.cli.app import METHOD_NAMES, all_commands, split_methods
from mcda_citydip.ranking.methods import METHODS
from mcda_citydip.sensitivity.sampling import SHAPES

Run = Callable[..., Outcome]
ROOT = Path(__file__).resolve().parents[2]
DRINKS = ROOT / "scenarios" / "saaty-2008-drinks.yaml"
PANEL = ROOT / "scenarios" / "illustrative" / "panel" / "scenario.yaml"
FAST = ("--samples", "40", "--threads", "1")
COMMANDS = all_commands()

#: Commands that print a result, so take ``--out`` and ``--force``.
WRITERS = ("run", "weights", "criteria", "sensitivity", "report", "questionnaire", "import",
           "scores")  # fmt: skip
#: Commands without ``--out``, and why: a verdict and an exit code; interactive sessions
#: that save each answer into the expert's own file (``--file`` names it).
NO_OUT = {"validate": "a verdict", "elicit": "--file", "score": "--file"}


def params(command: str) -> dict[str, typing.Any]:
    return {p.name: p for p in COMMANDS[command].params}


def help_of(command: str) -> str:
    done = run_citydip([command, "--help"], env={"COLUMNS": "250", "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr
    return done.stdout


# ---------------------------------------------------------------- --version


def test_version_prints_the_installed_version() -> None:
    done = run_citydip(["--version"])
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"citydip {mcda_citydip.__version__}\n"
    assert mcda_citydip.__version__ == importlib.metadata.version("mcda-citydip")
    assert "--version" in run_citydip(["--help"], env={"COLUMNS": "200"}).stdout


@pytest.mark.parametrize("args", [["run", "--version"], ["sensitivity", "x.yaml", "--version"]])
def test_version_works_after_a_command_too(args: list[str]) -> None:
    """formats.md: ``--version`` everywhere; nothing runs (the scenario is not even read)."""
    done = run_citydip(args)
    assert (done.returncode, done.stdout) == (0, f"citydip {mcda_citydip.__version__}\n")


def test_version_after_double_dash_is_an_argument() -> None:
    done = run_citydip(["run", "--", "--version"])
    assert done.returncode == 2 and "citydip 0" not in done.stdout


# ---------------------------------------------------------------- -m topsis,vikor


def test_the_cli_names_the_methods_of_the_registry() -> None:
    assert tuple(METHODS) == METHOD_NAMES


def test_every_command_that_takes_methods_splits_commas_and_repeats_alike() -> None:
    takers = [name for name in COMMANDS if "method" in params(name)]
    assert set(takers) >= {"run", "sensitivity", "report"}
    for name in takers:
        option = params(name)["method"]
        assert option.opts == ["--method", "-m"], name
        assert option.multiple and option.callback is params("run")["method"].callback, name
        assert option.help == params("run")["method"].help, name
        shown = help_of(name)
        assert "<topsis|vikor|saw>[,…]" in shown, name
    assert split_methods(["vikor,topsis", " saw ", "topsis"]) == ["vikor", "topsis", "saw"]


def test_run_takes_commas_and_repeats(small: SmallScenario, citydip: Run) -> None:
    for args in (
        ["-m", "saw,vikor"],
        ["-m", "saw", "-m", "vikor"],
        ["-m", "saw,vikor", "-m", "saw"],
    ):
        done = citydip("run", small.scenario, *args, "--format", "json")
        assert done.code == 0, done.stderr
        assert list(json.loads(done.stdout)["results"]) == ["saw", "vikor"], args


def test_sensitivity_takes_commas_and_repeats(small: SmallScenario, citydip: Run) -> None:
    done = citydip("sensitivity", small.scenario, "-m", "vikor", "-m", "topsis,vikor", *FAST,
                   "-f", "json")  # fmt: skip
    assert done.code == 0, done.stderr
    assert list(json.loads(done.stdout)["methods"]) == ["vikor", "topsis"]


def test_report_takes_commas_and_repeats(
    small: SmallScenario, citydip: Run, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    done = citydip("report", small.scenario, "-m", "saw,vikor", "-m", "saw", *FAST, "-o", out)
    assert done.code == 0, done.stderr
    keys = set(re.findall(r'data-key="([a-z]+)\.', out.read_text(encoding="utf-8")))
    assert keys == {"saw", "vikor"}


@pytest.mark.parametrize("command", ["run", "sensitivity", "report"])
def test_an_unknown_method_is_one_error(small: SmallScenario, citydip: Run, command: str) -> None:
    done = citydip(command, small.scenario, "-m", "topsis,ahp", *(() if command == "run" else FAST))
    assert len(done.errors) == 1
    done.expect_error("--method", "'ahp'", "topsis, vikor, saw")
    assert not (small.root / "study.html").exists()


# ---------------------------------------------------------------- the scenario first


def test_the_scenario_is_the_first_argument_of_every_command_that_reads_one() -> None:
    """``criteria`` takes a scenario or a criteria file there; ``import`` the scenario, then
    the workbook. Required only where a command writes into the scenario's folders."""
    required = {"elicit", "score"}
    for name in COMMANDS:
        arguments = [p for p in COMMANDS[name].params if p.param_type_name == "argument"]
        if name in ("init", "data"):  # a new study's folder: no scenario to read yet
            continue
        assert arguments, name
        first = arguments[0]
        assert first.name in ("scenario", "file", "first"), name
        assert first.required == (name in required), name
        usage = help_of(name).splitlines()[1]
        assert re.search(r"\[OPTIONS\] \[?(SCENARIO|FILE)\]?", usage), usage


def test_criteria_shows_a_scenarios_hierarchy(citydip: Run) -> None:
    done = citydip("criteria", PANEL, "--format", "json")
    assert done.code == 0, done.stderr
    assert [d["id"] for d in json.loads(done.stdout)["criteria"]][:2] == ["NET", "BIL"]


def test_import_takes_the_scenario_first_and_the_old_orders_too(
    small: SmallScenario, citydip: Run
) -> None:
    orders = {
        "ana": lambda w: (small.scenario, w),  # as every command: the scenario first
        "bob": lambda w: (w, "--scenario", small.scenario),  # earlier versions
        "cyd": lambda w: (w, small.scenario),  # unambiguous by the extensions
    }
    for expert, order in orders.items():
        workbook = small.filled_questionnaire(expert, 3, f"{expert}.xlsx")
        done = citydip("import", *order(workbook))
        assert done.code == 0, done.stderr
        assert (small.root / "judgments" / f"{expert}.yaml").is_file(), expert
    workbook = small.filled_questionnaire("dan", 3, "dan.xlsx")
    twice = citydip("import", small.scenario, workbook, "--scenario", small.scenario)
    twice.expect_error("--scenario", "given twice")
    citydip("import").expect_error("WORKBOOK")


# ---------------------------------------------------------------- --out, --force


def test_every_command_that_prints_a_result_takes_out_and_force() -> None:
    assert set(WRITERS) | set(NO_OUT) >= set(COMMANDS) - {"init", "data"}
    for name in WRITERS:
        found = params(name)
        assert {"out", "force"} <= set(found), name
        assert found["out"].opts[:2] == ["--out", "-o"], name


OUT_CASES = {
    "run": ("run", "{s}"),
    "weights": ("weights", "{s}"),
    "criteria": ("criteria", "{s}"),
    "sensitivity": ("sensitivity", "{s}", *FAST),
    "scores": ("scores", str(PANEL)),
}


@pytest.mark.parametrize("command", list(OUT_CASES))
def test_out_is_replaced_only_with_force(
    small: SmallScenario, citydip: Run, tmp_path: Path, command: str
) -> None:
    args = [a.format(s=small.scenario) for a in OUT_CASES[command]]
    target = tmp_path / "result.json"
    target.write_text("keep me", encoding="utf-8")
    citydip(*args, "--out", target).expect_error("already exists", "--force")
    assert target.read_text(encoding="utf-8") == "keep me"
    done = citydip(*args, "--out", target, "--force")
    assert done.code == 0, done.stderr
    assert isinstance(json.loads(target.read_text(encoding="utf-8")), dict)


@pytest.mark.parametrize("command", list(OUT_CASES))
def test_an_extension_of_another_format_is_one_error(
    small: SmallScenario, citydip: Run, tmp_path: Path, command: str
) -> None:
    args = [a.format(s=small.scenario) for a in OUT_CASES[command]]
    done = citydip(*args, "-f", "json", "-o", tmp_path / "x.csv")
    assert len(done.errors) == 1
    done.expect_error("x.csv", "json")
    assert list(tmp_path.iterdir()) == [small.root]


@pytest.mark.parametrize(
    ("args", "suffix"),
    [
        (("report", "{s}", *FAST), ".pdf"),
        (("questionnaire", "{s}"), ".csv"),
        (("import", "{s}", "{w}"), ".json"),
    ],
)
def test_a_one_format_command_refuses_another_extension(
    small: SmallScenario, citydip: Run, tmp_path: Path, args: tuple[str, ...], suffix: str
) -> None:
    workbook = small.filled_questionnaire("eve", 3, "eve.xlsx")
    given = [a.format(s=small.scenario, w=workbook) for a in args]
    target = tmp_path / f"out{suffix}"
    done = citydip(*given, "--out", target)
    assert len(done.errors) == 1
    done.expect_error(f"--out {target}", "nothing was written")
    assert not target.exists()


# ---------------------------------------------------------------- choices in --help


def enum_of(param: click.Parameter) -> type[enum.Enum] | None:
    """The Enum a parameter takes a member of (``--format``), else ``None``."""
    if not isinstance(param.type, click.Choice):
        return None
    kinds = {type(choice) for choice in param.type.choices}
    assert len(kinds) == 1 and issubclass(kinds.pop(), enum.Enum), param.name
    return type(next(iter(param.type.choices)))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_lists_the_choices_of_every_enum_option(command: str) -> None:
    shown = help_of(command)
    enums = 0
    for param in COMMANDS[command].params:
        choices = enum_of(param)
        if choices is None:
            continue
        enums += 1
        assert "[" + "|".join(c.value for c in choices) + "]" in shown, (command, param.name)
    assert enums >= (2 if command not in ("init", "data") else 0)  # --lang, --digits


def test_options_that_take_a_choice_or_pairs_list_their_choices() -> None:
    """``--values-shape`` takes a shape or ID=SHAPE pairs, so it is text: its help names
    every shape."""
    for command in ("sensitivity", "report"):
        text = params(command)["values_shape"].help
        assert all(shape in text for shape in SHAPES), command
    draws = enum_of(params("sensitivity")["draw"])
    assert draws is not None
    from mcda_citydip.analysis import DRAWS

    assert [d.value for d in draws] == list(DRAWS)


# ---------------------------------------------------------------- weights-only scenarios


def test_run_on_a_weights_only_scenario_prints_the_weights(citydip: Run) -> None:
    """Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
    Sciences 1(1):83-98, the relative consumption of drinks in the United States: the
    paper's priorities, printed to 3 decimals (quoted in scenarios/saaty-2008-drinks.yaml)."""
    paper = {"Coffee": 0.177, "Wine": 0.019, "Tea": 0.042, "Beer": 0.116, "Sodas": 0.190,
             "Milk": 0.129, "Water": 0.327}  # fmt: skip
    done = citydip("run", DRINKS, "--format", "json")
    assert done.code == 0, done.stderr
    assert "nothing to rank" in done.stderr
    weights = json.loads(done.stdout)["weights"]
    assert weights == pytest.approx(paper, abs=5e-4)
    table = citydip("run", DRINKS)
    assert table.code == 0 and "Water" in table.stdout and "0.3268" in table.stdout


# ---------------------------------------------------------------- ';' in a CSV header


@pytest.mark.parametrize(("separator", "named"), [(";", "';'"), ("\t", "tabs")])
def test_a_csv_separated_otherwise_is_one_error_with_the_fix(
    small: SmallScenario, citydip: Run, separator: str, named: str
) -> None:
    text = small.text("cities.csv").replace(",", separator)
    small.path("cities.csv").write_text(text, encoding="utf-8")
    done = citydip("run", small.scenario)
    (line,) = done.errors
    shown = "one column 'city{0}GDP{0}DIST{0}EDU{0}RISK{0}HEAL'"
    assert shown.format(";" if separator == ";" else r"\x09") in line  # a tab shown escaped
    done.expect_error("cities.csv", "header", f"separated by {named}", "commas")


@pytest.mark.parametrize(
    ("args", "suffix"),
    [
        (["run", "-o", "x.html"], ".html"),
        (["weights", "-o", "w.yaml"], ".yaml"),
        (["run", "-f", "json", "-o", "x.exe"], ".exe"),
        (["sensitivity", "--samples", "50", "-o", "s.exe"], ".exe"),
    ],
)
def test_an_extension_of_no_format_is_refused_before_any_work(
    tmp_path: Path, args: list[str], suffix: str
) -> None:
    done = run_citydip(args, cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert f"writes no {suffix} file" in done.stderr and "(nothing was written)" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_file_without_an_extension_takes_the_format_given(tmp_path: Path) -> None:
    done = run_citydip(["run", "-f", "json", "-o", "ranking"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ranking").read_text(encoding="utf-8").lstrip().startswith("{")


# ---------------------------------------------------------------- --help as drawn


def test_a_subcommands_help_has_its_frame_in_the_language_of_its_texts() -> None:
    """``data build --help --lang fa``: the ``data`` group's callback runs before the
    subcommand's ``--help`` and sets the language of its own options; the frame (Usage,
    Options…) still follows the language the texts were translated into."""
    from mcda_citydip import i18n
    from mcda_citydip.cli.helpview import OPTIONS

    i18n.set_language("fa")
    persian = i18n._(OPTIONS)
    i18n.reset()
    env = {"COLUMNS": "120", "NO_COLOR": "1"}
    done = run_citydip(["data", "build", "--help", "--lang", "fa"], env=env)
    assert done.returncode == 0 and persian in done.stdout and "Options" not in done.stdout
    english = run_citydip(
        ["data", "build", "--help", "--lang", "en"], env={**env, "CITYDIP_LANG": "fa"}
    )
    assert english.returncode == 0 and "Options" in english.stdout
    assert persian not in english.stdout


def test_lang_before_the_command_sets_the_help_and_the_commands_language() -> None:
    """``citydip --help --lang fa`` is the Persian help (it was "No such option"), and
    ``citydip --lang fa weights`` is ``citydip weights --lang fa``; the command's own
    ``--lang`` wins."""
    from mcda_citydip import i18n
    from mcda_citydip.cli.helpview import OPTIONS

    i18n.set_language("fa")
    persian = i18n._(OPTIONS)
    i18n.reset()
    env = {"COLUMNS": "120", "NO_COLOR": "1"}
    done = run_citydip(["--help", "--lang", "fa"], env=env)
    assert done.returncode == 0 and persian in done.stdout and "Options" not in done.stdout
    before = run_citydip(["--lang", "fa", "weights"], env=env)
    after = run_citydip(["weights", "--lang", "fa"], env=env)
    assert before.returncode == 0 and before.stdout == after.stdout
    assert before.stdout != run_citydip(["weights"], env=env).stdout
    own = run_citydip(["--lang", "fa", "weights", "--lang", "en"], env=env)
    assert own.stdout == run_citydip(["weights", "--lang", "en"], env=env).stdout
    assert run_citydip(["--lang", "fa", "data", "build", "--help"], env=env).stdout == (
        run_citydip(["data", "build", "--help", "--lang", "fa"], env=env).stdout
    )


@pytest.mark.parametrize("columns", ["50", "70", "200"])
def test_every_help_text_and_flag_is_shown_on_a_narrow_screen_too(columns: str) -> None:
    """Beside the names while the texts keep 32 columns, else under them: never cut."""
    done = run_citydip(["sensitivity", "--help"], env={"COLUMNS": columns, "NO_COLOR": "1"})
    assert done.returncode == 0
    flat = " ".join(done.stdout.replace("│", " ").split())
    for param in COMMANDS["sensitivity"].params:
        if isinstance(param, click.Option) and param.help:
            assert " ".join(param.help.split()) in flat, (columns, param.name)
            assert all(opt in flat for opt in param.opts), (columns, param.name)
    assert max(len(line) for line in done.stdout.splitlines()) <= int(columns)


@pytest.mark.parametrize("option", ["--spread", "--concentration"])
@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_float_option_that_is_not_a_finite_number_is_refused(option: str, value: str) -> None:
    done = run_citydip(["sensitivity", "-n", "30", option, value, "-f", "json"])
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"Error: Invalid value for '{option}': {value} is ")


def test_an_empty_default_is_not_shown() -> None:
    assert '[default: ""]' not in help_of("questionnaire")
