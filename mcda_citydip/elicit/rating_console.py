"""The terminal front-end of a rating session (rich).

Every rating, "don't know" or undo is saved at once, atomically, to the expert's scores
file, so Ctrl-C, a closed terminal or a killed process loses nothing already given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mcda_citydip.elicit.console import Ask, Terminal
from mcda_citydip.elicit.rating_session import Cell, RatingSession
from mcda_citydip.errors import InputError
from mcda_citydip.files.judgments import folder_expert_file
from mcda_citydip.files.numbers import number_hint, parse_number
from mcda_citydip.files.paths import exists
from mcda_citydip.files.scores import dump_scores, load_scores
from mcda_citydip.files.scores_edit import updated_scores_text
from mcda_citydip.files.yamlio import ensure_folder, read_text, write_atomic
from mcda_citydip.i18n import N_, _, anchor_text, ngettext, node_description, node_name
from mcda_citydip.i18n import shown_number as num
from mcda_citydip.model import Hierarchy, RatingScale
from mcda_citydip.scales import (
    ACTIVITY,
    BARRIER,
    LEVEL,
    indicator_kind,
    rating_problem,
    rating_scale,
    scale_text,
)

KEYS = N_(
    "a point of the scale = rating · ? or d = don't know · Enter/s = skip (asked next time) · "
    "u = undo · n = skip the rest of this indicator · q = save and quit"
)
HEADER = (
    "Ratings of one expert, written by `citydip score` after every answer.\n"
    "Format: citydip/scores version 1. null = don't know (a missing value, never a middle point)."
)
DIRECTION = {
    "benefit": N_("benefit: a higher rating is better"),
    "cost": N_("cost: a higher rating is worse"),
}
#: Where an indicator's scale comes from when the criteria file declares none, per kind.
DEFAULT_ORIGIN = {
    "activity": N_("the default scale of an activity indicator"),
    "barrier": N_("the default scale of a barrier indicator"),
    "level": N_("the default scale of a level indicator"),
}
#: The anchors of the default scales (marked for the catalogue in :mod:`mcda_citydip.scales`);
#: :func:`~mcda_citydip.i18n.anchor_text` shows them.
DEFAULT_ANCHORS = (*ACTIVITY, *LEVEL, *BARRIER)
#: The count columns of the end-of-session table (after indicator, name).
SUMMARY_COUNTS = (N_("scale"), N_("rated"), N_("don't know"), N_("left"))

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
    anchor = anchor_text(scale, point)
    if anchor:
        return f"{num(str(point))} = {anchor}"
    below = [p for p in scale.points if p < point and scale.anchors[p]]
    above = [p for p in scale.points if p > point and scale.anchors[p]]
    if below and above:
        between = _("{point} (between {low} and {high})")
        return between.format(
            point=num(str(point)), low=num(str(below[-1])), high=num(str(above[0]))
        )
    return num(str(point))


def answers(count: int) -> str:
    """``3 answers``, in the session's language and digits."""
    return ngettext("{count} answer", "{count} answers", count).format(count=num(str(count)))


def _indicators(count: int) -> str:
    return ngettext("{count} indicator", "{count} indicators", count).format(count=num(str(count)))


def _cities(count: int) -> str:
    return ngettext("{count} city", "{count} cities", count).format(count=num(str(count)))


def _point(typed: str) -> float | None:
    """A typed point (``4``, ``۴`` or ``٤``: :func:`parse_number`), ``None`` when not a number."""
    return parse_number(typed)


class RatingElicitation(Terminal):
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
        super().__init__(console, ask)
        self.hierarchy, self.session, self.path = hierarchy, session, path
        self.alternatives = tuple(alternatives)
        self.undone: Cell | None = None  # the cell the last undo took back

    def save(self) -> None:
        """Write the ratings so far (and whatever the file held besides), atomically."""
        ensure_folder(self.path)
        scores = self.session.scores()
        kept = (
            updated_scores_text(
                read_text(self.path), scores, self.hierarchy, self.alternatives, str(self.path)
            )
            if self.path.exists()
            else None
        )  # the file's hand-written comments and layout stay
        write_atomic(
            self.path, kept or dump_scores(scores, self.hierarchy, self.alternatives, HEADER)
        )

    def saved_count(self) -> int:
        """Ratings and "don't know"s in the file, those of other indicators included."""
        scores = self.session.scores()
        rated = sum(len(cells) for cells in scores.ratings.values())
        return rated + sum(len(cities) for cities in scores.unknown.values())

    def scale(self, indicator: str) -> RatingScale:
        return rating_scale(self.hierarchy.nodes[indicator])

    def intro(self) -> None:
        self.console.print(f"[dim]{escape(_(KEYS))}[/]")
        intro = _(
            "Expert [bold]{expert}[/] · {answers} saved · {left} cells left · "
            "{indicators} × {cities} · file {path}"
        )
        self.console.print(
            intro.format(
                expert=escape(self.session.expert),
                answers=answers(self.saved_count()),
                left=num(str(self.session.remaining())),
                indicators=_indicators(len(self.session.indicators)),
                cities=_cities(len(self.alternatives)),
                path=escape(str(self.path)),
            )
        )

    def show_indicator(self, indicator: str) -> None:
        node = self.hierarchy.nodes[indicator]
        scale = self.scale(indicator)
        self.console.print()
        self.console.rule(f"[bold]{escape(indicator)}[/] · {escape(node_name(node))}", style="cyan")
        unit = _("unit of the data: {unit}").format(unit=node.unit) if node.unit else _("no unit")
        facts = [unit, _(DIRECTION[node.direction or "benefit"])]
        self.console.print(f"  {escape(' · '.join(facts))}")
        if description := node_description(node):
            self.console.print(Padding(Text(description, style="dim"), (0, 0, 0, 2)))
        origin = (
            _("declared in the criteria file")
            if scale.declared
            else _(DEFAULT_ORIGIN[indicator_kind(node)])
        )
        title = _("Rate {scale} ({origin})").format(scale=num(scale_text(scale)), origin=origin)
        table = Table(title=title, title_justify="left")
        table.add_column(_("point"), justify="right")
        table.add_column(_("meaning"))
        for point in scale.points:
            table.add_row(num(str(point)), escape(anchor_text(scale, point)) or "[dim]·[/]")
        dont_know = _("don't know (a missing value, never a middle point)")
        table.add_row("?", f"[dim]{dont_know}[/]")
        self.console.print(table)

    def show_cell(self, cell: Cell) -> None:
        rated, unknown, _left = self.session.tally(cell.indicator)
        extra = _(" · {unknown} don't know").format(unknown=num(str(unknown))) if unknown else ""
        heading = _("{indicator} · {city} · {rated}/{total} rated{extra}")
        self.console.rule(
            heading.format(
                indicator=escape(cell.indicator),
                city=escape(cell.city),
                rated=num(str(rated)),
                total=num(str(len(self.alternatives))),
                extra=extra,
            ),
            align="left",
        )

    def answer_text(self, cell: Cell, value: float | None) -> str:
        if value is None:
            return _("don't know")
        return point_text(self.scale(cell.indicator), int(value))

    def step(self, cell: Cell, reopened: bool = False) -> Step:
        """Ask one cell and act on the key typed (see ``KEYS``)."""
        self.show_cell(cell)
        scale = self.scale(cell.indicator)
        kept = reopened and cell in self.session.answers
        if kept:
            now = self.answer_text(cell, self.session.answers[cell])
            self.console.print(_("  now: {answer}; Enter keeps it").format(answer=escape(now)))
        ask = _("{city} ({scale}; ?, s, u, n, q) > ")
        typed = self.prompt(ask.format(city=escape(cell.city), scale=num(scale_text(scale))))
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
        if "–" in scale_text(scale):  # consecutive points
            low, high = num(str(scale.points[0])), num(str(scale.points[-1]))
            points = _("a whole number from {low} to {high}").format(low=low, high=high)
        else:
            points = _("one of {points}").format(points=num(scale_text(scale)))
        value = _point(typed)
        shown = num(f"{value:g}") if value is not None and math.isfinite(value) else typed
        refused = _(
            "{typed} is not a point of the scale{hint}; type {points}, "
            "or ? (don't know), s, u, n, q"
        )
        refused = refused.format(typed=shown, hint=number_hint(typed), points=points)
        self.console.print(f"[red]{escape(refused)}[/]")

    def undo(self, reopened: bool) -> Step:
        if reopened and not self.session.history:
            self.console.print(f"[yellow]{_('nothing to undo in this run')}[/]")
            return "again"
        self.session, undone = self.session.undo()
        self.undone = undone
        if undone is None:
            self.console.print(f"[yellow]{_('nothing to undo')}[/]")
            return "again"
        undid = _("undid {indicator} · {city}")
        undid = undid.format(indicator=escape(undone.indicator), city=escape(undone.city))
        self.console.print(f"[yellow]{undid}[/]")
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
        table = Table(title=_("Ratings per indicator"), title_justify="left")
        table.add_column(_("indicator"))
        table.add_column(_("name"), overflow="ellipsis", max_width=48, no_wrap=True)
        for column in SUMMARY_COUNTS:
            table.add_column(_(column), justify="right")
        for indicator in self.session.indicators:
            counts = [num(str(count)) for count in self.session.tally(indicator)]
            name = escape(node_name(self.hierarchy.nodes[indicator]))
            scale = num(scale_text(self.scale(indicator)))
            table.add_row(escape(indicator), name, scale, *counts)
        self.console.print()
        self.console.print(table)
        recorded, path = answers(self.saved_count()), escape(str(self.path))
        if self.ended:
            ended = _(
                "End of input: {answers} saved in {path}; run the same command again to go on"
            )
            self.console.print(ended.format(answers=recorded, path=path))
        elif exists(self.path):
            self.console.print(_("Saved {answers} to {path}").format(answers=recorded, path=path))
        else:
            nothing = _("Nothing recorded; no file written ({path})")
            self.console.print(nothing.format(path=path))

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
