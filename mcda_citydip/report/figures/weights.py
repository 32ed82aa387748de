"""The weights figure: each dimension's weight, and under it its indicators' global weights."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from msgspec import Struct

from mcda_citydip.i18n import N_, _, node_name
from mcda_citydip.report.figures.svg import (
    LIGHT_GREY,
    PALETTE,
    TEXT_GREY,
    Figure,
    inline_svg,
    joined,
    listing,
    new_figure,
    number,
    shorten,
    tint,
)
from mcda_citydip.report.figures.text import drawn, phrase

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from mcda_citydip.ahp.synthesis import Weights
    from mcda_citydip.model import Hierarchy

KIND = "weights"
DROPPED = "#BBBBBB"
ALT_DIMENSIONS = 8  # dimensions named in the alt text, heaviest first


class WeightRow(Struct, frozen=True):
    """One bar: a dimension (``dimension`` True) or an indicator under it."""

    node: str
    label: str
    weight: float
    colour: str
    dimension: bool
    dropped: bool = False
    ranking: float | None = None  # its weight in the ranking, when it differs


def drawn_label(node_id: str, name: str) -> str:
    """``id name`` for a bar's label (the name in the current language, see
    :func:`mcda_citydip.i18n.node_name`; Persian is shaped when the figure is written)."""
    if name == node_id:
        return node_id
    return f"{node_id} {name}"


def weight_rows(
    hierarchy: Hierarchy, weights: Weights, ranking: Mapping[str, float] | None
) -> list[WeightRow]:
    """Rows top to bottom: each child of the goal (the sum of its indicators' global
    weights, which is its local weight under AHP), then its indicators."""
    found = weights.global_weights
    used = None if ranking is None else {k: v for k, v in ranking.items() if v > 0}
    shift = used is not None and any(abs(used.get(k, 0.0) - w) > 5e-4 for k, w in found.items())
    rows = []
    flat = all(hierarchy.nodes[child].is_leaf for child in hierarchy.goal.children)
    for index, dimension in enumerate(hierarchy.goal.children):
        colour = PALETTE[0 if flat else index % len(PALETTE)]
        leaves = hierarchy.leaves_under(dimension)
        node = hierarchy.nodes[dimension]
        total = sum(found[leaf] for leaf in leaves)
        in_ranking = None if used is None or not shift else sum(used.get(x, 0.0) for x in leaves)
        rows.append(
            WeightRow(
                dimension,
                shorten(drawn_label(dimension, node_name(node)), 34),
                total,
                colour,
                True,
                dropped=used is not None and not any(leaf in used for leaf in leaves),
                ranking=in_ranking,
            )
        )
        if node.is_leaf:
            continue
        for leaf in leaves:
            name = drawn_label(leaf, node_name(hierarchy.nodes[leaf]))
            rows.append(
                WeightRow(
                    leaf,
                    "   " + shorten(name, 36),
                    found[leaf],
                    tint(colour, 0.45),
                    False,
                    dropped=used is not None and leaf not in used,
                    ranking=None if used is None or not shift else used.get(leaf, 0.0),
                )
            )
    return rows


def weights_figure(
    hierarchy: Hierarchy, weights: Weights, ranking: Mapping[str, float] | None = None
) -> Figure:
    """Horizontal bars: each dimension's weight, then its indicators' global weights,
    coloured by dimension (Okabe & Ito). With ``ranking`` (the weights the ranking used,
    e.g. ``RunResult.effective_weights``), indicators it leaves out or weighs 0 (dropped:
    no data) are hatched grey, and where dropping moved weight the ranking's weight is
    marked by a black tick."""
    rows = weight_rows(hierarchy, weights, ranking)
    alt = _alt(rows, weights.source)
    dropped = [r.node for r in rows if r.dropped and not r.dimension]
    if dropped:
        caption = _(
            "Indicator weights by dimension ({source}); {count} indicator(s) dropped for "
            "lack of data"
        ).format(source=weights.source, count=number(len(dropped)))
    else:
        caption = _("Indicator weights by dimension ({source})").format(source=weights.source)
    with new_figure(KIND, 2.6 + 0.42 * len(rows)) as figure:
        axes = figure.add_subplot()
        _draw(axes, rows)
        svg = inline_svg(figure, KIND, alt)
    return Figure(svg, alt, caption)


def _draw(axes: Axes, rows: list[WeightRow]) -> None:
    from matplotlib.artist import Artist
    from matplotlib.patches import Patch

    positions = list(range(len(rows)))
    for y, row in zip(positions, rows, strict=True):
        axes.barh(
            y,
            row.weight,
            height=0.78 if row.dimension else 0.6,
            color="white" if row.dropped else row.colour,
            edgecolor=DROPPED if row.dropped else row.colour,
            hatch="////" if row.dropped else None,
            linewidth=0.6,
        )
        end = max(row.weight, row.ranking or 0.0)
        axes.text(end, y, f" {_bar_label(row)}", va="center", fontsize=7.5, color=TEXT_GREY)
        if row.ranking is not None and not row.dropped:
            axes.plot([row.ranking] * 2, [y - 0.38, y + 0.38], color="black", linewidth=1.6)
    axes.set_yticks(positions, [r.label for r in rows])
    for tick, row in zip(axes.get_yticklabels(), rows, strict=True):
        tick.set_fontweight("bold" if row.dimension else "normal")
        if row.dropped:
            tick.set_color(TEXT_GREY)
    axes.tick_params(axis="y", length=0)
    axes.invert_yaxis()
    largest = max([r.weight for r in rows] + [r.ranking or 0.0 for r in rows] + [1e-9])
    axes.set_xlim(0, largest * (1.55 if any(r.ranking is not None for r in rows) else 1.25))
    axes.set_xlabel(phrase(_("weight (the dimensions' sum to 1)")), loc="left")
    axes.grid(axis="x", color=LIGHT_GREY, linewidth=0.5)
    axes.set_axisbelow(True)
    handles: list[Artist] = []
    if not all(r.dimension for r in rows):
        handles += [
            Patch(facecolor=TEXT_GREY, label=phrase(_("dimension"))),
            Patch(
                facecolor=tint(TEXT_GREY, 0.45), label=phrase(_("its indicators (global weight)"))
            ),
        ]
    if any(r.dropped for r in rows):
        dropped = phrase(_("dropped: no data"))
        handles.append(Patch(facecolor="white", edgecolor=DROPPED, hatch="////", label=dropped))
    if any(r.ranking is not None for r in rows):
        from matplotlib.lines import Line2D

        ranking = phrase(_("weight in the ranking"))
        handles.append(Line2D([], [], color="black", linewidth=1.6, label=ranking))
    figure = axes.get_figure()
    if figure is not None and handles:
        figure.legend(handles=handles, loc="outside upper center", ncols=2)


def _bar_label(row: WeightRow) -> str:
    """The weight written at a bar's end: ``0.120``, ``0.120 dropped`` (an indicator
    without data) or ``0.120 (ranking 0.150)``; left to right in every language, so that
    the number stays next to its bar."""
    weight = number(row.weight, ".3f")
    if row.dropped:
        return weight if row.dimension else drawn(_("{weight} dropped").format(weight=weight), "L")
    if row.ranking is not None:
        ranking = number(row.ranking, ".3f")
        return drawn(_("{weight} (ranking {ranking})").format(weight=weight, ranking=ranking), "L")
    return weight


def _alt(rows: list[WeightRow], source: str) -> str:
    dimensions = sorted((r for r in rows if r.dimension), key=lambda r: -r.weight)
    indicators = [r for r in rows if not r.dimension] or dimensions
    heaviest = max(indicators, key=lambda r: r.weight)
    named = [f"{r.node} {number(r.weight, '.3f')}" for r in dimensions[:ALT_DIMENSIONS]]
    parts = joined(named, N_("{items}, {item}"))
    if len(dimensions) > ALT_DIMENSIONS:
        parts = _("{items} and {count} more").format(
            items=parts, count=number(len(dimensions) - ALT_DIMENSIONS)
        )
    text = _("Weights ({source}) of the {count} dimensions: {weights}.").format(
        source=source, count=number(len(dimensions)), weights=parts
    )
    text += " " + _("The heaviest indicator is {indicator} ({weight}).").format(
        indicator=heaviest.node, weight=number(heaviest.weight, ".3f")
    )
    dropped = [r.node for r in indicators if r.dropped]
    if dropped:
        text += " " + _(
            "{count} of {total} indicators have no data and are dropped from the ranking "
            "(hatched): {indicators}."
        ).format(
            count=number(len(dropped)),
            total=number(len(indicators)),
            indicators=listing(dropped, 6),
        )
    return text
