"""``citydip scores``: the panel's ratings, their agreement and what they add to the model."""

from __future__ import annotations

from pathlib import Path

from mcda_citydip.cli.app import (
    Digits,
    DigitsOpt,
    ForceOpt,
    Format,
    LangOpt,
    Language,
    OutOpt,
    ScenarioArg,
    app,
    check_out,
    emit,
    format_option,
    load_scenario_or_default,
    or_list,
    output_format,
    show,
    use_language,
)

#: What ``citydip scores`` writes: text only (no workbook).
SCORES_FORMATS = ("table", "json", "csv", "md")
ScoresFormatOpt = format_option(
    Format,
    "table, json, csv or md (no workbook: xlsx is refused). Default: the format of --out's "
    "extension (.json, .csv, .md; .txt: table), else table.",
)


@app.command()
@ScenarioArg
@ScoresFormatOpt
@OutOpt
@ForceOpt
@LangOpt
@DigitsOpt
def scores(
    scenario: Path | None,
    fmt: Format | None,
    out: Path | None,
    force: bool,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Agreement of the experts' ratings, per rated indicator.

    For each indicator: its scale, the number of raters, the cities every rater rated,
    Kendall's W (tie-corrected), the six intraclass correlations of Shrout & Fleiss (1979)
    (ICC1, ICC2, ICC3 for one rater; ICC1k, ICC2k, ICC3k for the raters' mean), the rater who
    deviates most from the others, and whether agreement is low (the scenario's
    scoring.agreement below scoring.below: ICC2k below 0.5 unless it says otherwise). Also
    the supported weight without and with the expert scores.
    """
    from mcda_citydip.errors import InputError, MethodError
    from mcda_citydip.expert_ratings import scenario_ratings
    from mcda_citydip.pipeline import expert_support

    loaded = load_scenario_or_default(scenario)
    use_language(lang, digits, loaded.language)
    check_out(out, force, loaded)
    if fmt is Format.xlsx or (out is not None and out.suffix.lower() == ".xlsx"):
        raise MethodError(
            f"--format xlsx: citydip scores writes {or_list(list(SCORES_FORMATS))} (no workbook); "
            "give one of them, or name a .txt, .json, .csv or .md file (nothing was written)"
        )
    chosen = output_format(None if fmt is None else fmt.value, out, SCORES_FORMATS, "scores")
    if loaded.scores_path is None:
        raise InputError(
            f"{loaded.source}: no 'expert_scores:'; name a folder of scores files (one per "
            "expert), e.g. 'expert_scores: scores/'"
        )
    report = scenario_ratings(loaded)
    support = expert_support(loaded) if loaded.problem is not None else None
    if chosen != "table":
        from mcda_citydip.report.ratings import render_ratings

        emit(render_ratings(report, chosen, support), out)
        return
    from rich.console import Group
    from rich.text import Text

    from mcda_citydip.i18n import _
    from mcda_citydip.report.ratings import LOW, ratings_table, summary_lines

    lines = [
        Text(line, style="bold red" if line.startswith(_(LOW)) else "")
        for line in summary_lines(report, support)
    ]
    if not report.indicators:
        lines.append(Text(_("No ratings yet in {path}.").format(path=loaded.scores_path)))
        show(Group(*lines), out)
        return
    show(Group(*lines, ratings_table(report)), out)
