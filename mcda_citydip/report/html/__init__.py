"""``citydip report``: one self-contained HTML study of a scenario.

The page holds seven sections (summary, weights, coverage, rankings, robustness, map,
provenance), each opening with a one-line takeaway computed from the results; figures are
inline SVG from :mod:`mcda_citydip.report.figures` (matplotlib, imported only here). Nothing
in the page makes a request: styles are inline, fonts are the system's (and, for Persian
text, a subset of DejaVu Sans inside the page: :mod:`.fonts`), there is no script. The page
depends only on its inputs, the command line and ``SOURCE_DATE_EPOCH`` (its date) included,
so the same command gives the same file. ``--lang fa``: right to left, every sentence,
heading and the hierarchy's names in Persian, numbers in the digits of ``--digits``; only
what the user's files say (names without a Persian label, descriptions, sources), ids,
method names and the run's recorded conventions stay as they are.
"""

from __future__ import annotations

from msgspec.structs import replace

from mcda_citydip.i18n import _, has_arabic_script
from mcda_citydip.report.html.context import map_section, provenance_section
from mcda_citydip.report.html.coverage import coverage_section
from mcda_citydip.report.html.dates import made_on, report_date
from mcda_citydip.report.html.fonts import COPYRIGHT, LICENCE_NOTE
from mcda_citydip.report.html.markup import (
    Section,
    esc,
    names,
    numeral,
    paragraph,
    sentence,
    share,
)
from mcda_citydip.report.html.overview import summary_section, weights_section
from mcda_citydip.report.html.page import document
from mcda_citydip.report.html.results import rankings_section, robustness_section
from mcda_citydip.report.html.study import Study, build_study

__all__ = ["SECTIONS", "Study", "build_study", "study_html"]

#: The section ids, in page order.
SECTIONS = ("summary", "weights", "coverage", "rankings", "robustness", "map", "provenance")


def banners(study: Study) -> list[str]:
    """The warnings every reader must see first: invented inputs, a partial index."""
    found = []
    run = study.run
    if run.illustrative or study.illustrative_data:
        parts = []
        if run.illustrative:
            parts.append(
                sentence(
                    _(
                        "this study uses inputs marked illustrative (invented, not real "
                        "experts' opinions): {inputs}."
                    ),
                    inputs=names(run.illustrative),
                )
            )
        if study.illustrative_data:
            parts.append(header_says(study.illustrative_data[0]))
        found.append(strong(_("ILLUSTRATIVE:")) + " " + " ".join(parts))
    support = run.support
    if support is not None and support.partial:
        missing = (
            sentence(_("; no data at all for {indicators}"), indicators=names(support.without_data))
            if support.without_data
            else ""
        )
        found.append(
            strong(_("PARTIAL INDEX:"))
            + " "
            + sentence(
                _(
                    "the ranking rests on {share} of the model's weight, below the scenario's "
                    "minimum of {minimum} ({supported} of {indicators} indicators have data or "
                    "expert scores)"
                ),
                share=share(support.supported_weight),
                minimum=numeral(support.minimum, ".0%"),
                supported=numeral(len(support.supported)),
                indicators=numeral(support.indicators),
            )
            + missing
            + "."
        )
    return found


def strong(text: str) -> str:
    """A banner's label (``text`` is escaped)."""
    return f"<strong>{esc(text)}</strong>"


def header_says(header: str) -> str:
    """What the data table's header says (its own words, quoted)."""
    return sentence(_("The data table's header says: “{header}”"), header=esc(header))


def with_font_note(section: Section, page_text: str) -> Section:
    """The provenance section, with where the embedded Persian font comes from when the
    page embeds it (it has Persian text)."""
    if not has_arabic_script(page_text):
        return section
    heading = _("Font")
    shown = esc(_(LICENCE_NOTE)).format(copyright=esc(COPYRIGHT))
    note = f"<h3>{esc(heading)}</h3>" + paragraph(shown)
    return replace(section, body=section.body + note)


def study_html(study: Study) -> str:
    """The whole report as one HTML document, in the language of ``--lang`` and dated
    (:func:`~mcda_citydip.report.html.dates.report_date`: ``SOURCE_DATE_EPOCH`` or today)."""
    sections = [
        summary_section(study),
        weights_section(study),
        coverage_section(study),
        rankings_section(study),
        robustness_section(study),
        map_section(study),
    ]
    run = study.run
    subtitle = sentence(
        _(
            "A study made with citydip {version}: weights ({weights}), {methods} rankings of "
            "{count} candidate cities, sensitivity over {draws}."
        ),
        version=esc(study.version),
        weights=esc(run.weights.source),
        methods=_(" and ").join(esc(m.upper()) for m in study.methods),
        count=numeral(len(run.alternatives)),
        draws=esc(study.draws),
    )
    found = banners(study)
    provenance = provenance_section(study)
    shown = study.scenario.name + subtitle + "".join(found)
    shown += "".join(s.title + s.takeaway + s.body for s in [*sections, provenance])
    sections.append(with_font_note(provenance, shown))
    footer = f"citydip {esc(study.version)} · <code>{esc(study.command)}</code>"
    made = made_on(report_date())
    return document(study.scenario.name, subtitle, found, sections, footer, made)
