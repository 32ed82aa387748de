"""``--help`` in the user's language.

Help texts are the commands' docstrings and their options' ``help=``: they stay where they
are written, in English, and reach the catalogue through :func:`extract`, a Babel extractor
that reads them from the command tree (``locale/babel.cfg``). ``--help`` is answered before
any command runs, so :func:`requested_language` reads ``--lang`` (or ``CITYDIP_LANG``) from
the command line itself, and :func:`localise` translates the tree in place before click
parses it. The words around them (Usage, Options…) are translated as the help is drawn
(:mod:`mcda_citydip.cli.helpview`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

from mcda_citydip.i18n import ENV_VAR, LANGUAGES, _, set_language


def requested_language(args: Sequence[str], environ: dict[str, str] | None = None) -> str | None:
    """The language asked for by ``--lang X`` or ``--lang=X`` in ``args``, else by the
    ``CITYDIP_LANG`` variable; ``None`` when neither names a known language."""
    found: str | None = None
    for k, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and k + 1 < len(args):
            found = args[k + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    if found is None:
        found = (os.environ if environ is None else environ).get(ENV_VAR) or None
    return found if found in LANGUAGES else None


def help_texts(command: Any) -> Iterator[tuple[str, str]]:
    """Every help text of ``command`` (a click command) and its subcommands: (where,
    text)."""
    path = command.name or "citydip"
    if command.help:
        yield path, command.help
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            yield f"{path} {param.opts[0]}", text
    for sub in getattr(command, "commands", {}).values():  # a group's subcommands
        for where, text in help_texts(sub):
            yield f"{path} {where}", text


#: Where :func:`localise` keeps the language of the help texts, on the root command: the
#: words around them are drawn in it (:mod:`mcda_citydip.cli.helpview`), whatever language a
#: group's own callback sets before a subcommand's ``--help`` is answered.
HELP_LANGUAGE = "_citydip_help_language"


def localise(command: Any, language: str | None) -> None:
    """Translate the help texts of ``command``'s tree into ``language`` (English when
    ``None``), in place, and keep that language for the words around them."""
    set_language(language or "en")
    _retell(command, _)
    setattr(command, HELP_LANGUAGE, language or "en")


def localise_loaded(group: Any, names: Sequence[str]) -> None:
    """Translate the help texts of ``group``'s commands ``names``, just declared by a module
    imported on first use, into the language :func:`localise` gave the tree (if it did;
    :func:`restore` puts them back with the rest)."""
    if HELP_LANGUAGE in group.__dict__:
        for name in names:
            _retell(group.commands[name], _)


def restore(command: Any) -> None:
    """Put back the English help texts of ``command``'s tree (after a run in process, so
    that the next reader of the tree, such as :func:`extract`, sees what the code says)."""
    _retell(command, str)
    if HELP_LANGUAGE in command.__dict__:
        delattr(command, HELP_LANGUAGE)


def _retell(command: Any, say: Callable[[str], str]) -> None:
    """Each command's and option's help as ``say`` gives it from its English text, which is
    kept on the object itself the first time."""
    for item in (command, *command.params):
        if getattr(item, "help", None):
            item.help = say(item.__dict__.setdefault("_citydip_english", item.help))
    for sub in getattr(command, "commands", {}).values():  # a group's subcommands
        _retell(sub, say)


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """A Babel extractor: the messages of the Python file ``fileobj`` (mapped to this module
    in ``locale/babel.cfg``), then every help text of the ``citydip`` command tree."""
    from babel.messages.extract import extract_python

    from mcda_citydip.cli import app
    from mcda_citydip.cli.app import all_commands

    all_commands()  # every command's module imported: the whole tree
    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type,misc]
    for where, text in help_texts(app):
        yield 1, None, text, [f"--help of {where}"]
