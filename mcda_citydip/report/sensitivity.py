"""Rendering of a sensitivity report: rich tables for the terminal, JSON for machines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import Group, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from mcda_citydip.analysis import SensitivityReport, summary_sentences
from mcda_citydip.i18n import N_, _, ngettext, translated
from mcda_citydip.report.cells import terminal_text
from mcda_citydip.report.render import shallow_json_chunks
from mcda_citydip.report.terminal import _fmt

MAX_RANK_COLUMNS = 5
MAX_ROWS = 50  # alternatives shown in the acceptability table (best baseline ranks first)
MAX_NAMED = 10  # removals named in the rank-reversal line
#: What a one-at-a-time sweep moves, as shown (the JSON keeps the kind as it is).
KINDS = {"dimension": N_("dimension"), "indicator": N_("indicator")}


def acceptability_table(report: SensitivityReport) -> Table:
    """Rank acceptability (share of draws at each rank), central weights' top indicator,
    confidence factor; alternatives in baseline order, the first ``MAX_ROWS`` of them."""
    result = report.smaa
    m = len(result.alternatives)
    kept = result.rank_counts.shape[1]
    shown = min(m, MAX_RANK_COLUMNS)
    table = Table(
        title=ngettext(
            "SMAA-2 rank acceptability — {method}, {count} draw ({draw})",
            "SMAA-2 rank acceptability — {method}, {count} draws ({draw})",
            result.samples,
        ).format(
            method=report.method.upper(),
            count=f"{result.samples:,}",
            draw=translated(result.draw),
        ),
        title_justify="left",
    )
    table.add_column(_("alternative"))
    table.add_column(_("base"), justify="right")
    for k in range(shown):
        table.add_column(_("r{rank}").format(rank=k + 1), justify="right")
    if m > shown:
        table.add_column(_("r{rank}+").format(rank=shown + 1), justify="right")
    table.add_column(_("conf."), justify="right")
    table.add_column(_("central: top w*"))
    acceptability = result.rank_acceptability
    base = report.baseline.ranks
    separating = set(report.support.discriminating) if report.support is not None else None
    order = sorted(range(m), key=lambda i: (base[result.alternatives[i]], i))
    for i in order[:MAX_ROWS]:
        row = acceptability[i]
        won = result.rank_counts[i, 0] > 0
        central = result.central_weights[i]
        heaviest = _heaviest(result.criteria, central, separating) if won else "–"
        beyond = row[shown:].sum() if kept == m else max(0.0, 1.0 - row[:shown].sum())
        rest = [f"{beyond:.2f}"] if m > shown else []
        cells = (f"{row[k]:.2f}" if row[k] else "·" for k in range(shown))
        name = result.alternatives[i]
        table.add_row(name, str(base[name]), *cells, *rest, f"{result.confidence[i]:.2f}", heaviest)
    caption = [_("* among the indicators that differ between the alternatives")]
    if m > MAX_ROWS:
        caption.append(
            _("the first {shown} of {count} alternatives; --format json lists all").format(
                shown=MAX_ROWS, count=f"{m:,}"
            )
        )
    table.caption = "; ".join(caption)
    return table


def _heaviest(criteria: tuple[str, ...], central: Any, separating: set[str] | None) -> str:
    """The heaviest central weight among the indicators that separate the alternatives: an
    indicator equal for every alternative takes weight in every draw but decides nothing."""
    keep = [k for k, c in enumerate(criteria) if separating is None or c in separating]
    if not keep:
        return "–"
    best = max(keep, key=lambda k: float(central[k]))
    return f"{criteria[best]} {float(central[best]):.2f}"


def thresholds_table(report: SensitivityReport) -> Table:
    th = report.thresholds
    table = Table(
        title=_(
            "Critical thresholds for the top ({top}): smallest change of one weight, "
            "as a fraction of it"
        ).format(top=th.top),
        title_justify="left",
    )
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        (_("indicator"), "left"),
        (_("weight"), "right"),
        (_("change"), "right"),
        ("%", "right"),
        (_("new weight"), "right"),
        (_("new top"), "left"),
    )
    for column, justify in columns:
        table.add_column(column, justify=justify)
    for name, c in th.criteria.items():
        mark = " ◀ " + _("most critical") if name == th.most_critical else ""
        table.add_row(
            name,
            _fmt(c.weight),
            _("none") if c.top is None else f"{c.top:+.4f}",
            "" if c.percent is None else f"{c.percent:+.1f}",
            _fmt(c.top_weight),
            (c.new_top or "") + mark,
        )
    return table


def oat_table(report: SensitivityReport) -> Table:
    table = Table(
        title=_("One-at-a-time sweeps: weight interval keeping the same top"),
        title_justify="left",
    )
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        (_("target"), "left"),
        (_("kind"), "left"),
        (_("current"), "right"),
        (_("from"), "right"),
        (_("to"), "right"),
        (_("top"), "left"),
        (_("overtaken by"), "left"),
    )
    for column, justify in columns:
        table.add_column(column, justify=justify)
    targets_of = report.oat.indicators
    for targets in (report.oat.dimensions, report.oat.indicators):
        for name, t in targets.items():
            if len(t.members) == 1 and t.kind == "dimension" and t.members[0] in targets_of:
                continue  # the same sweep as its one indicator's, listed below
            lo, hi = t.interval
            by = ", ".join(dict.fromkeys(x for x in (t.below, t.above) if x)) or "—"
            table.add_row(
                name, _(KINDS.get(t.kind, t.kind)), _fmt(t.current), _fmt(lo), _fmt(hi), t.top, by
            )
    return table


def agreement_table(report: SensitivityReport) -> Table:
    data = report.agreement.to_data()
    methods = data["methods"]
    table = Table(
        title=_(
            "Method agreement (rs Spearman · rw weighted Spearman · WS, the first method of "
            "each pair as reference)"
        ),
        title_justify="left",
    )
    table.add_column(_("pair"))
    for coefficient in (_("rs"), _("rw"), _("ws")):  # symbols, translated as such
        table.add_column(coefficient, justify="right")
    for i, a in enumerate(methods):
        for b in methods[i + 1 :]:
            values = [data["correlations"][c][a][b] for c in ("rs", "rw", "ws")]
            table.add_row(
                _("{first} vs {second}").format(first=a, second=b), *(_fmt(v, 3) for v in values)
            )
    return table


def reversal_text(report: SensitivityReport) -> Text:
    result = report.reversal
    changed = [case for case in result.removed if case.changed]
    named = "; ".join(
        ngettext(
            "{alternative} is removed ({count} pair)",
            "{alternative} is removed ({count} pairs)",
            c.count,
        ).format(alternative=c.alternative, count=c.count)
        for c in changed[:MAX_NAMED]
    )
    if len(changed) > MAX_NAMED:
        more = len(changed) - MAX_NAMED
        named += "; " + ngettext(
            "and {count} more removal", "and {count} more removals", more
        ).format(count=f"{more:,}")
    every = len(result.removed) == len(result.alternatives)
    if changed:
        removed = _("the order of the others changes when {named}").format(named=named)
    elif every:
        removed = _("removing any one alternative leaves the order of the others as it is")
    else:
        removed = _(
            "removing any of the alternatives checked (see the notes) leaves the order of "
            "the others as it is"
        )
    added = result.added
    if added.changed:
        copied = ngettext(
            "{count} pair of the others changes order",
            "{count} pairs of the others change order",
            added.count,
        ).format(count=added.count)
    else:
        copied = _("the order of the others is unchanged")
    lines = [
        _("Rank reversal ({method}): {what}").format(method=report.method, what=removed),
        _("Adding a copy of the worst ({alternative}): {what}").format(
            alternative=added.alternative, what=copied
        ),
    ]
    return Text("\n".join(lines))


def sensitivity_renderable(report: SensitivityReport) -> RenderableType:
    """Per method run: acceptability, thresholds, sweeps and rank reversal; then method
    agreement, conventions and notes once."""
    methods = _(" and ").join(r.method.upper() for r in report.reports)
    partial = report.support is not None and report.support.partial
    parts: list[RenderableType] = [
        Text(
            terminal_text(
                _("{scenario} — sensitivity of {methods}").format(
                    scenario=report.scenario, methods=methods
                )
            ),
            style="bold",
        ),
        *(
            Text(
                terminal_text(translated(line)),
                style="bold red" if partial and "PARTIAL" in line else "",
            )
            for line in summary_sentences(report)
        ),
    ]
    for one in report.reports:
        if len(report.reports) > 1:
            parts.append(Text(f"\n{one.method.upper()}", style="bold underline"))
        parts += [acceptability_table(one), thresholds_table(one), oat_table(one)]
        parts.append(reversal_text(one))
    parts.append(agreement_table(report))
    conventions: dict[str, Any] = {}
    for one in report.reports:
        conventions.update(one.smaa.conventions)
    conventions["seed"] = report.smaa.seed
    conventions.pop("method", None)
    parts.append(Text(_("Conventions:"), style="dim"))
    parts += [Text(f"  {k}: {_readable(v)}", style="dim") for k, v in conventions.items()]
    options = "; ".join(f"{r.method}: {r.smaa.conventions['method']}" for r in report.reports)
    parts.append(Text(_("Methods: {options}").format(options=options), style="dim"))
    parts += [
        Text(_("Note: {note}").format(note=translated(note)), style="dim")
        for note in report.all_notes
    ]
    return Group(*parts)


def _readable(value: Any) -> str:
    """A convention as a person reads it: mappings as ``key: value`` pairs, lists joined."""
    if isinstance(value, dict):
        return "; ".join(f"{k} {_readable(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_readable(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return terminal_text(str(value))


#: Levels of the sensitivity JSON written one member per line (the top level, the methods,
#: each method's analyses and their members); anything deeper, such as one alternative's row
#: of rank shares, is on one line.
JSON_LEVELS = 4


def sensitivity_json(report: SensitivityReport) -> str:
    return "".join(sensitivity_json_chunks(report))


def sensitivity_json_chunks(report: SensitivityReport) -> Iterator[str]:
    """The text of :func:`sensitivity_json` in pieces, for writing as it is made: the whole
    text of a large run (hundreds of MB) is never held at once. The first
    :data:`JSON_LEVELS` levels have one member per line; deeper values are on one line,
    written by Python's C encoder (:func:`~mcda_citydip.report.render.shallow_json_chunks`)."""
    return shallow_json_chunks(report.to_data(), JSON_LEVELS)
