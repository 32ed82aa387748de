"""The message catalogue (issue 15): complete and compiled, never bypassed by the translated
modules; ``--lang`` > ``CITYDIP_LANG`` > the scenario's ``language:`` > English; ``--digits
fa`` for the screen only; ``--lang`` and ``--digits`` on every command."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import shutil
import string
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from rich.errors import StyleSyntaxError
from rich.style import Style
from runner import fresh_citydip, run_citydip

import mcda_citydip
from mcda_citydip import i18n
from mcda_citydip.cli import FLAGS, app, helpview
from mcda_citydip.cli.app import all_commands
from mcda_citydip.elicit.rating_console import DEFAULT_ANCHORS
from mcda_citydip.errors import MethodError
from mcda_citydip.files.scenario import default_scenario_path
from mcda_citydip.scales import ACTIVITY, BARRIER, LEVEL

PACKAGE = Path(mcda_citydip.__file__).parent
LOCALE = PACKAGE / "locale"
POT = LOCALE / "citydip.pot"
PO = LOCALE / "fa" / "LC_MESSAGES" / "citydip.po"
MO = LOCALE / "fa" / "LC_MESSAGES" / "citydip.mo"

#: The modules whose user-facing text goes through the catalogue; adding one is one line.
TRANSLATED = (
    "elicit/__init__.py",
    "elicit/console.py",
    "elicit/rating_console.py",
    "elicit/rating_session.py",
    "elicit/session.py",
    "elicit/words.py",
    "files/questionnaire/layout.py",
    "files/questionnaire/live.py",
    "files/questionnaire/rating_layout.py",
    "files/questionnaire/rating_read.py",
    "files/questionnaire/rating_write.py",
    "files/questionnaire/read.py",
    "files/questionnaire/write.py",
    "report/data.py",
    "report/figures/geo.py",
    "report/figures/geo_frame.py",
    "report/figures/rankings.py",
    "report/figures/sensitivity.py",
    "report/figures/svg.py",
    "report/figures/text.py",
    "report/figures/weights.py",
    "report/html/__init__.py",
    "report/html/context.py",
    "report/html/coverage.py",
    "report/html/dates.py",
    "report/html/fonts.py",
    "report/html/markup.py",
    "report/html/overview.py",
    "report/html/page.py",
    "report/html/results.py",
    "report/html/study.py",
    "report/panel.py",
    "report/ratings.py",
    "report/render.py",
    "report/sensitivity.py",
    "report/shared_sheets.py",
    "report/tables.py",
    "report/terminal.py",
    "report/tree.py",
    "report/workbook.py",
    "report/xlsx.py",
    "report/xlsx_sensitivity.py",
    "cli/app.py",
    "cli/data.py",
    "cli/experts.py",
    "cli/help.py",
    "cli/init.py",
    "cli/ranking.py",
    "cli/rating_workbook.py",
    "cli/ratings.py",
    "cli/report.py",
    "cli/scoring.py",
    "cli/sensitivity.py",
)

COMMANDS = tuple(all_commands())
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
ENV.pop(i18n.ENV_VAR, None)
TIMEOUT = 120


# ---------------------------------------------------------------- the catalogue

MessageId = str | tuple[str, ...]
#: Babel's keywords, and ``Message.counted(n, singular, plural)`` as a plural (``-k counted:2,3``).
KEYWORDS = {**DEFAULT_KEYWORDS, "counted": (2, 3)}


@cache
def extracted() -> frozenset[MessageId]:
    """The msgids Babel's extractors find in the package (``_``, ``N_``, ``ngettext``, and
    the ``--help`` texts), mapped as ``pybabel extract -F locale/babel.cfg`` maps them."""
    found: set[MessageId] = set()
    with (LOCALE / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    for _file, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return frozenset(found)


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale="fa")


def test_babel_finds_the_messages_of_every_translated_module() -> None:
    ids = extracted()
    assert "don't know" in ids and "Completeness per node" in ids
    assert ("{count} answer", "{count} answers") in ids
    assert len(ids) > 90


def test_every_message_has_a_persian_translation() -> None:
    catalogue = read_catalogue(PO)
    missing = []
    for message_id in sorted(extracted(), key=str):
        message = catalogue.get(message_id)
        strings = () if message is None else message.string
        strings = (strings,) if isinstance(strings, str) else strings
        if message is None or message.fuzzy or not all(s.strip() for s in strings):
            missing.append(message_id)
    assert not missing, f"untranslated in {PO.name} (see locale/README.md): {missing}"


def test_the_po_and_the_pot_hold_exactly_the_messages_of_the_code() -> None:
    """A message dropped from the code is dropped from the catalogue (`pybabel update`)."""
    for path in (POT, PO):
        held = {message.id for message in read_catalogue(path) if message.id}
        assert held == set(extracted()), f"{path.name} is stale: run locale/README.md's steps"


def test_the_committed_mo_is_the_po_compiled() -> None:
    """Compared as message dicts, not bytes (Babel may order or pad differently)."""
    fresh = io.BytesIO()
    write_mo(fresh, read_catalogue(PO))
    fresh.seek(0)
    with MO.open("rb") as file:
        committed = read_mo(file)
    compiled = read_mo(fresh)
    assert messages(committed) == messages(compiled)
    assert committed.plural_forms == compiled.plural_forms


def messages(catalogue: Catalog) -> dict[MessageId, MessageId]:
    def key(text: str | list[str] | tuple[str, ...]) -> MessageId:
        return text if isinstance(text, str) else tuple(text)

    return {key(m.id): key(m.string) for m in catalogue}


FIELD = string.Formatter()
MARKUP = re.compile(r"\[/?[a-z ]*\]")


def fields(text: str) -> list[str]:
    return sorted(name for _text, name, _spec, _conv in FIELD.parse(text) if name is not None)


#: The words around the --help texts, drawn as plain text (mcda_citydip.cli.helpview).
HELP_FRAME = {helpview.DEFAULT, helpview.ENVVAR, helpview.REQUIRED}


def test_translations_keep_every_placeholder_and_markup_tag() -> None:
    for message in read_catalogue(PO):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        for translated in strings:
            assert fields(translated) == fields(ids[-1]), (message.id, translated)
            if message.id in HELP_FRAME:
                continue  # --help shows these as plain text: "[required]" is no markup tag
            assert MARKUP.findall(translated) == MARKUP.findall(ids[-1]), message.id


def test_the_default_scales_anchors_are_all_in_the_catalogue() -> None:
    assert set(DEFAULT_ANCHORS) == {*ACTIVITY, *LEVEL, *BARRIER}


def test_gettext_reads_the_shipped_catalogue() -> None:
    assert i18n._("don't know") == "don't know"
    i18n.set_language("fa")
    assert i18n.language() == "fa"
    assert i18n._("don't know") == "نمی\u200cدانم"
    assert i18n._("equal importance") == "اهمیت یکسان"
    assert i18n.ngettext("{count} city", "{count} cities", 3) == "{count} شهر"
    assert i18n._("a message of no catalogue") == "a message of no catalogue"


def test_an_unknown_language_or_digits_is_refused() -> None:
    refused = r"^language: unknown language 'xx'; use en or fa$"
    with pytest.raises(MethodError, match=refused) as lang:
        i18n.set_language("xx")
    assert lang.value.parameter == "language"
    assert lang.value.as_option(FLAGS) == ("--lang: unknown language 'xx'; use en or fa",)
    with pytest.raises(MethodError, match=r"^digits: unknown digits 'arabic'") as digits:
        i18n.set_digits("arabic")
    assert digits.value.parameter == "digits"
    assert digits.value.as_option(FLAGS)[0].startswith("--digits: unknown digits 'arabic'")
    assert i18n.language() == "en"


# ---------------------------------------------------------------- nothing bypasses it

TRANSLATE = {"_", "ngettext"}  # a literal under these is translated
SHOWN = {
    "print", "rule", "prompt", "ask", "input", "add_column", "add_row", "echo", "Table",
    "Text", "Tree", "TextColumn",
}  # fmt: skip
#: The HTML report's pieces (``report/html/markup.py``), called by their plain names: each
#: puts its text in the page (``sheet.cell(…)`` is a workbook's, not one of these).
SHOWN_IN_PAGE = {
    "esc", "sentence", "listed", "and_list", "clauses", "cell", "table", "Head", "figure",
    "subheading", "paragraph", "bullet_list", "definitions", "Section", "Figure",
}  # fmt: skip
#: matplotlib's calls that draw text into a figure (a method of the axes, the figure or
#: the legend), with the positions of their text, and the keywords that are text: a
#: ``label=`` of ``barh`` or ``plot`` becomes a legend entry. Other keywords place or paint.
FIGURE_CALLS = {
    "set_title": (0,), "set_xlabel": (0,), "set_ylabel": (0,), "supxlabel": (0,),
    "supylabel": (0,), "suptitle": (0,), "text": (2,), "annotate": (0,), "legend": (1,),
    "set_xticklabels": (0,), "set_yticklabels": (0,), "barh": (), "bar": (), "plot": (),
    "scatter": (), "hlines": (), "vlines": (), "axvline": (), "axhline": (),
    "fill_between": (), "errorbar": (),
}  # fmt: skip
FIGURE_KEYWORDS = {"label", "labels", "title", "s", "text"}
#: Calls by plain name of which only some positional arguments are text (the others: a
#: class, an anchor id, a key); other calls pass on every argument.
TEXT_ARGUMENTS = {
    "cell": (0,), "table": (0, 1, 2), "figure": (1,), "paragraph": (0,), "bullet_list": (0,),
    "Section": (1, 2, 3), "Head": (0,), "number": (1,), "Comment": (0,), "getattr": (2,),
    "Figure": (1, 2),  # a report figure: (svg, alt, caption)
    "numeral": (), "share": (), "fixed": (),  # numbers, shown in the digits of --digits
    "joined": (0,),  # figures/svg.py: its template (marked N_) is translated inside
}  # fmt: skip
#: The same for methods: a key looked up, a pattern matched, a separator split at.
METHOD_TEXT_ARGUMENTS = {
    "get": (1,), "setdefault": (1,), "pop": (1,), "partition": (), "split": (),
    "startswith": (), "endswith": (), "match": (), "fullmatch": (), "search": (),
    "replace": (1,), "fromkeys": (1,),
}  # fmt: skip
#: Methods called on a regular expression, not on text.
PATTERN_METHODS = {"match", "fullmatch", "search", "finditer", "findall"}
#: Calls whose first argument is a key, not text, when text follows: a workbook's
#: ``Column(key, header, …)`` shows its header. A terminal ``Column(header, "right")`` is
#: no workbook column: its header is shown through the table it is given to.
KEYED = {"Column"}
JUSTIFY = {"left", "right", "center"}
#: Keys of a row mapping whose value is shown as a label: an item sheet's ``item`` column.
SHOWN_KEYS = {"item"}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: Keyword arguments that style or place text rather than say something.
STYLING = {
    "style", "justify", "align", "overflow", "max_width", "no_wrap", "title_justify", "end",
    "crop", "markup", "highlight", "err", "characters", "width", "min_width", "ratio",
    "vertical", "header_style", "show_header", "box", "expand", "padding", "sep", "indent",
    "classes", "key", "row_attributes",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]{2,}")  # two letters or more: a word, not a key ("q") or tag ("A")


#: Headers that are codes, the same in every language (a workbook's ``id`` column).
SYMBOLS = {
    "id", "CR", "CI", "RI", "λmax", "Kendall W", "WS", "rs", "rw", "min-max", "citydip",
    "TOPSIS", "VIKOR", "AHP", "SMAA",
}  # fmt: skip


def says_something(text: str) -> bool:
    """Whether a literal holds words once its console markup is taken out; a rich style
    (``"red"``, ``"bold red"``) says nothing."""
    if text in SYMBOLS:
        return False
    if re.fullmatch(r"[a-z ]+", text):
        try:
            Style.parse(text)
        except StyleSyntaxError:
            pass
        else:
            return False
    return WORD.search(PLACEHOLDER.sub("", MARKUP.sub("", markup_free(text)))) is not None


#: HTML markup in a literal: whole tags, and the ends of a tag an f-string field splits
#: (``'<td class="'`` … ``'">'``), or the attributes between two fields (``'" data-key="'``).
HTML_TAG = re.compile(
    r"<[^<>]*>|<[a-z/][^<>]*$|^[^<>]*>|^\s*\"\s*[a-z-]+=\"\s*$|^\s*\"\s*$"
    r'|^\s*(?:[a-z-]+="[^"<>]*"\s*)+$'  # attributes alone: 'class="num flag"'
)


def markup_free(text: str) -> str:
    """``text`` without its HTML markup; an entity (``&amp;``) is no word either."""
    return re.sub(r"&#?\w+;", " ", HTML_TAG.sub(" ", text))


def callee(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


class Bypasses:
    """The literals with words that reach a display call of a module without ``_()``.

    From each display call (:data:`SHOWN`) the argument expressions are followed through
    local names (assignments, loops, ``append``), module constants, and the return values
    of the module's own functions and methods. A literal counts as translated only when it
    is reached through ``_()`` or ``ngettext()``: ``N_()`` marks for the catalogue, so a
    marked constant shown without ``_()`` is a bypass too.
    """

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self.functions: dict[str, list[ast.FunctionDef]] = {}
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node
            if isinstance(node, ast.FunctionDef):
                self.functions.setdefault(node.name, []).append(node)
        self.found: set[tuple[int, str]] = set()
        self.visited: set[tuple[int, bool]] = set()

    def scope_of(self, node: ast.AST) -> ast.AST:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return self.tree

    def bindings(self, scope: ast.AST, name: str) -> list[ast.expr]:
        """What ``name`` is bound to in ``scope`` (its own statements, not nested ones)."""
        values: list[ast.expr] = []
        for node in ast.walk(scope):
            if node is not scope and self.scope_of(node) is not scope:
                continue
            if isinstance(node, ast.Assign) and binds(node.targets, name):
                values.append(node.value)
            elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
                if binds([node.target], name) and node.value is not None:
                    values.append(node.value)
            elif isinstance(node, ast.For) and binds([node.target], name):
                values.extend(self.unpacked(node.target, node.iter, name))
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("append", "extend")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == name
            ):
                values.extend(node.args)
        return values

    def unpacked(self, target: ast.expr, iterable: ast.expr, name: str) -> list[ast.expr]:
        """What a loop binds ``name`` to: for ``for a, (b, c) in PAIRS`` (or ``in
        MAPPING.items()``), with ``PAIRS`` or ``MAPPING`` a literal, the ``c`` of each item;
        anything else, the whole iterable."""
        if not isinstance(target, ast.Tuple):
            return [iterable]
        items = self.items_of(iterable)
        picked: list[ast.expr] = []
        for item in items or ():
            found = picked_from(target, item, name)
            if found is None:
                return [iterable]
            picked.extend(found)
        return picked if items is not None else [iterable]

    def looked_up(self, node: ast.Subscript) -> list[ast.expr] | None:
        """What ``node`` can be when it indexes literals: ``TABLE[key]`` is any value of
        the dict ``TABLE``, ``TABLE[key][0]`` the first element of each; else ``None``."""
        if isinstance(node.value, ast.Name):
            rows = self.bindings(self.scope_of(node.value), node.value.id) or self.bindings(
                self.tree, node.value.id
            )
            if rows and all(isinstance(row, ast.Dict) for row in rows):
                return [v for row in rows for v in row.values]  # type: ignore[attr-defined]
            return None
        index = node.slice
        if not isinstance(node.value, ast.Subscript) or not isinstance(index, ast.Constant):
            return None
        inner = self.looked_up(node.value)
        if inner is None or not isinstance(index.value, int):
            return None
        picked: list[ast.expr] = []
        for value in inner:
            if not isinstance(value, ast.Tuple | ast.List) or len(value.elts) <= index.value:
                return None
            picked.append(value.elts[index.value])
        return picked

    def items_of(self, iterable: ast.expr) -> list[ast.expr] | None:
        """The items a loop over ``iterable`` goes through, when they are literals: those
        of a tuple or list constant, or the ``(key, value)`` pairs of a dict's ``items()``."""
        pairs = (
            isinstance(iterable, ast.Call)
            and isinstance(iterable.func, ast.Attribute)
            and iterable.func.attr == "items"
            and not iterable.args
        )
        source = iterable.func.value if pairs else iterable  # type: ignore[union-attr]
        if not isinstance(source, ast.Name):
            return None
        rows = self.bindings(self.scope_of(source), source.id) or self.bindings(
            self.tree, source.id
        )
        items: list[ast.expr] = []
        for row in rows:
            if pairs and isinstance(row, ast.Dict) and None not in row.keys:
                keys = [k for k in row.keys if k is not None]
                items += [ast.Tuple(elts=[k, v]) for k, v in zip(keys, row.values, strict=True)]
            elif not pairs and isinstance(row, ast.Tuple | ast.List):
                items += row.elts
            else:
                return None
        return items

    def follow(self, node: ast.AST, translated: bool) -> None:
        key = (id(node), translated)
        if key in self.visited:
            return
        self.visited.add(key)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if not translated and says_something(node.value):
                self.found.add((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            markup = ""  # the literal text so far: a field inside an open tag is an attribute
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    if markup.rfind("<") <= markup.rfind(">"):
                        self.follow(part.value, translated)
                else:
                    self.follow(part, translated)
                    markup += str(part.value) if isinstance(part, ast.Constant) else ""
        elif isinstance(node, ast.Call):
            self.follow_call(node, translated)
        elif isinstance(node, ast.Name):
            scope = self.scope_of(node)
            for value in self.bindings(scope, node.id) + (
                self.bindings(self.tree, node.id) if scope is not self.tree else []
            ):
                self.follow(value, translated)
        elif isinstance(node, ast.IfExp):
            self.follow(node.body, translated)
            self.follow(node.orelse, translated)
        elif isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
            self.follow(node.elt, translated)
        elif isinstance(node, ast.Dict):
            for value in node.values:
                self.follow(value, translated)
        elif isinstance(node, ast.Tuple) and labelled(node):
            self.follow(node.elts[1], translated)  # ("key", N_("label")): the key is no text
        elif isinstance(node, ast.BinOp | ast.BoolOp | ast.Tuple | ast.List | ast.Starred):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.follow(child, translated)
        elif isinstance(node, ast.Subscript) and (looked_up := self.looked_up(node)) is not None:
            for value in looked_up:
                self.follow(value, translated)
        elif isinstance(node, ast.Subscript | ast.Attribute):
            self.follow(node.value, translated)

    def follow_call(self, call: ast.Call, translated: bool) -> None:
        name = callee(call)
        inner = translated or name in TRANSLATE
        if isinstance(call.func, ast.Attribute) and name not in PATTERN_METHODS:
            self.follow(call.func.value, translated)
        drawing = isinstance(call.func, ast.Attribute) and name in FIGURE_CALLS
        positions = (
            TEXT_ARGUMENTS
            if isinstance(call.func, ast.Name)
            else FIGURE_CALLS
            if drawing
            else METHOD_TEXT_ARGUMENTS
        ).get(name)
        for k, argument in enumerate(call.args):
            if (k == 0 and keyed(call)) or (positions is not None and k not in positions):
                continue
            self.follow(argument, inner)
        for keyword in call.keywords:
            if keyword.arg in FIGURE_KEYWORDS if drawing else keyword.arg not in STYLING:
                self.follow(keyword.value, inner)
        own = isinstance(call.func, ast.Name) or (
            isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "self"
        )  # a function or method of the module (`self.session.undo()` is not)
        if name in TRANSLATE or not own:
            return
        for function in self.functions.get(name, []):
            for node in ast.walk(function):
                returned = isinstance(node, ast.Return) and node.value is not None
                if returned and self.scope_of(node) is function:
                    self.follow(node.value, translated)  # type: ignore[union-attr]

    def check(self) -> list[tuple[int, str]]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and (shows(node) or keyed(node)):
                self.follow(node, translated=False)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value in SHOWN_KEYS:
                        self.follow(value, translated=False)
        return sorted(self.found)


def shows(call: ast.Call) -> bool:
    """Whether ``call`` puts its arguments on the screen, in a workbook or in the page."""
    page = isinstance(call.func, ast.Name) and call.func.id in SHOWN_IN_PAGE
    drawn = isinstance(call.func, ast.Attribute) and call.func.attr in FIGURE_CALLS
    return page or drawn or callee(call) in SHOWN


def picked_from(target: ast.expr, item: ast.expr, name: str) -> list[ast.expr] | None:
    """What ``name`` in the loop target ``target`` takes from one literal ``item`` (``[]``
    when the target does not bind it); ``None`` when the shapes do not match."""
    if isinstance(target, ast.Name):
        return [item] if target.id == name else []
    if not isinstance(target, ast.Tuple) or not isinstance(item, ast.Tuple | ast.List):
        return None
    if len(target.elts) != len(item.elts):
        return None
    found: list[ast.expr] = []
    for part, value in zip(target.elts, item.elts, strict=True):
        taken = picked_from(part, value, name)
        if taken is None:
            return None
        found += taken
    return found


def labelled(pair: ast.Tuple) -> bool:
    """Whether ``pair`` is ``("key", N_("label"))``: a key and its translatable label."""
    if len(pair.elts) != 2:
        return False
    key, label = pair.elts
    return (
        isinstance(key, ast.Constant)
        and isinstance(key.value, str)
        and isinstance(label, ast.Call)
        and callee(label) in {"N_", "_"}
    )


def keyed(call: ast.Call) -> bool:
    """Whether ``call`` is a workbook column, ``Column(key, header, …)``."""
    if callee(call) not in KEYED or len(call.args) < 2:
        return False
    second = call.args[1]
    return not (isinstance(second, ast.Constant) and second.value in JUSTIFY)


def binds(targets: list[ast.expr], name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for t in targets for n in ast.walk(t))


def unextractable(tree: ast.Module) -> list[int]:
    """Lines where ``_()`` or ``N_()`` is given an f-string: Babel cannot extract it."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and callee(node) in {"_", "N_", "ngettext"}
        and any(isinstance(argument, ast.JoinedStr) for argument in node.args)
    ]


def parsed(module: str) -> ast.Module:
    return ast.parse((PACKAGE / module).read_text(encoding="utf-8"), filename=module)


@pytest.mark.parametrize("module", TRANSLATED)
def test_no_user_facing_string_bypasses_the_catalogue(module: str) -> None:
    tree = parsed(module)
    bypasses = Bypasses(tree).check()
    assert not bypasses, f"{module}: shown without _(): " + "; ".join(
        f"line {line}: {text!r}" for line, text in bypasses
    )
    assert not unextractable(tree), f"{module}: f-string in _() at lines {unextractable(tree)}"


def test_the_bypass_check_catches_what_it_should() -> None:
    """The check itself: each of these shows English text around the catalogue."""
    source = """
KEYS = N_("q = quit")
def answer_text(value):
    if value is None:
        return "don't know"
    return _("{value} points").format(value=value)
class Front:
    def intro(self, done):
        self.console.print(f"[dim]{KEYS}[/]")
        self.console.print(f"{done} answers saved")
        message = "nothing to undo" if done else _("undid it")
        self.console.print(f"[yellow]{message}[/]")
        table = Table(title="Ratings")
        table.add_row(answer_text(None), _("ok").format(extra="more words"))
        for column in ("scale", "rated"):
            table.add_column(column, justify="right")
        self.console.print(f"[dim]{_(KEYS)}[/] · {_('fine')}", style="bold red")
        for value, meaning in SCALE:
            table.add_row(value, meaning)
            table.add_row(value, _(meaning))
        self.session, undone = self.session.undo()  # not Front.undo: "again" is no text
        self.console.print(undone)
    def undo(self):
        return "again"
SCALE = (("1", N_("equal importance")), ("2, 4", N_("in between")))
"""
    found = {text for _line, text in Bypasses(ast.parse(source)).check()}
    assert found == {
        "q = quit",
        " answers saved",
        "nothing to undo",
        "Ratings",
        "don't know",
        "more words",
        "scale",
        "rated",
        "equal importance",
        "in between",
    }


def test_the_bypass_check_reads_the_page_and_the_figures() -> None:
    """HTML pieces and matplotlib calls: text is caught, classes, keys and styles are not."""
    source = """
KINDS = {"data": ("x", N_("from the data")), "gap": ("-", N_("a gap in it"))}
COLUMNS = (("ranks", N_("{method} rank")),)
def section(kind, counts, axes):
    body = f'<p class="{kind} wide">Plain English here {esc(_("fine words"))}</p>'
    rows = [cell(KINDS[kind][0], "num flag"), number(counts.get("data key"), "two words")]
    heads = [sentence(_(label), method="TOPSIS") for _key, label in COLUMNS]
    heads += [esc(meaning) for kind, (symbol, meaning) in KINDS.items()]
    for key, (symbol, meaning) in KINDS.items():
        heads.append(esc(_(meaning)))
    axes.set_xlabel("share of draws")
    axes.text(0.5, 1, _("shown"), ha="right", color="#CC79A7")
    axes.barh([1], [2], label="legend words", color="sky blue")
    takeaway = paragraph(body, "takeaway note")
    return Section("an-anchor id", "Section title", takeaway, table(heads, rows))
"""
    found = {text for _line, text in Bypasses(ast.parse(source)).check()}
    assert found == {
        ' wide">Plain English here ',  # the literal that ends the tag and starts the text
        "two words",
        "from the data",  # esc(meaning) without _(): a bypass
        "a gap in it",
        "share of draws",
        "legend words",
        "Section title",
    }


# ---------------------------------------------------------------- which language


@pytest.mark.parametrize(
    ("option", "env", "scenario", "expected"),
    [
        (None, None, None, "en"),
        (None, None, "fa", "fa"),
        (None, "fa", None, "fa"),
        (None, "en", "fa", "en"),
        ("en", "fa", "fa", "en"),
        ("fa", "en", "en", "fa"),
        (None, "", "fa", "fa"),  # an empty variable is no choice
    ],
)
def test_lang_wins_over_the_environment_which_wins_over_the_scenario(
    monkeypatch: pytest.MonkeyPatch,
    option: str | None,
    env: str | None,
    scenario: str | None,
    expected: str,
) -> None:
    if env is None:
        monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(i18n.ENV_VAR, env)
    assert i18n.resolve_language(option, scenario) == expected


@pytest.fixture
def persian_scenario(tmp_path: Path) -> Path:
    """The default scenario in ``tmp_path`` with ``language: fa`` and no judgments yet."""
    source = default_scenario_path().parent
    for name in ("city-diplomacy.yaml", "persian-gulf.csv", "persian-gulf-partnerships.csv"):
        shutil.copy(source / name, tmp_path / name)
    text = (source / "scenario.yaml").read_text(encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(text + "language: fa\n", encoding="utf-8")
    return tmp_path / "scenario.yaml"


def elicit_intro(scenario: Path, *options: str, env: dict[str, str] | None = None) -> str:
    """What ``citydip elicit`` shows before its first prompt (stdin: ``q``)."""
    done = run_citydip(  # the real entry point, in process
        ["elicit", str(scenario), "-e", "ann", *options],
        input="q\n",
        cwd=scenario.parent,
        env={**ENV, **(env or {})},
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


PERSIAN_TITLE = "مقیاس ساعتی"
ENGLISH_TITLE = "Saaty's scale"


def test_the_scenarios_language_is_used_unless_lang_or_the_environment_says_otherwise(
    persian_scenario: Path,
) -> None:
    assert PERSIAN_TITLE in elicit_intro(persian_scenario)
    assert ENGLISH_TITLE in elicit_intro(persian_scenario, "--lang", "en")
    assert ENGLISH_TITLE in elicit_intro(persian_scenario, env={i18n.ENV_VAR: "en"})
    both = elicit_intro(persian_scenario, "--lang", "fa", env={i18n.ENV_VAR: "en"})
    assert PERSIAN_TITLE in both


def test_an_unknown_language_in_the_environment_is_a_usage_error(persian_scenario: Path) -> None:
    done = run_citydip(
        ["validate", str(persian_scenario)], env={**ENV, i18n.ENV_VAR: "xx"}, timeout=TIMEOUT
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and "--lang" in done.stderr


def test_a_scenario_language_other_than_en_or_fa_is_refused(persian_scenario: Path) -> None:
    text = persian_scenario.read_text(encoding="utf-8").replace("language: fa", "language: de")
    persian_scenario.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(persian_scenario)])
    assert result.exit_code != 0
    assert "language" in str(result.exception)


# ---------------------------------------------------------------- digits


def test_shown_number_writes_persian_digits_only_when_asked() -> None:
    assert i18n.shown_number("0.125 and 1/3") == "0.125 and 1/3"
    i18n.set_digits("fa")
    assert i18n.shown_number("0.125") == "۰٫۱۲۵"
    assert i18n.shown_number("4/15") == "۴/۱۵"
    assert i18n.shown_number("1–9") == "۱–۹"


def test_digits_fa_changes_the_screen_only(persian_scenario: Path) -> None:
    latin = elicit_intro(persian_scenario)
    persian = elicit_intro(persian_scenario, "--digits", "fa")
    assert "0/15" in latin and "۰/۱۵" in persian and "0/15" not in persian
    assert "goal" in persian  # ids are never rewritten


def test_digits_fa_leaves_json_alone() -> None:
    runner = CliRunner()
    plain = runner.invoke(app, ["run", "--format", "json"])
    persian = runner.invoke(app, ["run", "--format", "json", "--lang", "fa", "--digits", "fa"])
    assert plain.exit_code == persian.exit_code == 0, persian.stderr
    assert persian.stdout == plain.stdout
    assert not re.search("[۰-۹٫]", persian.stdout)
    json.loads(persian.stdout)


# ---------------------------------------------------------------- every command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_lang_and_digits(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stdout
    assert "--lang" in result.stdout and "--digits" in result.stdout, command
    assert "CITYDIP_LANG" in result.stdout


# ---------------------------------------------------------------- reports in Persian

PANEL_SCENARIO = Path(__file__).resolve().parents[1] / "scenarios/illustrative/panel/scenario.yaml"
REPORTS = {
    "sensitivity": (["sensitivity", "--samples", "200"], "تحلیل حساسیت", "پذیرش رتبه"),
    "scores": (["scores", str(PANEL_SCENARIO)], "توافق امتیازدهندگان", "ضریب هماهنگی کندال"),
}


def citydip(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("command", REPORTS)
def test_reports_show_persian_headings_and_keep_their_json(command: str) -> None:
    args, heading, term = REPORTS[command]
    english = citydip(*args)
    persian = citydip(*args, "--lang", "fa")
    assert heading in persian and term in persian
    assert heading not in english
    plain = citydip(*args, "--format", "json")
    both = citydip(*args, "--format", "json", "--lang", "fa", "--digits", "fa")
    assert both == plain
    json.loads(both)
    if command == "scores":  # its CSV is a contract too: headers, summary and verdicts
        csv = citydip(*args, "--format", "csv")
        assert citydip(*args, "--format", "csv", "--lang", "fa", "--digits", "fa") == csv


def test_a_fresh_persian_help_lists_every_command_in_persian(tmp_path: Path) -> None:
    """The commands' modules are imported as ``--help`` asks for them (cli/app.py's
    COMMAND_MODULES), each command's help translated as it comes, with the other commands
    its module declares (``weights``, ``validate`` and ``criteria`` come with ``run``). In a
    fresh process: in this one, other tests have imported them all."""
    done = fresh_citydip(["--help", "--lang", "fa"], tmp_path, COLUMNS="250")
    assert done.returncode == 0, done.stderr
    for name, command in all_commands().items():
        english = command.__dict__.get("_citydip_english", command.help) or ""
        assert f" {name} " in done.stdout
        assert english.split(":")[0].split(".")[0][:25] not in done.stdout, name


def test_a_language_given_before_the_command_reaches_it_in_a_fresh_process(
    tmp_path: Path,
) -> None:
    """``citydip --lang fa criteria``: the root's ``--lang`` is handed down as the command's
    default, though the command's module is imported only after it is read (cli/app.py's
    ``_LanguageDefaults``); in this process other tests have imported every module."""
    done = fresh_citydip(["--lang", "fa", "criteria"], tmp_path, COLUMNS="120")
    assert done.returncode == 0, done.stderr
    assert "شبکه‌ها و مجامع چندجانبه" in done.stdout
    assert "Multilateral networks" not in done.stdout


def test_the_weights_table_is_titled_in_the_language_asked() -> None:
    english = run_citydip(["weights"], env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"})
    persian = run_citydip(
        ["weights", "--lang", "fa"], env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    )
    assert english.returncode == persian.returncode == 0, persian.stderr
    assert english.stdout.startswith("Weights — ")
    assert persian.stdout.startswith("وزن‌ها — ")
