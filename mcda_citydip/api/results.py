"""What the Python API returns: small frozen classes over the library's results, each with
``to_frame()`` (a pandas DataFrame), ``to_dict()`` (the data of the CLI's JSON) and
``_repr_html_()`` (a compact, escaped table for notebooks)."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct

# The fields' types are imported at run time: a Struct's signature (help(), inspect, pydoc)
# is made from its annotations (tests/test_records.py).
from mcda_citydip.ahp.synthesis import Weights
from mcda_citydip.analysis import SensitivityReport
from mcda_citydip.errors import MethodError
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.i18n import _, ngettext
from mcda_citydip.model import GOAL, Hierarchy
from mcda_citydip.pipeline import RunResult

if TYPE_CHECKING:
    import pandas as pd

#: Rows a notebook table shows before it says how many more there are.
SHOWN_ROWS = 60


def _cell(value: Any) -> str:
    """A table cell: numbers right-aligned (4 decimals, or 4 significant digits when very
    large or small), booleans as ✓, text escaped."""
    if isinstance(value, bool):
        return "<td>✓</td>" if value else "<td></td>"
    if isinstance(value, int | float):
        number = float(value)
        if isinstance(value, int) or math.isnan(number):
            shown = "" if math.isnan(number) else str(value)
        elif number == 0 or 1e-4 <= abs(number) < 1e6:
            shown = f"{number:.4f}"
        else:
            shown = f"{number:.4g}"
        return f'<td style="text-align:right">{shown}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def html_table(
    title: str, heads: Sequence[str], rows: Iterable[Sequence[Any]], lines: Sequence[str] = ()
) -> str:
    """A compact HTML table with a caption (and ``lines`` under it), every text escaped."""
    rows = list(rows)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows[:SHOWN_ROWS])
    more = len(rows) - SHOWN_ROWS
    if more > 0:
        shown = _("… {count} more rows (to_frame() has them all)").format(count=more)
        body += f'<tr><td colspan="{len(heads)}">{html.escape(shown)}</td></tr>'
    from mcda_citydip.i18n import translated

    notes = "".join(f"<p><strong>{html.escape(translated(line))}</strong></p>" for line in lines)
    return (
        f'<div class="citydip">{notes}<table><caption style="text-align:left">'
        f"<b>{html.escape(title)}</b></caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def depth_first(hierarchy: Hierarchy) -> list[str]:
    """Every node but the goal, parents before their children, in file order."""
    order: list[str] = []
    stack = list(reversed(hierarchy.goal.children))
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(hierarchy.nodes[node].children))
    return order


def _json_data(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as the CLI's JSON holds it: plain types, no NaN (the CLI's encoder)."""
    found: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False))
    return found


def _experts(count: int) -> str:
    if not count:
        return ""
    return " (" + ngettext("{count} expert", "{count} experts", count).format(count=count) + ")"


class Study(Struct, frozen=True):
    """A checked scenario: hierarchy, alternatives × indicators, weights or judgments,
    methods. Made by :func:`load` (a scenario file) or :func:`build` (a table)."""

    scenario: Scenario

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def alternatives(self) -> tuple[str, ...]:
        problem = self.scenario.problem
        return problem.alternatives if problem is not None else ()

    @property
    def indicators(self) -> tuple[str, ...]:
        return self.scenario.hierarchy.leaves

    def to_frame(self) -> pd.DataFrame:
        """The decision matrix as read: alternatives × indicators (NaN: no value)."""
        import pandas as pd

        problem = self.scenario.problem
        if problem is None:
            return pd.DataFrame(columns=list(self.indicators))
        frame = pd.DataFrame(problem.matrix, index=list(problem.alternatives))
        frame.columns = pd.Index(list(problem.criteria), name="indicator")
        frame.index.name = "alternative"
        return frame

    def _repr_html_(self) -> str:
        s = self.scenario
        weights = "direct" if s.direct_weights is not None else s.weights_rule or "AHP"
        rows = [
            (_("alternatives"), len(self.alternatives)),
            (_("indicators"), len(self.indicators)),
            (_("weights"), weights + _experts(len(s.experts))),
            (_("methods"), ", ".join(s.methods)),
        ]
        return html_table(s.name, ("", ""), rows)


class Ranking(Struct, frozen=True):
    """Weights and every method's ranking (:class:`mcda_citydip.pipeline.RunResult`)."""

    result: RunResult
    hierarchy: Hierarchy

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(self.result.results)

    def _method(self, method: str | None) -> str:
        if method is None:
            return self.methods[0]
        if method not in self.result.results:
            raise MethodError(
                f"method: '{method}' was not run; use one of: {', '.join(self.methods)}",
                parameter="method",
            )
        return method

    def columns(self, method: str) -> dict[str, list[Any]]:
        """One method's columns (``score`` or its own: VIKOR ``S``, ``R``, ``Q``; ``rank``;
        ``compromise``), each in the alternatives' order."""
        found = self.result.results[self._method(method)]
        names = found.alternatives
        columns: dict[str, list[Any]] = {}
        if not found.extras:
            columns["score"] = [found.scores[a] for a in names]
        for key, values in found.extras.items():
            columns[key] = [values[a] for a in names]
        columns["rank"] = [found.ranks[a] for a in names]
        if "compromise_set" in found.flags:
            chosen = set(found.flags["compromise_set"])
            columns["compromise"] = [a in chosen for a in names]
        return columns

    def to_frame(self, method: str | None = None) -> pd.DataFrame:
        """Index: the alternatives (data order). One method: its columns (``score``, or
        ``S``, ``R``, ``Q``; ``rank``; ``compromise``); none: every method's, under a
        column level per method (``frame["topsis"]``)."""
        import pandas as pd

        index = pd.Index(list(self.result.alternatives), name="alternative")
        if method is not None:
            return pd.DataFrame(self.columns(method), index=index)
        frames = {m: pd.DataFrame(self.columns(m), index=index) for m in self.methods}
        return pd.concat(frames, axis=1, names=["method", None])

    def to_dict(self) -> dict[str, Any]:
        """The object ``citydip run --format json`` writes, as Python data."""
        from mcda_citydip.report.data import run_data

        return _json_data(run_data(self.result))

    def _repr_html_(self) -> str:
        first = self.methods[0]
        by_method = {m: self.columns(m) for m in self.methods}
        order = sorted(
            range(len(self.result.alternatives)), key=lambda i: by_method[first]["rank"][i]
        )
        heads = [_("alternative")]
        for m, columns in by_method.items():
            heads += [f"{m.upper()} {key}" for key in columns]
        rows = [
            [self.result.alternatives[i], *(v[i] for c in by_method.values() for v in c.values())]
            for i in order
        ]
        title = _("{name}: ranking").format(name=self.result.scenario)
        return html_table(title, heads, rows, self.result.headline)


class WeightTable(Struct, frozen=True):
    """Local and global weights of every node, and the consistency of every judged node."""

    weights: Weights
    hierarchy: Hierarchy
    conventions: Mapping[str, Any]
    effective: Mapping[str, float] | None = None

    def rows(self) -> list[dict[str, Any]]:
        """Per node but the goal (depth first): ``node``, ``parent``, ``indicator`` (leaf),
        ``local`` (within its parent), ``global``, ``effective`` (the weight it ranks with:
        NaN for a dimension, an indicator left out of the ranking, or a study without data)."""
        from mcda_citydip.report.data import subtree_totals

        totals = subtree_totals(self.hierarchy, self.weights.global_weights)
        found = []
        for node_id in depth_first(self.hierarchy):
            parent = self.hierarchy.parent(node_id) or GOAL
            given = self.weights.nodes.get(parent)
            local = (
                given.local[node_id]
                if given is not None
                else (totals[node_id] / totals[parent] if totals[parent] > 0 else math.nan)
            )
            leaf = self.hierarchy.nodes[node_id].is_leaf
            effective = self.effective.get(node_id) if self.effective is not None else None
            found.append(
                {
                    "node": node_id,
                    "parent": parent,
                    "indicator": leaf,
                    "local": local,
                    "global": totals[node_id],
                    "effective": math.nan if effective is None else effective,
                }
            )
        return found

    def to_frame(self) -> pd.DataFrame:
        """Index: node id; columns ``parent``, ``indicator``, ``local``, ``global``,
        ``effective`` (see :meth:`rows`)."""
        import pandas as pd

        return pd.DataFrame(self.rows()).set_index("node")

    def consistency_frame(self) -> pd.DataFrame:
        """Per judged node: ``lambda_max``, ``ci``, ``cr``, ``random_index``, ``judgments``,
        ``pairs`` (empty for direct, equal or objective weights)."""
        import pandas as pd

        rows = [
            {
                "node": n.node,
                "lambda_max": n.consistency.lambda_max,
                "ci": n.consistency.ci,
                "cr": n.consistency.cr,
                "random_index": n.consistency.random_index,
                "judgments": n.judgments,
                "pairs": n.pairs,
            }
            for n in self.weights.nodes.values()
        ]
        columns = ["node", "lambda_max", "ci", "cr", "random_index", "judgments", "pairs"]
        return pd.DataFrame(rows, columns=columns).set_index("node")

    def to_dict(self) -> dict[str, Any]:
        """The object ``citydip weights --format json`` writes, as Python data."""
        from mcda_citydip.report.data import weights_data

        data = weights_data(self.weights, dict(self.conventions))
        if self.effective is not None:
            data["effective_weights"] = dict(self.effective)
        return _json_data(data)

    def _repr_html_(self) -> str:
        heads = [_("node"), _("parent"), _("local"), _("global")]
        rows = [[r["node"], r["parent"], r["local"], r["global"]] for r in self.rows()]
        title = _("Weights ({source})").format(source=self.weights.source)
        return html_table(title, heads, rows)


class Robustness(Struct, frozen=True):
    """Every robustness check of ``citydip sensitivity`` (SMAA-2 rank acceptability, central
    weights and confidence, critical thresholds, sweeps, agreement, rank reversal)."""

    report: SensitivityReport

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(r.method for r in self.report.reports)

    @property
    def summary(self) -> tuple[str, ...]:
        """The sentences the JSON's ``summary`` holds (what is robust, what is not)."""
        from mcda_citydip.analysis import summary_sentences

        return tuple(str(line) for line in summary_sentences(self.report))

    def _of(self, method: str | None) -> SensitivityReport:
        for found in self.report.reports:
            if method is None or found.method == method:
                return found
        raise MethodError(
            f"method: '{method}' was not analysed; use one of: {', '.join(self.methods)}",
            parameter="method",
        )

    def to_frame(self, method: str | None = None) -> pd.DataFrame:
        """The rank acceptability matrix of ``method`` (default: the first analysed): rows
        the alternatives, columns the ranks 1…K, each cell the share of draws that put the
        alternative at that rank (``b_i^r``, SMAA-2)."""
        import pandas as pd

        smaa = self._of(method).smaa
        acceptability = smaa.rank_acceptability
        frame = pd.DataFrame(
            acceptability,
            index=pd.Index(list(smaa.alternatives), name="alternative"),
            columns=pd.Index(range(1, acceptability.shape[1] + 1), name="rank"),
        )
        return frame

    def central_weights_frame(self, method: str | None = None) -> pd.DataFrame:
        """SMAA-2 central weights (alternatives × indicators; NaN where never first) and
        the confidence factor of each alternative."""
        import numpy as np
        import pandas as pd

        smaa = self._of(method).smaa
        central = np.where(smaa.rank_counts[:, :1] > 0, smaa.central_weights, np.nan)
        frame = pd.DataFrame(
            central,
            index=pd.Index(list(smaa.alternatives), name="alternative"),
            columns=list(smaa.criteria),
        )
        frame["confidence"] = smaa.confidence
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The object ``citydip sensitivity --format json`` writes, as Python data."""
        return _json_data(self.report.to_data())

    def _repr_html_(self) -> str:
        smaa = self.report.smaa
        frame = smaa.rank_acceptability
        heads = [
            _("alternative"),
            *(_("rank {rank}").format(rank=r + 1) for r in range(len(frame[0]))),
        ]
        rows = [[a, *row.tolist()] for a, row in zip(smaa.alternatives, frame, strict=True)]
        title = _("{name}: rank acceptability ({method}, {samples:,} draws)").format(
            name=self.report.scenario, method=self.report.method.upper(), samples=smaa.samples
        )
        return html_table(title, heads, rows, self.summary)
