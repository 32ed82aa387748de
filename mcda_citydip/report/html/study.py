"""What a study report is made of: the scenario, its run, its sensitivity analysis, the
data table's source lines, and the command that made it (part of the input, so the same
command gives the same page)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct

# The fields' types are imported at run time: a Struct's signature (help(), inspect, pydoc)
# is made from its annotations (tests/test_records.py).
from mcda_citydip.analysis import SensitivityReport
from mcda_citydip.files.scenario import Scenario
from mcda_citydip.i18n import _, shown_number
from mcda_citydip.pipeline import RunResult

DISTRIBUTION = "mcda-citydip"
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


class Study(Struct, frozen=True):
    """Everything one report shows; :func:`build_study` assembles it."""

    scenario: Scenario
    run: RunResult
    analysis: SensitivityReport
    command: str  # the command line that made the report, shown in its last section
    comments: tuple[str, ...] = ()  # the data table's '#' lines (Source: NAME (YEAR): …)
    provenance: tuple[Mapping[str, str], ...] = ()  # rows of the data's provenance.csv
    version: str = ""

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(self.run.results)

    def first_share(self, method: str, alternative: str) -> float:
        """The share of the draws in which ``alternative`` is first by ``method``."""
        one = next(r for r in self.analysis.reports if r.method == method)
        smaa = one.smaa
        return float(smaa.rank_acceptability[smaa.alternatives.index(alternative), 0])

    def leaders(self, method: str) -> tuple[str, ...]:
        """The alternatives ranked first by ``method`` (more than one when tied)."""
        result = self.run.results[method]
        return tuple(a for a in result.order() if result.ranks[a] == 1)

    @property
    def illustrative_data(self) -> tuple[str, ...]:
        """The data table's header lines that call its values illustrative."""
        return tuple(c for c in self.comments if "illustrative" in c.lower())

    @property
    def city_names(self) -> Mapping[str, str]:
        """Alternative → its name in the current language (none when the table has none)."""
        from mcda_citydip.names import shown_names

        return shown_names(self.scenario.problem)

    @property
    def draws(self) -> str:
        """``300 draws (dirichlet)``: how many draws of what, in the current language (text,
        not HTML)."""
        smaa = self.analysis.smaa
        count = shown_number(f"{smaa.samples:,}")
        return _("{count} draws ({draw})").format(count=count, draw=smaa.draw)


def software_version() -> str:
    """The installed version of citydip (``unknown`` when it is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def build_study(
    scenario: Scenario,
    analysis: SensitivityReport,
    command: str,
    result: RunResult | None = None,
) -> Study:
    """The study of a run (``result``, else the scenario run by the methods the analysis
    ran) and its analysis, with the data table's source lines and provenance (when its
    folder has a ``provenance.csv``)."""
    from mcda_citydip.files.data import provenance_rows, table_comments
    from mcda_citydip.pipeline import run

    if result is None:
        result = run(scenario, [r.method for r in analysis.reports])
    table = Path(scenario.problem.source) if scenario.problem is not None else None
    comments: tuple[str, ...] = ()
    provenance: tuple[Mapping[str, str], ...] = ()
    if table is not None and table.suffix.lower() in TABLE_SUFFIXES:
        comments = table_comments(table)
        provenance = provenance_rows(table)
    return Study(scenario, result, analysis, command, comments, provenance, software_version())
