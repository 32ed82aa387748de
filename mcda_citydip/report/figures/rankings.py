"""Ranking figures: each method's scores, and SMAA-2 rank acceptability."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from mcda_citydip.i18n import N_, _
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
    rank_colours,
    shorten,
)
from mcda_citydip.report.figures.text import drawn, phrase

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from mcda_citydip.analysis import SensitivityReport
    from mcda_citydip.model import FloatArray
    from mcda_citydip.pipeline import RunResult
    from mcda_citydip.ranking.result import RankResult
    from mcda_citydip.sensitivity.smaa import SmaaResult

MAX_ROWS = 30  # alternatives shown in one ranking figure; the rest are said to be left out
SINGLE_RANKS = 15  # up to this many alternatives, a colour per rank; beyond, per group
NICE = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000)  # group ends
ROW_CM = 0.45
SCORE = N_("score")


def _ranked_label(rank: int, name: str, names: Mapping[str, str] | None = None) -> str:
    """``3. Doha``; with ``names`` (alternative → name in the current language), the name
    where there is one (shaped when the figure is written)."""
    shown = shorten((names or {}).get(name) or name, 32)
    return drawn(f"{number(rank)}. {shown}", base="L")


def _score_name(result: RankResult) -> str:
    """What the method's score is called, in the current language."""
    from mcda_citydip.ranking.methods import METHODS

    known = METHODS.get(result.method)
    return _(known.score_name if known is not None else SCORE)


def _methods(results: list[RankResult]) -> str:
    """``TOPSIS and VIKOR``."""
    return joined([r.method.upper() for r in results], N_("{items} and {item}"))


def _score_axis(result: RankResult) -> str:
    if result.higher_is_better:
        template = _("{method} {name} (higher is better →)")
    else:
        template = _("{method} {name} (← lower is better)")
    return phrase(template.format(method=result.method.upper(), name=_score_name(result)))


def scores_figure(run: RunResult, names: Mapping[str, str] | None = None) -> Figure:
    """One panel per method in ``run.results``: each city's score (a dot: VIKOR's best has
    Q = 0), cities in rank order (the first :data:`MAX_ROWS`), the direction of the score on
    the axis, and the VIKOR compromise set (``flags['compromise_set']``) marked. ``names``:
    alternative → the name to draw (the id where it has none)."""
    results = list(run.results.values())
    shown = min(len(run.alternatives), MAX_ROWS)
    height = sum(1.6 + ROW_CM * shown for _result in results) + 0.8
    alt = " ".join(_score_sentence(r) for r in results)
    if shown < len(run.alternatives):
        alt += " " + _first_of(shown, len(run.alternatives))
    with new_figure("scores", height) as figure:
        panels = figure.subplots(len(results), 1, squeeze=False)[:, 0]
        for axes, result in zip(panels, results, strict=True):
            _score_panel(axes, result, (shown, len(run.alternatives)), names)
        svg = inline_svg(figure, "scores", alt)
    caption = _("Scores of the cities by {methods}, in rank order").format(
        methods=_methods(results)
    )
    return Figure(svg, alt, caption)


def _first_of(shown: int, count: int) -> str:
    """The alt text's sentence on the cities left out of a figure."""
    return _("The figure shows the first {shown} of {count} cities.").format(
        shown=number(shown), count=number(count)
    )


def _score_panel(
    axes: Axes, result: RankResult, counts: tuple[int, int], names: Mapping[str, str] | None
) -> None:
    shown, total = counts
    order = result.order()[:shown]
    members = set(result.flags.get("compromise_set", ()))
    y = np.arange(len(order))
    values = [result.scores[a] for a in order]
    colours = [PALETTE[3] if a in members else PALETTE[0] for a in order]
    axes.hlines(y, 0, values, color=LIGHT_GREY, linewidth=1.0)
    axes.scatter(values, y, c=colours, s=28, zorder=3)
    for k, value in enumerate(values):
        axes.text(value, k, f"  {number(value, '.3f')}", va="center", fontsize=7.5,
                  color=TEXT_GREY)  # fmt: skip
    axes.set_yticks(y, [_ranked_label(result.ranks[a], a, names) for a in order])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(order) - 0.4, -0.6)
    axes.set_xlim(-0.02, max(1.0, *values) * 1.12)
    axes.set_xlabel(_score_axis(result))
    axes.grid(axis="x", color=LIGHT_GREY, linewidth=0.5)
    axes.set_axisbelow(True)
    title = result.method.upper()
    if shown < total:
        title = _("{method} (first {shown} of {count})").format(
            method=title, shown=number(shown), count=number(total)
        )
    axes.set_title(phrase(title))
    if members:
        from matplotlib.lines import Line2D

        mark = dict(marker="o", linestyle="", markersize=5)
        handles = [
            Line2D([], [], color=PALETTE[3], label=phrase(_("compromise set")), **mark),  # type: ignore[arg-type]
            Line2D([], [], color=PALETTE[0], label=phrase(_("other cities")), **mark),  # type: ignore[arg-type]
        ]
        axes.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2)


def _score_sentence(result: RankResult) -> str:
    order = result.order()
    head = joined(
        [f"{a} ({number(result.scores[a], '.3f')})" for a in order[:3]], N_("{items}, then {item}")
    )
    if result.higher_is_better:
        template = _("{method} ({name}, higher is better) ranks {cities}.")
    else:
        template = _("{method} ({name}, lower is better) ranks {cities}.")
    text = template.format(method=result.method.upper(), name=_score_name(result), cities=head)
    members = list(result.flags.get("compromise_set", ()))
    if members:
        text += " " + _("Its compromise set: {cities}.").format(cities=listing(members, 5))
    return text


def rank_bins(m: int, kept: int) -> list[tuple[int, int]]:
    """Ranks ``1…kept`` as ``(first, last)`` groups, one colour each: every rank when there
    are at most :data:`SINGLE_RANKS` alternatives, else 1, 2, 3, 4–5, 6–10, 11–20, 21–50, …
    (a colour per rank of 100 would not tell rank 3 from rank 8)."""
    if m <= SINGLE_RANKS:
        return [(r, r) for r in range(1, kept + 1)]
    bins, first, edge = [], 1, 0
    while first <= kept:
        last = min(NICE[edge] if edge < len(NICE) else 2 * (first - 1), kept)
        bins.append((first, last))
        first, edge = last + 1, edge + 1
    if len(bins) > 3 and bins[-1][1] - bins[-1][0] < (bins[-2][1] - bins[-2][0]) // 2:
        bins[-2:] = [(bins[-2][0], bins[-1][1])]  # no sliver of a last group (101–104)
    return bins


def acceptability_figure(
    report: SensitivityReport, names: Mapping[str, str] | None = None
) -> Figure:
    """SMAA-2 rank acceptability of one method: per alternative (baseline rank order, the
    first :data:`MAX_ROWS`), stacked shares of the draws giving it each rank (or group of
    ranks, :func:`rank_bins`), rank 1 darkest (cividis); ranks the output cap left out are
    one grey segment. The share of draws in which each is first is written at the right.
    ``names``: as for :func:`scores_figure`."""
    found = report.smaa
    shown = report.baseline.order()[:MAX_ROWS]
    accepted = found.rank_acceptability
    rows = np.array([accepted[found.alternatives.index(a)] for a in shown])
    bins = rank_bins(len(found.alternatives), rows.shape[1])
    shares = np.column_stack([rows[:, a - 1 : b].sum(axis=1) for a, b in bins])
    alt = _acceptability_alt(report, len(shown))
    kind = f"acceptability-{report.method}"
    with new_figure(kind, 3.6 + ROW_CM * len(shown)) as figure:
        axes, key = figure.subplots(2, 1, height_ratios=[ROW_CM * len(shown) + 1.4, 0.5])
        _acceptability(axes, report, shown, shares, names)
        _rank_key(key, bins, len(found.alternatives))
        svg = inline_svg(figure, kind, alt)
    caption = _(
        "{method}: how often each city takes each rank over {count} weight draws "
        "(SMAA-2 rank acceptability)"
    ).format(method=report.method.upper(), count=number(found.samples, ","))
    return Figure(svg, alt, caption)


def _acceptability(
    axes: Axes,
    report: SensitivityReport,
    shown: list[str],
    shares: FloatArray,
    names: Mapping[str, str] | None = None,
) -> None:
    found = report.smaa
    m = len(found.alternatives)
    colours = rank_colours(shares.shape[1])
    y = np.arange(len(shown))
    left = np.zeros(len(shown))
    for column, colour in zip(shares.T, colours, strict=True):
        some = column > 0  # no empty rectangles in the SVG
        axes.barh(y[some], column[some], left=left[some], color=colour, edgecolor="white",
                  linewidth=0.4)  # fmt: skip
        left += column
    rest = np.clip(1 - left, 0, 1)
    if np.any(rest > 1e-9):  # ranks the output cap left out
        axes.barh(y, rest, left=left, color=LIGHT_GREY, edgecolor="white", linewidth=0.4)
    for k, share in enumerate(
        found.rank_acceptability[[found.alternatives.index(a) for a in shown], 0]
    ):
        axes.text(1.01, k, number(share, ".0%"), va="center", fontsize=7.5, color=TEXT_GREY)
    axes.text(1.01, -0.9, phrase(_("first")), va="bottom", fontsize=7.5, color=TEXT_GREY)
    ranks = report.baseline.ranks
    axes.set_yticks(y, [_ranked_label(ranks[a], a, names) for a in shown])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(shown) - 0.4, -0.6)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(lambda x, _position: number(x, ".0%"))
    label = _("share of {count} draws ({draw})")
    axes.set_xlabel(phrase(label.format(count=number(found.samples, ","), draw=found.draw)))
    method = report.method.upper()
    if len(shown) < m:
        title = _("{method}: rank acceptability (first {shown} of {count} cities)").format(
            method=method, shown=number(len(shown)), count=number(m)
        )
    else:
        title = _("{method}: rank acceptability").format(method=method)
    axes.set_title(phrase(title))


def _rank_key(axes: Axes, bins: list[tuple[int, int]], m: int) -> None:
    """A strip of the rank colours, a cell per rank or group of ranks (rectangles: a
    colorbar with many colours would be a raster image)."""
    labels = [number(a) if a == b else f"{number(a)}–{number(b)}" for a, b in bins]
    colours = rank_colours(len(bins))
    kept = bins[-1][1] if bins else 0
    if kept < m:
        labels.append(f">{number(kept)}")
        colours.append(LIGHT_GREY)
    cells = np.arange(len(labels))
    axes.bar(cells, 1, width=1, color=colours, edgecolor="white", linewidth=0.6)
    step = 1 if len(labels) <= 20 else 5
    axes.set_xticks(cells[::step], labels[::step])
    axes.set_xlim(-0.5, len(labels) - 0.5)
    axes.set_yticks([])
    for side in ("left", "top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="x", length=0)
    axes.set_xlabel(phrase(_("rank (1 darkest)")))


def _acceptability_alt(report: SensitivityReport, shown: int) -> str:
    found: SmaaResult = report.smaa
    top = report.baseline.order()[0]
    first = found.rank_acceptability[:, 0]
    share = first[found.alternatives.index(top)]
    text = _(
        "{method}, {count} draws ({draw}): {city}, first at the scenario's weights, is first "
        "in {share} of the draws"
    ).format(
        method=report.method.upper(),
        count=number(found.samples, ","),
        draw=found.draw,
        city=top,
        share=number(share, ".0%"),
    )
    rivals = sorted(
        ((float(s), a) for a, s in zip(found.alternatives, first, strict=True) if a != top),
        key=lambda pair: -pair[0],
    )
    if rivals and rivals[0][0] > 0:
        rival = _("{city} is first in {share}").format(
            city=rivals[0][1], share=number(rivals[0][0], ".0%")
        )
        text = _("{text}; {more}").format(text=text, more=rival)
    text += "."
    if shown < len(found.alternatives):
        text += " " + _first_of(shown, len(found.alternatives))
    return text
