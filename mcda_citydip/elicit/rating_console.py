"""The terminal front-end of a rating session (rich).

Every rating, "don't know" or undo is saved at once, atomically, to the expert's scores
file, so Ctrl-C, a closed terminal or a killed process loses nothing already given.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mcda_citydip.elicit.rating_session import Cell, RatingSession
from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import folder_expert_file
from mcda_citydip.files.paths import exists
from mcda_citydip.files.scores import dump_scores, load_scores
from mcda_citydip.files.yamlio import ensure_folder, write_atomic
from mcda_citydip.model import Hierarchy, RatingScale
from mcda_citydip.scales import indicator_kind, rating_problem, rating_scale, scale_text

KEYS = (
    "a point of the scale = rating · ? or d = don't know · Enter/s = skip (asked next time) · "
    "u = undo · n = skip the rest of this indicator · q = save and quit"
)
HEADER = (
    "Ratings of one expert, written by `citydip score` after every answer.\n"
    "Format: citydip/scores version 1. null = don't know (a missing value, never a middle point)."
)
DIRECTION = {
    "benefit": "benefit: a higher rating is better",
    "cost": "cost: a higher rating is worse",
}

Ask = Callable[[str], str]
Step = Literal["next", "again", "undo", "rest", "quit"]


def scores_file(scores_path: Path | None, expert: str, file: Path | None, source: str) -> Path:
    """Where the expert's ratings go: ``--file``, or the expert's file in the scenario's
    ``expert_scores:`` folder (:func:`~mcda_citydip.files.judgments.expert_file`)."""
    problem = (
        f"{source} (expert_scores): score needs 'expert_scores:' to name a folder (one "
        "file per expert); name one there, or pass --file PATH"
    )
    return folder_expert_file(scores_path, expert, file, problem)


def load_rating_session(
    hierarchy: Hierarchy,
    alternatives: Sequence[str],
    indicators: Sequence[str],
    expert: str,
    path: Path,
) -> RatingSession:
    """A new session, or the one saved in ``path`` (which must be this expert's file)."""
    if not exists(path):
        return RatingSession(hierarchy, expert, tuple(alternatives), tuple(indicators))
    saved = load_scores(path, hierarchy, tuple(alternatives))
    if saved.expert != expert:
        raise InputError(
            f"{path}: belongs to expert '{saved.expert}', not '{expert}'; use --expert "
            f"'{saved.expert}' or another --file"
        )
    return RatingSession.resume(hierarchy, alternatives, indicators, saved)


def point_text(scale: RatingScale, point: int) -> str:
    """``4 = regular activity …``; an unanchored point names its anchored neighbours."""
    anchor = scale.anchors.get(point, "")
    if anchor:
        return f"{point} = {anchor}"
    below = [p for p in scale.points if p < point and scale.anchors[p]]
    above = [p for p in scale.points if p > point and scale.anchors[p]]
    if below and above:
        return f"{point} (between {below[-1]} and {above[0]})"
    return str(point)


def answers(count: int) -> str:
    return _plural(count, "answer")


def _plural(count: int, one: str, many: str = "") -> str:
    return f"{count} {one}" if count == 1 else f"{count} {many or one + 's'}"


def _article(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _point(typed: str) -> float | None:
    try:
        return float(typed)
    except ValueError:
        return None


class RatingElicitation:
    """Drives a rating session: shows each indicator, asks each city, records, saves."""

    def __init__(
        self,
        hierarchy: Hierarchy,
        session: RatingSession,
        path: Path,
        console: Console,
        ask: Ask,
        alternatives: Sequence[str],
    ) -> None:
        self.hierarchy, self.session, self.path = hierarchy, session, path
        self.console, self.ask = console, ask
        self.alternatives = tuple(alternatives)
        self.ended = False  # the end of input was reached at a prompt
        self.undone: Cell | None = None  # the cell the last undo took back

    def save(self) -> None:
        """Write the ratings so far (and whatever the file held besides), atomically."""
        ensure_folder(self.path)
        text = dump_scores(self.session.scores(), self.hierarchy, self.alternatives, HEADER)
        write_atomic(self.path, text)

    def saved_count(self) -> int:
        """Ratings and "don't know"s in the file, those of other indicators included."""
        scores = self.session.scores()
        rated = sum(len(cells) for cells in scores.ratings.values())
        return rated + sum(len(cities) for cities in scores.unknown.values())

    def scale(self, indicator: str) -> RatingScale:
        return rating_scale(self.hierarchy.nodes[indicator])

    def intro(self) -> None:
        self.console.print(f"[dim]{escape(KEYS)}[/]")
        recorded = self.saved_count()
        self.console.print(
            f"Expert [bold]{escape(self.session.expert)}[/] · {answers(recorded)} saved · "
            f"{self.session.remaining()} cells left · "
            f"{_plural(len(self.session.indicators), 'indicator')} × "
            f"{_plural(len(self.alternatives), 'city', 'cities')} · "
            f"file {escape(str(self.path))}"
        )

    def show_indicator(self, indicator: str) -> None:
        node = self.hierarchy.nodes[indicator]
        scale = self.scale(indicator)
        self.console.print()
        self.console.rule(f"[bold]{escape(indicator)}[/] · {escape(node.name)}", style="cyan")
        facts = [f"unit of the data: {node.unit}" if node.unit else "no unit"]
        facts.append(DIRECTION.get(node.direction or "benefit", ""))
        self.console.print(f"  {escape(' · '.join(facts))}")
        if node.description:
            self.console.print(Padding(Text(node.description, style="dim"), (0, 0, 0, 2)))
        origin = (
            "declared in the criteria file"
            if scale.declared
            else f"the default scale of {_article(indicator_kind(node))} indicator"
        )
        table = Table(title=f"Rate {scale_text(scale)} ({origin})", title_justify="left")
        table.add_column("point", justify="right")
        table.add_column("meaning")
        for point in scale.points:
            table.add_row(str(point), escape(scale.anchors[point]) or "[dim]·[/]")
        table.add_row("?", "[dim]don't know (a missing value, never a middle point)[/]")
        self.console.print(table)

    def show_cell(self, cell: Cell) -> None:
        rated, unknown, _ = self.session.tally(cell.indicator)
        total = len(self.alternatives)
        extra = f" · {unknown} don't know" if unknown else ""
        self.console.rule(
            f"{escape(cell.indicator)} · {escape(cell.city)} · {rated}/{total} rated{extra}",
            align="left",
        )

    def prompt(self, text: str) -> str | None:
        """One answer typed by the expert; ``None`` at the end of input (stdin closed)."""
        try:
            return self.ask(text).strip()
        except EOFError:
            self.ended = True
            return None

    def answer_text(self, cell: Cell, value: float | None) -> str:
        if value is None:
            return "don't know"
        return point_text(self.scale(cell.indicator), int(value))

    def step(self, cell: Cell, reopened: bool = False) -> Step:
        """Ask one cell and act on the key typed (see ``KEYS``)."""
        self.show_cell(cell)
        scale = self.scale(cell.indicator)
        kept = reopened and cell in self.session.answers
        if kept:
            now = self.answer_text(cell, self.session.answers[cell])
            self.console.print(f"  now: {escape(now)}; Enter keeps it")
        typed = self.prompt(f"{escape(cell.city)} ({scale_text(scale)}; ?, s, u, n, q) > ")
        if typed is None or typed.lower() == "q":
            return "quit"
        raw = typed.lower()
        if raw in ("", "s"):
            if not kept:
                self.session = self.session.skip(cell)
            return "next"
        if raw == "n":
            open_cells = [c for c in self.session.cells(cell.indicator) if self.session.is_open(c)]
            self.session = self.session.skip(*open_cells)
            return "rest"
        if raw == "u":
            return self.undo(reopened)
        if raw in ("?", "d"):
            self.session = self.session.dont_know(cell)
        else:
            value = _point(raw)
            if value is None or rating_problem(scale, value) is not None:
                self.refuse(typed, scale)
                return "again"
            self.session = self.session.answer(cell, float(int(value)))
        self.echo(cell)
        self.save()
        return "next"

    def refuse(self, typed: str, scale: RatingScale) -> None:
        points = scale_text(scale)
        if "–" in points:
            points = f"a whole number from {points.replace('–', ' to ')}"
        else:
            points = f"one of {points}"
        value = _point(typed)
        shown = f"{value:g}" if value is not None and math.isfinite(value) else typed
        self.console.print(
            f"[red]{escape(shown)} is not a point of the scale; type {points}, "
            "or ? (don't know), s, u, n, q[/]"
        )

    def undo(self, reopened: bool) -> Step:
        if reopened and not self.session.history:
            self.console.print("[yellow]nothing to undo in this run[/]")
            return "again"
        self.session, undone = self.session.undo()
        self.undone = undone
        if undone is None:
            self.console.print("[yellow]nothing to undo[/]")
            return "again"
        self.console.print(f"[yellow]undid {escape(undone.indicator)} · {escape(undone.city)}[/]")
        self.save()
        return "undo"

    def echo(self, cell: Cell) -> None:
        """The answer with its anchor text, so that a slip is caught at once."""
        words = self.answer_text(cell, self.session.answers[cell])
        self.console.print(f"  [cyan]→ {escape(cell.city)}: {escape(words)}[/]")

    def ask_open(self) -> None:
        """Ask every open cell in order; a new indicator is introduced when it starts."""
        shown: str | None = None
        while (cell := self.session.next_cell()) is not None:
            if cell.indicator != shown:
                self.show_indicator(cell.indicator)
                shown = cell.indicator
            if self.step(cell) == "quit":
                return

    def reask(self, indicator: str) -> None:
        """Ask every city of one indicator again, recorded ones included (Enter keeps)."""
        self.show_indicator(indicator)
        cells = self.session.cells(indicator)
        i = 0
        while i < len(cells):
            outcome = self.step(cells[i], reopened=True)
            if outcome in ("quit", "rest"):
                return
            if outcome == "undo" and self.undone in cells:
                i = cells.index(self.undone)  # ask the undone city again
            elif outcome == "next":
                i += 1

    def summary(self) -> None:
        table = Table(title="Ratings per indicator", title_justify="left")
        table.add_column("indicator")
        table.add_column("name", overflow="ellipsis", max_width=48, no_wrap=True)
        for column in ("scale", "rated", "don't know", "left"):
            table.add_column(column, justify="right")
        for indicator in self.session.indicators:
            rated, unknown, left = self.session.tally(indicator)
            name = escape(self.hierarchy.nodes[indicator].name)
            scale = scale_text(self.scale(indicator))
            table.add_row(escape(indicator), name, scale, str(rated), str(unknown), str(left))
        self.console.print()
        self.console.print(table)
        recorded = self.saved_count()
        if self.ended:
            self.console.print(
                f"End of input: {answers(recorded)} saved in {escape(str(self.path))}; run "
                "the same command again to go on"
            )
        elif exists(self.path):
            self.console.print(f"Saved {answers(recorded)} to {escape(str(self.path))}")
        else:
            self.console.print(f"Nothing recorded; no file written ({escape(str(self.path))})")

    def run(self, only: str | None = None) -> RatingSession:
        """Ask every open cell, indicator by indicator (or every city of indicator ``only``,
        recorded ones included: Enter keeps an answer), then show the summary."""
        self.intro()
        if only is not None:
            self.reask(only)
        else:
            self.ask_open()
        self.summary()
        return self.session
