"""The ``score`` command: an expert rates the candidate cities on indicators without data."""

from __future__ import annotations

from pathlib import Path

import click

from mcda_citydip.cli.app import (
    PATH,
    Digits,
    DigitsOpt,
    LangOpt,
    Language,
    app,
    indicator_list,
    use_language,
)


@app.command()
@click.argument("scenario", type=PATH, help="Scenario YAML file (its cities are rated).")
@click.option("--expert", "-e", required=True, help="The expert's name.")
@click.option(
    "--file",
    type=PATH,
    help="The expert's scores file. Default: the expert's file in the scenario's "
    "expert_scores folder.",
)
@click.option(
    "--indicator",
    help="Reopen one indicator: ask every city again, showing the saved answer (Enter keeps it).",
)
@click.option(
    "--indicators",
    help="The indicators to rate, comma-separated (IDs of indicators without data). "
    "Default: every indicator whose data column is empty for all candidates.",
)
@LangOpt
@DigitsOpt
def score(
    scenario: Path,
    expert: str,
    file: Path | None,
    indicator: str | None,
    indicators: str | None,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Ask an expert to rate each candidate city on indicators without data, saving after
    every answer.

    Each indicator is shown with its rating scale (point → what it means), then each city
    is asked in turn. At a prompt: a point of the scale rates the city; ? or d records
    "don't know" (a missing value, never a middle point; not asked again); Enter or s skips
    the city (asked again next time); u undoes the last answer; n skips the rest of the
    indicator; q saves and quits. Every answer is echoed with its meaning. Running the same
    command again resumes where the expert stopped.
    """
    from rich.console import Console

    from mcda_citydip.elicit.rating_console import (
        RatingElicitation,
        load_rating_session,
        scores_file,
    )
    from mcda_citydip.errors import InputError
    from mcda_citydip.expert_ratings import rating_indicators
    from mcda_citydip.files.lock import exclusive
    from mcda_citydip.files.scenario import load_scenario
    from mcda_citydip.files.text import check_expert_name
    from mcda_citydip.files.yamlio import ensure_folder
    from mcda_citydip.i18n import _

    check_expert_name(expert)
    loaded = load_scenario(scenario)
    use_language(lang, digits, loaded.language)
    named = indicator_list(indicators)
    requested = named if named is not None or indicator is None else [indicator]
    option = "indicators" if indicators is not None or indicator is None else "indicator"
    chosen = rating_indicators(loaded, requested, option)
    if indicator is not None and indicator not in chosen:
        raise InputError(
            f"--indicator: '{indicator}' is not among the indicators to rate "
            f"({', '.join(chosen)}); add it to --indicators or choose one of them"
        )
    cities = loaded.problem.alternatives if loaded.problem is not None else ()
    path = scores_file(loaded.scores_path, expert, file, loaded.source)
    ensure_folder(path)
    console = Console(stderr=True)
    with exclusive(path) as path:
        session = load_rating_session(loaded.hierarchy, cities, chosen, expert, path)
        front = RatingElicitation(loaded.hierarchy, session, path, console, console.input, cities)
        try:
            front.run(indicator)
        except KeyboardInterrupt:
            interrupted = _("Interrupted: every answer given is saved in {path}")
            console.print("\n" + interrupted.format(path=path))
            raise click.exceptions.Exit(130) from None
