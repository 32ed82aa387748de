"""The terminal front-end of an elicitation session (rich).

Every answer, skip or undo is saved at once, atomically, to the expert's judgments file,
so Ctrl-C, a closed terminal or a killed process loses nothing already given.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mcda_citydip.ahp.consistency import RANDOM_INDEX, cr_limit
from mcda_citydip.ahp.feedback import revision_hints
from mcda_citydip.ahp.matrix import RECIPROCAL, VERBAL_SCALE
from mcda_citydip.ahp.synthesis import NodeWeights, node_weights
from mcda_citydip.elicit.session import Pair, Session, node_pairs
from mcda_citydip.elicit.words import judgment_in_words
from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import (
    dump_judgments,
    folder_expert_file,
    format_value,
    parse_judgments,
    parse_value,
)
from mcda_citydip.files.judgments_edit import updated_text
from mcda_citydip.files.paths import exists
from mcda_citydip.files.scenario import Outline
from mcda_citydip.files.yamlio import ensure_folder, load_yaml, read_text, write_atomic
from mcda_citydip.i18n import N_, _, ngettext, node_description, node_name, shown_number
from mcda_citydip.report.panel import hint_text

KEYS = N_(
    "number or fraction = answer · Enter/s = skip · u = undo · n = skip rest of node · q = quit"
)
COLUMNS = (N_("node"), N_("answered"), N_("linked"), N_("CR"))
HEADER = (
    "Pairwise judgments of one expert, written by `citydip elicit` after every answer.\n"
    "Format: citydip/judgments version 1. `skipped` lists pairs the expert chose to leave out."
)

Ask = Callable[[str], str]
MAX_REVISIONS = 20  # rounds of hints offered for one node before moving on


def judgments_file(outline: Outline, expert: str, file: Path | None) -> Path:
    """Where the expert's answers go: ``--file``, or ``<judgments folder>/<expert>.yaml``."""
    problem = (
        f"{outline.source} (judgments): elicit needs 'judgments:' to name a folder (one file "
        "per expert); name one there, or pass --file PATH for this expert's file"
    )
    return folder_expert_file(outline.judgments, expert, file, problem)


def load_session(outline: Outline, expert: str, path: Path) -> Session:
    if not exists(path):
        return Session(outline.hierarchy, expert)
    saved = parse_judgments(load_yaml(path), outline.hierarchy)
    if saved.expert != expert:
        raise InputError(
            f"{path}: belongs to expert '{saved.expert}', not '{expert}'; use --expert "
            f"'{saved.expert}' or another --file"
        )
    return Session.resume(outline.hierarchy, saved)


#: The session keys as typed on the standard Persian keyboard (ISIRI 9147): the same key
#: gives ض q, ع u, د n, س s, ی d (and ي, its Arabic form), ؟ ? — accepted without switching
#: the keyboard's language.
PERSIAN_KEYS = {"ض": "q", "ع": "u", "د": "n", "س": "s", "ی": "d", "ي": "d", "؟": "?"}


class Terminal:
    """What every session's front-end shares: the console it prints on, the expert's answers
    one line at a time (``ask``), and whether the input ended at a prompt."""

    def __init__(self, console: Console, ask: Ask) -> None:
        self.console, self.ask = console, ask
        self.ended = False  # the end of input was reached at a prompt

    def prompt(self, text: str) -> str | None:
        """One answer typed by the expert; ``None`` at the end of input (stdin closed)."""
        try:
            answer = self.ask(text).strip()
        except EOFError:
            self.ended = True
            return None
        return PERSIAN_KEYS.get(answer, answer)


class Elicitation(Terminal):
    """Drives a session: asks, records, saves, and reviews each node's consistency."""

    def __init__(
        self, outline: Outline, session: Session, path: Path, console: Console, ask: Ask
    ) -> None:
        super().__init__(console, ask)
        self.outline, self.session, self.path = outline, session, path
        self.table = RANDOM_INDEX[outline.ahp.random_index]
        self.limit = cr_limit(outline.max_cr)

    def save(self) -> None:
        """Write the answers so far, atomically; an existing file keeps its hand-written
        comments and layout (:mod:`~mcda_citydip.files.judgments_edit`)."""
        path, judgments, hierarchy = self.path, self.session.judgments(), self.outline.hierarchy
        ensure_folder(path)
        text = (
            updated_text(read_text(path), judgments, hierarchy, str(path))
            if path.exists()
            else None
        )
        write_atomic(path, text or dump_judgments(judgments, hierarchy.inner, HEADER))

    def name(self, node_id: str) -> str:
        """The node's name in the session's language (its label there, else its name)."""
        return node_name(self.outline.hierarchy.nodes[node_id])

    def intro(self) -> None:
        table = Table(
            title=_("Saaty's scale: how much more important is A than B?"), title_justify="left"
        )
        table.add_column(_("value"), justify="right")
        table.add_column(_("meaning"))
        for value, meaning in VERBAL_SCALE:
            table.add_row(shown_number(value), _(meaning))
        table.add_row(shown_number("1/2 … 1/9"), _(RECIPROCAL))
        self.console.print(table)
        self.console.print(f"[dim]{_(KEYS)}[/]")
        done, remaining = len(self.session.answers), self.session.remaining()
        answers = ngettext("{count} answer saved", "{count} answers saved", done)
        left = ngettext("{count} pair left", "{count} pairs left", remaining)
        intro = _("Expert [bold]{expert}[/] · {answers} · {left} · file {path}")
        self.console.print(
            intro.format(
                expert=self.session.expert,
                answers=answers.format(count=shown_number(str(done))),
                left=left.format(count=shown_number(str(remaining))),
                path=self.path,
            )
        )

    def show_pair(self, pair: Pair) -> None:
        answered, total, connected = self.session.progress(pair.node)
        nodes = self.outline.hierarchy.nodes
        needed = shown_number(str(len(nodes[pair.node].children) - 1))
        status = (
            _("weights available")
            if connected
            else _("needs {count} linked pairs").format(count=needed)
        )
        heading = _("{node} · {name} · {answered}/{total} answered · {status}")
        self.console.rule(
            heading.format(
                node=pair.node,
                name=self.name(pair.node),
                answered=shown_number(str(answered)),
                total=shown_number(str(total)),
                status=status,
            )
        )
        for tag, item in (("A", pair.left), ("B", pair.right)):
            node = nodes[item]
            self.console.print(f"  [bold]{tag}[/] {item} — {node_name(node)}")
            if description := node_description(node):
                self.console.print(f"      [dim]{description}[/]")

    def step(self, pair: Pair) -> bool:
        """Ask one pair; False when the expert quits."""
        self.show_pair(pair)
        current = self.session.answers.get(pair)
        if current is not None:
            words = judgment_in_words(pair.left, pair.right, current)
            now = _("  now: {value} ({words}); Enter keeps it")
            self.console.print(
                now.format(value=shown_number(str(format_value(current))), words=words)
            )
        ask = _("A vs B ({scale}, {reciprocal} …; s, u, n, q) > ")
        typed = self.prompt(ask.format(scale=shown_number("1–9"), reciprocal=shown_number("1/3")))
        if typed is None or typed.lower() == "q":
            return False
        raw = typed.lower()
        if raw in ("", "s") and current is not None:
            return True  # a reopened node: Enter keeps the answer
        if raw in ("", "s"):
            self.session = self.session.skip(pair)
        elif raw == "u":
            self.session, undone = self.session.undo()
            message = (
                _("undid {left} vs {right}").format(left=undone.left, right=undone.right)
                if undone
                else _("nothing to undo")
            )
            self.console.print(f"[yellow]{message}[/]")
        elif raw == "n":
            if not self.session.progress(pair.node)[2]:
                unlinked = _(
                    "this node's answers do not yet link every item; "
                    "answer the first pairs before skipping the rest"
                )
                self.console.print(f"[yellow]{unlinked}[/]")
                return True
            self.session = self.session.skip(*_node_open_pairs(self.session, pair.node))
        else:
            value = parse_value(raw)
            if isinstance(value, str):
                refused = _("[red]{problem}[/]: use a value from {low} to {high}, or s, u, n, q")
                self.console.print(refused.format(problem=value, **_scale_ends()))
                return True
            self.session = self.session.answer(pair, value)
            self.echo(pair, value)
        self.save()
        return True

    def echo(self, pair: Pair, value: float) -> None:
        """The answer in words, so that a reversed answer is caught at once."""
        words = escape(judgment_in_words(pair.left, pair.right, value))
        self.console.print(f"  [cyan]→ {words}[/]")

    def node_stats(self, node: str) -> NodeWeights:
        return node_weights(
            node,
            self.outline.hierarchy.nodes[node].children,
            self.session.matrix(node),
            self.outline.ahp.priority,
            self.table,
            incomplete=self.outline.ahp.incomplete_random_index,
        )

    def is_tree(self, node: str) -> bool:
        """Whether the node's answers are a spanning tree: n − 1 judgments linking every
        item, which are consistent whatever they are (CR 0 by construction)."""
        answered, _total, connected = self.session.progress(node)
        return connected and answered == len(self.outline.hierarchy.nodes[node].children) - 1

    def review(self, node: str) -> bool:
        """λmax and CR of a finished node; while it is above the limit, the judgments whose
        revision lowers the CR most, recomputed on the current answers after every revision.
        False when the expert quits (``q``, or the end of input)."""
        items = self.outline.hierarchy.nodes[node].children
        if not self.session.progress(node)[2] or len(items) < 3:
            return True
        if self.is_tree(node):
            tree = _(
                "{node}: consistent by construction ({judgments} judgments linking {items} "
                "items: CR {zero}, but nothing checks them against each other)"
            )
            self.console.print(
                tree.format(
                    node=node,
                    judgments=shown_number(str(len(items) - 1)),
                    items=shown_number(str(len(items))),
                    zero=shown_number("0"),
                )
            )
            return True
        for _round in range(MAX_REVISIONS):
            stats = self.node_stats(node)
            cr = stats.consistency.cr
            verdict = (
                _(" [red]above {limit}[/]").format(limit=shown_number(str(self.limit)))
                if cr > self.limit
                else _(" [green]ok[/]")
            )
            line = _("{node}: λmax {lambda_max}, CR {cr}").format(
                node=node,
                lambda_max=shown_number(f"{stats.consistency.lambda_max:.4f}"),
                cr=shown_number(f"{cr:.3f}"),
            )
            self.console.print(line + verdict)
            if cr <= self.limit:
                return True
            revised = self.offer_revisions(node, items)
            if revised is None:
                return False
            if not revised:
                return True  # the expert keeps the answers as they are
        return True

    def offer_revisions(self, node: str, items: tuple[str, ...]) -> bool | None:
        """Show the hints one by one until the expert revises one (True), keeps them all
        (False) or quits (None)."""
        hints = revision_hints(
            self.session.matrix(node),
            items,
            self.outline.ahp.priority,
            self.table,
            incomplete=self.outline.ahp.incomplete_random_index,
        )
        for hint in hints:
            self.console.print(f"  {escape(hint_text(hint))}")
            while True:
                typed = self.prompt(_("  new value, Enter to keep, q to save and quit > "))
                if typed is None or typed.lower() == "q":
                    return None
                if not typed:
                    break
                value = parse_value(typed)
                if isinstance(value, float):
                    pair = Pair(node, hint.left, hint.right)
                    self.session = self.session.answer(pair, value)
                    self.echo(pair, value)
                    self.save()
                    return True
                refused = _("[red]{problem}[/]: type a value from {low} to {high}, or Enter")
                self.console.print(refused.format(problem=value, **_scale_ends()))
        return False

    def summary(self) -> None:
        table = Table(title=_("Completeness per node"), title_justify="left")
        for column in COLUMNS:
            table.add_column(_(column))
        for node in self.outline.hierarchy.inner:
            answered, total, connected = self.session.progress(node)
            cr = ""
            if connected and total > 1:
                cr = shown_number(f"{self.node_stats(node).consistency.cr:.3f}")
                if answered > 1 and self.is_tree(node):
                    cr = _("{cr} (by construction)").format(cr=cr)
            count = shown_number(f"{answered}/{total}")
            table.add_row(node, count, _("yes") if connected else _("no"), cr)
        self.console.print(table)
        kept = len(self.session.answers)
        saved = shown_number(str(kept))
        if self.ended:
            ended = ngettext(
                "End of input: {saved} answer is saved in {path}; run the same command "
                "again to go on",
                "End of input: {saved} answers are saved in {path}; run the same "
                "command again to go on",
                kept,
            )
            self.console.print(ended.format(saved=saved, path=self.path))
        else:
            said = ngettext(
                "Saved {saved} answer to {path}", "Saved {saved} answers to {path}", kept
            )
            self.console.print(said.format(saved=saved, path=self.path))

    def run(self, only: str | None = None) -> Session:
        """Ask every open pair, node by node (or every pair of node ``only``, answered ones
        included: Enter keeps an answer), reviewing each node when it is done."""
        self.intro()
        if only is not None:
            for reopened in node_pairs(self.outline.hierarchy, only):
                if not self.step(reopened):
                    self.summary()
                    return self.session
            self.review(only)
            self.summary()
            return self.session
        current: str | None = None
        while (pair := self.session.next_pair()) is not None:
            if current is not None and pair.node != current:
                if not self.review(current):
                    break
                pair = self.session.next_pair() or pair
            current = pair.node
            if not self.step(pair):
                break
        else:
            if current is not None:
                self.review(current)
        self.summary()
        return self.session


def _scale_ends() -> dict[str, str]:
    """The ends of Saaty's scale, as shown in the refusal of a typed value."""
    return {"low": shown_number("1/9"), "high": shown_number("9")}


def _node_open_pairs(session: Session, node: str) -> list[Pair]:
    return [
        p
        for p in node_pairs(session.hierarchy, node)
        if p not in session.answers and p not in session.skipped
    ]
