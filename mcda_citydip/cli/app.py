"""The ``citydip`` application object, shared options and output helpers.

Results go to stdout (or ``--out FILE``, written atomically), messages to stderr. Heavy
libraries are imported inside the commands so that ``citydip --help`` starts fast.

The commands are click commands, declared with click's decorators: nothing is inspected or
validated through pydantic at start-up, so ``--help`` and an option error answer in about
the time Python needs to start (issue 16; Typer 0.29 builds every command from its
signature and coerces every value through pydantic, ~0.15 s). Their ``--help`` is drawn
with rich by :mod:`mcda_citydip.cli.helpview`, in the user's language.

One shape for every command (issue 17):

- the scenario is the first positional argument of every command that reads one
  (:data:`ScenarioArg`): optional where the command only reads (default: the scenario shipped
  inside the package), required where it writes into the scenario's own folders (``elicit``,
  ``score``); a command's other positional arguments follow it (``import [SCENARIO]
  WORKBOOK``);
- every command that prints a result takes ``--out FILE`` and ``--force``: an existing file
  is replaced only with ``--force``, an input never (:func:`check_out`), and a file whose
  extension names another format than the one written is refused (:func:`output_format`,
  :func:`check_suffix`);
- ``-m``/``--method`` takes ``topsis,vikor`` and may be repeated (:data:`MethodsOpt`);
- every option with a fixed set of values is an :class:`~enum.StrEnum`, so that ``--help``
  lists its choices;
- every command takes ``--version`` and ``--help`` (formats.md).
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mcda_citydip.i18n import N_, _

if TYPE_CHECKING:
    from mcda_citydip.files.scenario import Scenario

#: The command's name, as ``--version`` and ``--help`` say it.
PROGRAM = "citydip"

#: A path argument or option: given as typed, as a :class:`~pathlib.Path` (checked by the
#: command, which says what is wrong in its own words).
PATH = click.Path(path_type=Path)


def _print_version(ctx: click.Context, param: click.Parameter, wanted: bool) -> None:
    """``citydip --version``: ``citydip 0.1.0`` on stdout, exit 0."""
    if wanted and not ctx.resilient_parsing:
        from mcda_citydip import __version__

        click.echo(f"{PROGRAM} {__version__}")
        ctx.exit()


def version_option() -> click.Option:
    """``--version``, on every command (formats.md): eager, so that click answers it where
    it stands (``citydip run --version``; not after ``--``)."""
    return click.Option(
        ["--version"],
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_print_version,
        help="Show citydip's version and exit.",
    )


#: The help of ``--help`` (click's own words, in the user's language here).
HELP_OPTION_HELP = N_("Show this message and exit.")


class _Citydip(click.Command):
    """What every command and group of citydip has: ``--version`` beside ``--help``; its
    docstring as written, without its indentation; its help drawn by
    :mod:`mcda_citydip.cli.helpview`, in the user's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(version_option())
        if self.help:
            self.help = inspect.cleandoc(self.help)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _(HELP_OPTION_HELP)
        return option

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from mcda_citydip.cli.helpview import help_text

        formatter.write(help_text(self, ctx))


class Command(_Citydip):
    """A citydip command."""


class Group(_Citydip, click.Group):
    """A group of citydip commands, listed in the order they are declared; those of
    :attr:`lazy` are declared by modules imported when the command is first asked for."""

    command_class = Command
    group_class = type  # a subgroup is of this class too
    #: command → the module of :mod:`mcda_citydip.cli` that declares it (none: all declared)
    lazy: Mapping[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(dict.fromkeys([*self.lazy, *self.commands]))  # as declared (click sorts)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:  # "Did you mean": among them all
            raise click.exceptions.NoSuchCommand(
                exc.command_name, possibilities=self.list_commands(ctx), ctx=ctx
            ) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            from mcda_citydip.cli.help import localise_loaded

            before = set(self.commands)
            importlib.import_module(f"mcda_citydip.cli.{self.lazy[cmd_name]}")
            localise_loaded(self, [name for name in self.commands if name not in before])
        return super().get_command(ctx, cmd_name)


#: Each command of ``citydip`` → the module of :mod:`mcda_citydip.cli` that declares it, in
#: ``--help``'s order. A command's module is imported when the command is asked for: ``run``
#: does not load the code of ``sensitivity``, ``report`` or ``data`` (issue 18's start-up);
#: ``--help`` asks for them all. A test keeps this table and the modules' commands the same.
COMMAND_MODULES = {
    "init": "init",
    "run": "ranking",
    "weights": "ranking",
    "validate": "ranking",
    "criteria": "ranking",
    "sensitivity": "sensitivity",
    "report": "report",
    "elicit": "experts",
    "questionnaire": "experts",
    "import": "experts",
    "score": "scoring",
    "scores": "ratings",
    "data": "data",
}

app = Group(
    name=PROGRAM,
    help="Multi-criteria decision analysis for city diplomacy: which cities can form or join "
    "an urban union? AHP weights from expert judgments, TOPSIS and VIKOR rankings.",
    no_args_is_help=True,
    context_settings={"show_default": True},
)
app.lazy = COMMAND_MODULES


def all_commands() -> dict[str, click.Command]:
    """Every command of ``citydip``, in ``--help``'s order, each module imported."""
    context = click.Context(app)
    found = {name: app.get_command(context, name) for name in app.list_commands(context)}
    return {name: command for name, command in found.items() if command is not None}


#: The ranking methods, as :data:`mcda_citydip.ranking.methods.METHODS` registers them (named
#: here so that ``--help`` does not import NumPy; a test keeps the two the same).
METHOD_NAMES = ("topsis", "vikor", "saw")


def split_methods(given: Sequence[str] | None) -> list[str] | None:
    """``-m topsis,vikor -m saw`` → ``["topsis", "vikor", "saw"]`` (each once, in order;
    ``None`` when none is given: the scenario's methods)."""
    if not given:
        return None
    return list(dict.fromkeys(m.strip() for item in given for m in item.split(",") if m.strip()))


def _methods(ctx: click.Context, param: click.Parameter, given: Sequence[str]) -> list[str] | None:
    return split_methods(given)


MethodsOpt = click.option(
    "--method",
    "-m",
    multiple=True,
    callback=_methods,
    metavar="<" + "|".join(METHOD_NAMES) + ">[,…]",
    help="Method(s): topsis, vikor, saw (repeat or use commas: -m topsis,vikor). "
    "Default: every method of the scenario.",
    show_default=False,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    xlsx = "xlsx"


ScenarioArg = click.argument(
    "scenario",
    required=False,
    type=PATH,
    help="Scenario YAML file. Default: the scenario shipped inside the package.",
)


def format_option(choices: type[StrEnum], help: str) -> Callable[[Any], Any]:
    """``--format``/``-f`` with ``choices``; not given: ``None`` (the command decides)."""
    return click.option(
        "--format", "-f", "fmt", type=click.Choice(choices), help=help, show_default=False
    )


OutputFormatOpt = format_option(
    Format,
    "Output format; xlsx is a workbook and needs --out FILE.xlsx. Default: the format of "
    "--out's extension (.json, .csv, .md, .xlsx; .txt: table), else table.",
)
OutOpt = click.option(
    "--out",
    "-o",
    type=PATH,
    metavar="FILE",
    help="Write the output to FILE (atomically; never over an existing file "
    "without --force, never over an input).",
)
ForceOpt = click.option(
    "--force", is_flag=True, help="Let --out replace an existing file (never an input)."
)


class TreeFormat(StrEnum):
    """What ``citydip criteria`` writes: the hierarchy as a tree, or as JSON."""

    table = "table"
    json = "json"


class Language(StrEnum):
    en = "en"
    fa = "fa"


class Digits(StrEnum):
    latin = "latin"
    fa = "fa"


LangOpt = click.option(
    "--lang",
    type=click.Choice(Language),
    envvar="CITYDIP_LANG",
    show_envvar=True,
    help="Language of prompts, scales and summaries: en or fa. Default: the scenario's "
    "'language:', else en.",
    show_default=False,
)


class _LanguageDefaults(dict[str, Any]):
    """``default_map`` giving ``lang`` to the ``--lang`` of ``command``'s subcommands (and of
    theirs): ``own`` holds the command's own defaults, and a subcommand's map is made when
    click asks for it (``get``, as it makes the subcommand's context), so that only the
    module of the command that runs is imported (:data:`COMMAND_MODULES`)."""

    def __init__(
        self, ctx: click.Context, command: click.Command, lang: str, own: dict[str, Any]
    ) -> None:
        super().__init__(own)
        self.ctx, self.command, self.lang = ctx, command, lang

    def get(self, name: str, default: Any = None) -> Any:
        if name not in self and isinstance(self.command, click.Group):
            sub = self.command.get_command(self.ctx, name)
            if sub is not None:
                own = {"lang": self.lang} if any(p.name == "lang" for p in sub.params) else {}
                return _LanguageDefaults(self.ctx, sub, self.lang, own)
        return super().get(name, default)


def _language_for_all(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """``citydip --lang fa COMMAND``: the command's language unless it is given its own
    ``--lang`` (or ``CITYDIP_LANG``); ``--help`` is already in that language (``localise``)."""
    if value is not None:
        ctx.default_map = _LanguageDefaults(ctx, ctx.command, str(value), {})


app.params.append(
    click.Option(
        ["--lang"],
        type=click.Choice(Language),
        expose_value=False,
        callback=_language_for_all,
        help="Language of this help and of the command that follows: en or fa.",
    )
)

DigitsOpt = click.option(
    "--digits",
    type=click.Choice(Digits),
    default=Digits.latin,
    help="Digits of the numbers shown on screen: latin or fa (۰–۹); JSON, CSV and saved "
    "files always have Latin digits.",
)


def use_language(
    lang: str | None, digits: str = "latin", scenario_language: str | None = None
) -> str:
    """Set the language (``--lang``, else ``CITYDIP_LANG``, else the scenario's
    ``language:``, else English) and the digits shown; return the language."""
    from mcda_citydip import i18n

    chosen = i18n.resolve_language(None if lang is None else str(lang), scenario_language)
    i18n.set_language(chosen)
    i18n.set_digits(str(digits))
    return chosen


def check_out(out: Path | None, force: bool, scenario: Scenario) -> None:
    """Refuse ``--out`` before any work when it would replace a file (see
    :func:`mcda_citydip.files.paths.check_output`)."""
    if out is None:
        return
    from mcda_citydip.files.paths import check_output

    check_output(out, force, scenario.inputs)


#: The format an ``--out`` file's extension names; any other extension names none.
FORMAT_OF_SUFFIX = {".json": "json", ".csv": "csv", ".md": "md", ".xlsx": "xlsx", ".txt": "table"}
#: The extension of each format, for messages.
SUFFIX_OF_FORMAT = {"json": ".json", "csv": ".csv", "md": ".md", "xlsx": ".xlsx", "table": ".txt"}
#: Formats written as text: a ``.txt`` file takes any of them.
TEXT_FORMATS = ("table", "json", "csv", "md")
XLSX_NEEDS_OUT = (
    "--format xlsx writes a workbook, which a terminal cannot show: add --out FILE.xlsx"
)


def check_suffix(out: Path, suffixes: Sequence[str], what: str, command: str) -> None:
    """Refuse, before any work, an ``--out`` file of a command that writes one format only
    (``what``, e.g. ``an HTML page``) whose extension is not one of ``suffixes``."""
    if out.suffix.lower() not in suffixes:
        from mcda_citydip.errors import MethodError

        named = f"a {out.suffix} file" if out.suffix else "a file without an extension"
        raise MethodError(
            f"--out {out}: {command} writes {what}, not {named}; name a "
            f"{or_list(list(suffixes))} file (nothing was written)"
        )


def or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def output_format(
    given: str | None,
    out: Path | None,
    choices: Sequence[str] = tuple(Format),
    command: str = "this command",
) -> str:
    """The format to write: ``given`` (``--format``), else the one ``out``'s extension names
    (:data:`FORMAT_OF_SUFFIX`), else ``table``. Refused before any work: an extension of no
    format (``--out r.html`` for a table; a file without one is fine), a ``--format`` that
    contradicts the extension (``--format json --out r.csv``; a ``.txt`` file takes any text
    format), a format not in ``choices``, and xlsx without ``--out``."""
    from mcda_citydip.errors import MethodError

    suffix = out.suffix.lower() if out is not None else ""
    if suffix and suffix not in FORMAT_OF_SUFFIX:
        known = or_list(sorted({SUFFIX_OF_FORMAT[c] for c in choices} | {".txt"}))
        raise MethodError(
            f"--out {out}: {command} writes no {suffix} file; name a {known} file, or one "
            "without an extension (nothing was written)"
        )
    implied = FORMAT_OF_SUFFIX.get(suffix)
    text_in_txt = suffix == ".txt" and given in TEXT_FORMATS
    if given is not None and implied not in (None, given) and not text_in_txt:
        raise MethodError(
            f"--format {given} --out {out}: a {suffix} file holds {implied}; name the file "
            f"*{SUFFIX_OF_FORMAT[given]} or give --format {implied} (nothing was written)"
        )
    chosen = given or implied or "table"
    if chosen not in choices:
        extensions = or_list([SUFFIX_OF_FORMAT[c] for c in choices])
        raise MethodError(
            f"--out {out}: {command} writes {or_list(list(choices))}, not {chosen}; name "
            f"a {extensions} file, or give --format (nothing was written)"
        )
    if chosen == "xlsx" and out is None:
        raise MethodError(XLSX_NEEDS_OUT)
    return chosen


def write_workbook(write: Callable[[Path], None], out: Path | None) -> None:
    """Write a workbook with ``write`` to ``out`` (checked by :func:`output_format`)."""
    if out is None:
        from mcda_citydip.errors import MethodError

        raise MethodError(XLSX_NEEDS_OUT)
    write(out)
    click.echo(_("Wrote {path}").format(path=out), err=True)


def indicator_list(text: str | None) -> list[str] | None:
    """The indicator ids of an ``--indicators ID,ID`` option (``None`` when not given)."""
    if text is None:
        return None
    named = [k.strip() for k in text.split(",") if k.strip()]
    if not named:
        from mcda_citydip.errors import InputError

        raise InputError("--indicators: no indicator id given; name them as ID,ID")
    return named


def load_scenario_or_default(path: Path | None) -> Scenario:
    from mcda_citydip.files.scenario import default_scenario_path, load_scenario

    return load_scenario(path if path is not None else default_scenario_path())


def emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    if out.suffix.lower() == ".xlsx":
        from mcda_citydip.errors import MethodError

        raise MethodError(
            f"--out {out}: a .xlsx file is a workbook, and this output is text; name a .txt, "
            ".md, .csv or .json file (nothing was written)"
        )
    from mcda_citydip.files.yamlio import write_atomic

    write_atomic(out, text)
    click.echo(_("Wrote {path}").format(path=out), err=True)


def show(renderable: Any, out: Path | None) -> None:
    """Print a rich renderable, or write its plain text to ``out``. Lines are never cropped
    to the terminal's width: a long table's numbers are shown whole."""
    from mcda_citydip.report.render import to_text

    if out is not None:
        emit(to_text(renderable), out)
        return
    from rich.console import Console

    Console().print(renderable, crop=False)
