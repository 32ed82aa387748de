"""``--help`` drawn with rich: usage, description, then panels of arguments, options and
subcommands, with every word of the frame in the user's language.

The texts themselves (a command's docstring, an option's ``help=``) are translated in place
before click parses the command line (:func:`mcda_citydip.cli.help.localise`); this module
only lays them out. Help texts are shown as plain text, never as rich markup, so that
``mcda-citydip[data]`` reads as typed. Imported only when help is asked for: rich costs
~40 ms to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from mcda_citydip.i18n import N_, _

if TYPE_CHECKING:
    from rich.console import RenderableType

#: Columns a help text keeps beside its option's names; with fewer it goes under them.
HELP_WIDTH = 32

#: The words of the frame, in English (translated when drawn).
USAGE = N_("Usage:")
ARGUMENTS = N_("Arguments")
OPTIONS = N_("Options")
COMMANDS = N_("Commands")
DEFAULT = N_("[default: {}]")
ENVVAR = N_("[env var: {}]")
REQUIRED = N_("[required]")


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a docstring, each on one line (rich wraps them to the screen)."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in text.split("\n\n")]
    return [block for block in blocks if block]


def summary(command: click.Command) -> str:
    """A subcommand's line in its group's help: its first paragraph."""
    found = paragraphs(command.help or "")
    return found[0] if found else (command.short_help or "")


def help_text(command: click.Command, ctx: click.Context) -> str:
    """``command``'s help as the terminal shows it (colours only on a terminal), its frame
    in the language of its texts (:func:`~mcda_citydip.cli.help.localise`)."""
    from rich.console import Console

    from mcda_citydip import i18n
    from mcda_citydip.cli.help import HELP_LANGUAGE

    shown = getattr(ctx.find_root().command, HELP_LANGUAGE, None) or i18n.language()
    before = i18n.language()
    i18n.set_language(shown)
    try:
        console = Console(highlight=False)
        with console.capture() as captured:
            for part in help_parts(command, ctx, console.width):
                console.print(part)
    finally:
        i18n.set_language(before)
    return captured.get()


def help_parts(
    command: click.Command, ctx: click.Context, width: int = 100
) -> list[RenderableType]:
    """What ``command --help`` shows, top to bottom, for a screen ``width`` columns wide."""
    from rich.padding import Padding
    from rich.text import Text

    usage = " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])
    parts: list[RenderableType] = [
        Padding(Text.assemble((_(USAGE), "bold"), " ", (usage, "bold")), (1, 1, 0, 1))
    ]
    for block in paragraphs(command.help or ""):
        parts.append(Padding(Text(block), (1, 1, 0, 1)))
    parts.append(Text(""))
    params = command.get_params(ctx)
    arguments = [
        _argument_row(p, ctx) for p in params if isinstance(p, click.Argument) and p.expose_value
    ]
    options = [_option_row(p, ctx) for p in params if isinstance(p, click.Option) and not p.hidden]
    if arguments:
        parts.append(_panel(_(ARGUMENTS), arguments, width))
    if options:
        parts.append(_panel(_(OPTIONS), options, width))
    if isinstance(command, click.Group):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append([Text(name, "bold cyan"), Text(summary(sub))])
        if rows:
            parts.append(_panel(_(COMMANDS), rows, width))
    return parts


def _panel(title: str, rows: list[list[Any]], width: int) -> RenderableType:
    """A titled box of rows (names…, help): side by side while the help texts keep at least
    ``HELP_WIDTH`` columns of the screen's ``width``; else stacked, the names on one line
    and the help text indented below them."""
    from rich import box
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    columns = [max(row[k].cell_len for row in rows) for k in range(len(rows[0]) - 1)]
    if width - 4 - sum(columns) - 2 * len(columns) < HELP_WIDTH:
        table.add_column()
        for *names, text in rows:
            *called, takes = names if len(names) > 2 else (*names, Text(""))
            shown = Text(", ").join(name for name in called if name.plain)
            table.add_row(Text(" ").join(part for part in (shown, takes) if part.plain))
            table.add_row(Padding(text, (0, 0, 0, 4)))
    else:
        for _column in rows[0][:-1]:
            table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for row in rows:
            table.add_row(*row)
    return Panel(table, title=title, title_align="left", box=box.ROUNDED, border_style="dim")


def _argument_row(param: click.Argument, ctx: click.Context) -> list[Any]:
    from rich.text import Text

    name = param.make_metavar(ctx)
    text = Text(param.help or "")
    if param.required:
        text.append(" " + _(REQUIRED), "red")
    return [Text(name, "bold cyan"), text]


def _option_row(param: click.Option, ctx: click.Context) -> list[Any]:
    """Names (long ones, then short ones), what the option takes, and its help with its
    default, range, variable and whether it is required."""
    from rich.text import Text

    names = [*param.opts, *param.secondary_opts]
    long_names = ", ".join(n for n in names if n.startswith("--"))
    if param.secondary_opts:
        long_names = "/".join(param.opts + param.secondary_opts)
    short_names = ", ".join(n for n in names if not n.startswith("--"))
    takes = "" if param.is_flag or param.count else param.make_metavar(ctx)
    text = Text(param.help or "")
    extra = param.get_help_extra(ctx)
    if "envvars" in extra:
        text.append(" " + _(ENVVAR).format(", ".join(extra["envvars"])), "dim")
    if "default" in extra:
        text.append(" " + _(DEFAULT).format(extra["default"]), "dim")
    if "range" in extra:
        text.append(f" [{extra['range']}]", "dim")
    if "required" in extra:
        text.append(" " + _(REQUIRED), "red")
    names_shown = [Text(long_names, "bold cyan"), Text(short_names, "bold green")]
    return [*names_shown, Text(takes, "yellow"), text]
