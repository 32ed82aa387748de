"""The state of an expert's rating session, as immutable values.

The expert rates candidate cities on indicators that open data cannot reach, one indicator
at a time, city by city in the alternatives table's order. Each cell gets a point of the
indicator's rating scale or "don't know". Both are *recorded*: saved to the expert's scores
file (``null`` for "don't know", a missing value, never a middle point), so a resumed session
does not ask them again. A *skipped* cell is not recorded: it is passed over for the rest of
this run only and asked again next time. The next cell is always the first one neither
recorded nor skipped, so a session rebuilt from the saved file resumes where the expert
stopped. Nothing here reads files or prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Literal

from msgspec import Struct, field
from msgspec.structs import replace

from mcda_citydip.model import ExpertScores, Hierarchy


class Cell(Struct, frozen=True, order=True):
    """One rating to give: a city on an indicator."""

    indicator: str
    city: str


class RatingAction(Struct, frozen=True):
    """One step of the session, enough to undo it: the cell and what it held before
    (``had`` False: nothing was recorded; else ``previous``, ``None`` for "don't know");
    ``also``: the other cells skipped by the same step (the rest of an indicator)."""

    kind: Literal["answer", "skip"]
    cell: Cell
    had: bool = False
    previous: float | None = None
    also: tuple[Cell, ...] = ()


def _empty() -> Mapping[Cell, float | None]:
    return MappingProxyType({})


class RatingSession(Struct, frozen=True):
    """Recorded cells so far (``None`` = don't know), this run's skips and history (for undo),
    and ``keep``: what the expert's file holds that this session does not ask (ratings of
    other indicators or cities, comparisons, description, illustrative), so saving never
    drops it."""

    hierarchy: Hierarchy
    expert: str
    alternatives: tuple[str, ...]
    indicators: tuple[str, ...]
    answers: Mapping[Cell, float | None] = field(default_factory=_empty)
    skipped: frozenset[Cell] = frozenset()
    history: tuple[RatingAction, ...] = ()
    keep: ExpertScores | None = None

    @classmethod
    def resume(
        cls,
        hierarchy: Hierarchy,
        alternatives: Sequence[str],
        indicators: Sequence[str],
        saved: ExpertScores,
    ) -> RatingSession:
        """Rebuild a session from a saved scores file: its ratings and "don't know"s of the
        asked cells become answers; everything else is kept as it is."""
        session = cls(hierarchy, saved.expert, tuple(alternatives), tuple(indicators))
        asked = set(session.order)
        answers: dict[Cell, float | None] = {}
        kept: dict[str, dict[str, float]] = {}
        unknown: dict[str, tuple[str, ...]] = {}
        for indicator, cells in saved.ratings.items():
            for city, value in cells.items():
                if Cell(indicator, city) in asked:
                    answers[Cell(indicator, city)] = value
                else:
                    kept.setdefault(indicator, {})[city] = value
        for indicator, cities in saved.unknown.items():
            for city in cities:
                if Cell(indicator, city) in asked:
                    answers[Cell(indicator, city)] = None
                else:
                    unknown[indicator] = (*unknown.get(indicator, ()), city)
        keep = replace(
            saved,
            ratings=MappingProxyType({k: MappingProxyType(v) for k, v in kept.items()}),
            unknown=MappingProxyType(unknown),
        )
        return replace(session, answers=MappingProxyType(answers), keep=keep)

    @property
    def order(self) -> tuple[Cell, ...]:
        """Every cell the session asks: indicator by indicator, city by city."""
        return tuple(Cell(k, city) for k in self.indicators for city in self.alternatives)

    def cells(self, indicator: str) -> tuple[Cell, ...]:
        return tuple(Cell(indicator, city) for city in self.alternatives)

    def is_open(self, cell: Cell) -> bool:
        return cell not in self.answers and cell not in self.skipped

    def next_cell(self) -> Cell | None:
        """The first cell neither recorded nor skipped in this run."""
        return next((cell for cell in self.order if self.is_open(cell)), None)

    def _record(self, cell: Cell, value: float | None) -> RatingSession:
        answers = dict(self.answers)
        action = RatingAction("answer", cell, cell in answers, answers.get(cell))
        answers[cell] = value
        return replace(
            self,
            answers=MappingProxyType(answers),
            skipped=self.skipped - {cell},
            history=(*self.history, action),
        )

    def answer(self, cell: Cell, value: float) -> RatingSession:
        """Record a rating (a point of the indicator's scale; the caller checks it)."""
        return self._record(cell, value)

    def dont_know(self, cell: Cell) -> RatingSession:
        """Record "don't know": saved, never asked again, and a missing value."""
        return self._record(cell, None)

    def skip(self, *cells: Cell) -> RatingSession:
        """Pass over open cells for the rest of this run, as one step (one undo takes them
        all back). Nothing is recorded: a skipped cell is asked again the next time the
        session runs."""
        open_cells = tuple(dict.fromkeys(c for c in cells if self.is_open(c)))
        if not open_cells:
            return self
        action = RatingAction("skip", open_cells[0], also=open_cells[1:])
        return replace(
            self,
            skipped=self.skipped | set(open_cells),
            history=(*self.history, action),
        )

    def undo(self) -> tuple[RatingSession, Cell | None]:
        """Take back the last action of this run; with none, the last recorded cell before
        the next one (a resumed session takes back the last answer saved). The cell undone
        is returned (``None``: nothing to undo)."""
        if self.history:
            action, history = self.history[-1], self.history[:-1]
        else:
            order = self.order
            upcoming = self.next_cell()
            before = order[: order.index(upcoming)] if upcoming is not None else order
            done = [cell for cell in before if cell in self.answers]
            if not done:
                return self, None
            action, history = RatingAction("answer", done[-1]), ()
        answers = dict(self.answers)
        if action.had:
            answers[action.cell] = action.previous
        else:
            answers.pop(action.cell, None)
        undone = replace(
            self,
            answers=MappingProxyType(answers),
            skipped=self.skipped - {action.cell, *action.also},
            history=history,
        )
        return undone, action.cell

    def remaining(self) -> int:
        """Cells neither recorded nor skipped."""
        return sum(1 for cell in self.order if self.is_open(cell))

    def progress(self, indicator: str) -> tuple[int, int]:
        """Cells of the indicator recorded (rated or don't know), and cells in all."""
        cells = self.cells(indicator)
        return sum(1 for c in cells if c in self.answers), len(cells)

    def tally(self, indicator: str) -> tuple[int, int, int]:
        """Cities of the indicator rated, answered "don't know", and left (not recorded)."""
        values = [self.answers[c] for c in self.cells(indicator) if c in self.answers]
        rated = sum(1 for v in values if v is not None)
        return rated, len(values) - rated, len(self.alternatives) - len(values)

    def scores(self, source: str = "") -> ExpertScores:
        """The recorded cells merged with ``keep``, as the expert's scores."""
        keep = self.keep
        ratings: dict[str, dict[str, float]] = {}
        unknown: dict[str, list[str]] = {}
        if keep is not None:
            for indicator, cells in keep.ratings.items():
                ratings[indicator] = dict(cells)
            for indicator, cities in keep.unknown.items():
                unknown[indicator] = list(cities)
        for cell in self.order:
            if cell not in self.answers:
                continue
            value = self.answers[cell]
            if value is None:
                unknown.setdefault(cell.indicator, []).append(cell.city)
            else:
                ratings.setdefault(cell.indicator, {})[cell.city] = value
        return ExpertScores(
            self.expert,
            source,
            MappingProxyType({k: MappingProxyType(v) for k, v in ratings.items() if v}),
            keep.comparisons if keep is not None else MappingProxyType({}),
            keep.illustrative if keep is not None else False,
            MappingProxyType({k: tuple(v) for k, v in unknown.items() if v}),
            keep.description if keep is not None else "",
        )
