"""The ratings side of ``questionnaire`` and ``import``: with ``--scores``, a workbook in which
an expert rates the candidate cities, and its answers read back into the expert's scores file."""

from __future__ import annotations

from pathlib import Path

import click

from mcda_citydip.cli.app import indicator_list, use_language
from mcda_citydip.i18n import N_, _, ngettext

#: What a ratings questionnaire has one sheet per, as shown.
BY = {"dimension": N_("dimension"), "indicator": N_("indicator")}


def _rating_questionnaire(
    scenario: Path | None,
    out: Path,
    expert: str,
    force: bool,
    by: str,
    named: str | None,
    lang: tuple[str | None, str] = (None, "latin"),
) -> None:
    """A ratings questionnaire (``--scores``); ``lang``: ``--lang`` and ``--digits``."""
    from mcda_citydip.expert_ratings import rating_indicators
    from mcda_citydip.files.paths import check_output
    from mcda_citydip.files.questionnaire import write_rating_questionnaire
    from mcda_citydip.files.scenario import default_scenario_path, load_scenario

    loaded = load_scenario(scenario or default_scenario_path())
    use_language(lang[0], lang[1], loaded.language)  # the workbook speaks the panel's language
    requested = indicator_list(named)
    chosen = rating_indicators(loaded, requested)
    check_output(out, force, loaded.inputs)
    cities = loaded.problem.alternatives if loaded.problem is not None else ()
    write_rating_questionnaire(
        out,
        loaded.hierarchy,
        cities,
        chosen,
        scenario_name=loaded.name,
        expert=expert,
        by=by,  # type: ignore[arg-type]
    )
    click.echo(
        _("Wrote {path}: {cities} × {indicators} to rate ({ids}), one sheet per {by}").format(
            path=out,
            cities=ngettext("{count} city", "{count} cities", len(cities)).format(
                count=len(cities)
            ),
            indicators=ngettext("{count} indicator", "{count} indicators", len(chosen)).format(
                count=len(chosen)
            ),
            ids=", ".join(chosen),
            by=_(BY.get(by, by)),
        ),
        err=True,
    )


def _import_ratings(
    workbook: Path,
    expert: str | None,
    scenario: Path | None,
    out: Path | None,
    force: bool,
    lang: str | None,
    digits: str,
) -> None:
    """A filled ratings questionnaire into the expert's scores file (``format:
    citydip/scores``), with the identity rules of judgments: one file per expert, never
    another expert's file, never an input, an existing file only with --force."""
    from mcda_citydip.errors import InputError
    from mcda_citydip.expert_ratings import rating_indicators
    from mcda_citydip.files.judgments import check_owner, folder_expert_file
    from mcda_citydip.files.lock import exclusive
    from mcda_citydip.files.paths import check_output, same_file
    from mcda_citydip.files.questionnaire import read_rating_workbook
    from mcda_citydip.files.scenario import default_scenario_path, load_scenario
    from mcda_citydip.files.scores import dump_scores, load_scores, merged_scores
    from mcda_citydip.files.scores_edit import updated_scores_text
    from mcda_citydip.files.yamlio import ensure_folder, read_text, write_atomic

    loaded = load_scenario(scenario or default_scenario_path())
    use_language(lang, digits, loaded.language)  # the summary speaks the panel's language
    cities = loaded.problem.alternatives if loaded.problem is not None else ()
    found = read_rating_workbook(workbook, loaded.hierarchy, cities, expert)
    rated = sum(len(v) for v in found.ratings.values())
    unknown = sum(len(v) for v in found.unknown.values())
    if rated + unknown == 0:
        raise InputError(
            f'{workbook}: no rating is filled in; choose a point (or "don\'t know") in the '
            "cells of each sheet (nothing was written)"
        )
    rating_indicators(loaded, [*found.ratings, *found.unknown], str(workbook))
    problem = (
        f"{loaded.source} (expert_scores): import needs 'expert_scores:' to name a folder "
        "(one file per expert); name one there, or pass --out FILE"
    )
    folder = loaded.scores_path if scenario is not None else Path(".")
    out = folder_expert_file(folder, found.expert, out, problem)
    ensure_folder(out)
    header = f"Imported by `citydip import` from {workbook.name}. null = don't know."
    with exclusive(out) as target:  # not while a rating session holds this expert's file
        owner = check_owner(target, out, found.expert, "scores")
        others = [p for p in loaded.inputs if owner is None or not same_file(p, target)]
        check_output(target, force, (workbook, *others))  # this expert's own file is merged
        kept, text = 0, None
        if owner is not None:  # the same expert's file: the workbook's indicators replace
            earlier = load_scores(target, loaded.hierarchy, cities)  # theirs, the rest stays
            found, kept = merged_scores(earlier, found)
            text = updated_scores_text(
                read_text(target), found, loaded.hierarchy, cities, str(target)
            )
        write_atomic(target, text or dump_scores(found, loaded.hierarchy, cities, header))
    indicators = len({*found.ratings, *found.unknown})
    _say_ratings_written(out, found.expert, rated, unknown, indicators=indicators, kept=kept)


def _say_ratings_written(
    path: Path, expert: str, rated: int, unknown: int, *, indicators: int, kept: int
) -> None:
    """What ``import`` wrote for a ratings questionnaire, on stderr (``rated``, ``unknown``:
    the ratings and "don't know"s read; ``kept``: the file's answers the workbook left)."""
    message = ngettext(
        'Wrote {path}: {rated} ratings and {unknown} "don\'t know" of expert '
        "'{expert}' on {count} indicator",
        'Wrote {path}: {rated} ratings and {unknown} "don\'t know" of expert '
        "'{expert}' on {count} indicators",
        indicators,
    ).format(path=path, rated=rated, unknown=unknown, expert=expert, count=indicators)
    click.echo(message + kept_answers(kept), err=True)


def kept_answers(kept: int) -> str:
    """What ``import --force`` says of the ``kept`` answers of an expert's file that the
    workbook left blank (judgments or ratings); nothing when none."""
    if not kept:
        return ""
    return ngettext(
        "; kept {count} other answer of the file",
        "; kept {count} other answers of the file",
        kept,
    ).format(count=kept)
