"""Rating scales: the points an expert rates an indicator on, and what each point means.

An indicator's scale is declared in the criteria file (``scale:``, point → anchor text);
without one, the default 1–5 scale of the indicator's kind applies:

- *barrier* (a cost indicator: more of it is worse): 1 = no barrier … 5 = severe barriers;
- *activity* (a count, a count per year, projects per year): 1 = no documented activity …
  5 = a sustained, documented programme;
- *level* (anything else: a share, an amount, an index): 1 = none or negligible … 5 = among
  the highest of the region.

"Don't know" is always allowed and is a missing value, never a middle point. Pure
functions, no I/O.
"""

from __future__ import annotations

import math
from types import MappingProxyType

from mcda_citydip.i18n import N_
from mcda_citydip.model import Node, RatingScale

MAX_POINTS = 11  # a drop-down an expert can read at a glance (0–10 is the widest common scale)

ACTIVITY = (
    N_("no documented activity"),
    N_("isolated, one-off activity"),
    N_("occasional activity, some of it recurring"),
    N_("regular activity with documented results"),
    N_("sustained, documented programme"),
)
LEVEL = (
    N_("none or negligible"),
    N_("low for the region"),
    N_("about the regional average"),
    N_("high for the region"),
    N_("among the highest in the region"),
)
BARRIER = (
    N_("no barrier"),
    N_("minor barriers, easily worked around"),
    N_("moderate barriers that slow cooperation"),
    N_("serious barriers that block some cooperation"),
    N_("severe barriers that block most cooperation"),
)


def indicator_kind(node: Node) -> str:
    """``barrier``, ``activity`` or ``level``: which default anchors fit the indicator."""
    if node.direction == "cost":
        return "barrier"
    unit = node.unit.lower()
    if "count" in unit or "projects" in unit or "events" in unit or "number" in unit:
        return "activity"
    return "level"


def default_scale(node: Node) -> RatingScale:
    """The 1–5 anchored scale of the indicator's kind (module notes)."""
    anchors = {"barrier": BARRIER, "activity": ACTIVITY, "level": LEVEL}[indicator_kind(node)]
    return RatingScale(MappingProxyType(dict(enumerate(anchors, start=1))), declared=False)


def rating_scale(node: Node) -> RatingScale:
    """The indicator's declared scale, else the default of its kind."""
    return node.scale if node.scale is not None else default_scale(node)


def scale_text(scale: RatingScale) -> str:
    """``1–5`` for consecutive points, else the points listed: ``0, 2, 4``."""
    points = scale.points
    if points == tuple(range(points[0], points[-1] + 1)):
        return f"{points[0]}–{points[-1]}"
    return ", ".join(str(p) for p in points)


def rating_problem(scale: RatingScale, value: float) -> str | None:
    """Why ``value`` is not a point of ``scale`` (``None`` when it is)."""
    if math.isfinite(value) and value == int(value) and int(value) in scale.anchors:
        return None
    shown = f"{value:g}" if math.isfinite(value) else str(value)
    return (
        f"{shown} is not a point of the scale ({scale_text(scale)}); use one of its points, "
        "or leave the city out (don't know)"
    )


def scale_problems(anchors: dict[int, str]) -> list[str]:
    """What is wrong with a declared scale (point → anchor), as message tails."""
    if not 2 <= len(anchors) <= MAX_POINTS:
        return [f"a scale needs 2 to {MAX_POINTS} points, found {len(anchors)}; list the points"]
    if not any(text.strip() for text in anchors.values()):
        return ["no point has an anchor text; say what at least the lowest and highest mean"]
    return []


def in_unit(node: Node) -> bool:
    """Whether ratings of the indicator are values in its unit: no declared scale (ratings
    typed in the unit, as always), or a declared scale whose range is the unit (``unit:
    0–4`` with points 0 to 4). Only such ratings may sit beside measured values."""
    if node.scale is None:
        return True
    return node.unit.replace("-", "–").replace(" ", "") == scale_text(node.scale).replace(" ", "")
