"""Commands that collect expert judgments: elicit, questionnaire, import (their ``--scores``
side, the ratings questionnaire: :mod:`mcda_citydip.cli.rating_workbook`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mcda_citydip.cli.app import (
    PATH,
    Digits,
    DigitsOpt,
    LangOpt,
    Language,
    ScenarioArg,
    app,
    check_suffix,
    use_language,
)
from mcda_citydip.cli.rating_workbook import (
    _import_ratings,
    _rating_questionnaire,
    kept_answers,
)
from mcda_citydip.i18n import _, ngettext

if TYPE_CHECKING:
    from mcda_citydip.model import Hierarchy, Judgments


class RatingSheets(StrEnum):
    dimension = "dimension"
    indicator = "indicator"


@app.command()
@click.argument("scenario", type=PATH, help="Scenario YAML file (its hierarchy is asked).")
@click.option("--expert", "-e", required=True, help="The expert's name.")
@click.option(
    "--file",
    type=PATH,
    help="The expert's judgments file. Default: <the scenario's judgments folder>/<expert>.yaml.",
)
@click.option(
    "--node",
    help="Reopen one node: ask each of its pairs again, showing the saved answer (Enter keeps "
    "it), then check its consistency.",
)
@LangOpt
@DigitsOpt
def elicit(
    scenario: Path,
    expert: str,
    file: Path | None,
    node: str | None,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Ask an expert's pairwise comparisons, node by node, saving after every answer.

    At a prompt: a number on Saaty's scale (3, or 1/3 when B is more important); Enter or
    s skips the pair; u undoes the last answer; n skips the rest of the node; q saves and
    quits (at any prompt). Every answer is echoed in words. After each node its CR is shown;
    above the limit, the judgments whose revision lowers it most are offered, recomputed
    after every revision. Running the same command again resumes where the expert stopped.
    """
    from rich.console import Console

    from mcda_citydip.elicit.console import Elicitation, judgments_file, load_session
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.lock import exclusive
    from mcda_citydip.files.scenario import load_outline
    from mcda_citydip.files.text import check_expert_name
    from mcda_citydip.files.yamlio import ensure_folder

    check_expert_name(expert)
    outline = load_outline(scenario)
    use_language(lang, digits, outline.language)
    if node is not None and node not in outline.hierarchy.inner:
        raise InputError(
            f"--node: '{node}' is not a node with items to compare in {outline.hierarchy.source}; "
            f"use one of: {', '.join(outline.hierarchy.inner)}"
        )
    path = judgments_file(outline, expert, file)
    ensure_folder(path)
    console = Console(stderr=True)
    with exclusive(path) as path:
        session = load_session(outline, expert, path)
        try:
            Elicitation(outline, session, path, console, console.input).run(node)
        except KeyboardInterrupt:
            interrupted = _("Interrupted: every answer given is saved in {path}")
            console.print("\n" + interrupted.format(path=path))
            raise click.exceptions.Exit(130) from None


@app.command()
@ScenarioArg
@click.option(
    "--out",
    "-o",
    type=PATH,
    default=Path("questionnaire.xlsx"),
    help="The workbook to write (.xlsx).",
)
@click.option("--expert", "-e", default="", show_default=False, help="Pre-fill the expert's name.")
@click.option("--force", is_flag=True, help="Overwrite an existing workbook.")
@click.option(
    "--scores",
    is_flag=True,
    help="A ratings questionnaire instead: the candidate cities rated on the indicators "
    "without data, on each indicator's scale.",
)
@click.option(
    "--by",
    type=click.Choice(RatingSheets),
    default=RatingSheets.dimension,
    help="With --scores: one sheet per dimension or per indicator.",
)
@click.option(
    "--indicators",
    help="With --scores: the indicators to rate, comma-separated (default: every indicator "
    "with no data for the candidates).",
)
@LangOpt
@DigitsOpt
def questionnaire(
    scenario: Path | None,
    out: Path,
    expert: str,
    force: bool,
    scores: bool,
    by: RatingSheets,
    indicators: str | None,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Write an XLSX questionnaire: one sheet per node, one row per pair, for offline experts.

    Each node sheet computes its consistency ratio as the expert answers (red above the
    scenario's max_cr); the sheets are protected so that only the answers can be edited.
    With --scores: a ratings questionnaire (one sheet per dimension, cities as rows, the
    indicators without data as columns, a drop-down of each scale's points and "don't
    know", the anchors shown); `citydip import` reads it back into the expert's scores file.
    """
    from mcda_citydip.files.paths import check_output
    from mcda_citydip.files.questionnaire import write_questionnaire
    from mcda_citydip.files.scenario import default_scenario_path, load_outline
    from mcda_citydip.files.text import check_expert_name

    use_language(lang, digits)
    if expert:
        check_expert_name(expert)
    check_suffix(out, WORKBOOK_SUFFIXES[:1], "a workbook", "questionnaire")
    if scores:
        choice = (None if lang is None else str(lang), str(digits))
        _rating_questionnaire(scenario, out, expert, force, by.value, indicators, choice)
        return
    if indicators is not None or by is not RatingSheets.dimension:
        raise click.BadParameter(
            "--by and --indicators go with --scores (a ratings questionnaire)",
            param_hint="--scores",
        )
    outline = load_outline(scenario or default_scenario_path())
    use_language(lang, digits, outline.language)  # the workbook speaks the panel's language
    check_output(out, force, outline.inputs)
    write_questionnaire(
        outline.hierarchy,
        out,
        outline.name,
        expert,
        random_index=outline.ahp.random_index,
        max_cr=outline.max_cr,
        priority=outline.ahp.priority,
    )
    click.echo(
        _("Wrote {path}: one sheet per node of {source}").format(
            path=out, source=outline.hierarchy.source
        ),
        err=True,
    )


#: The extensions of a workbook and of a scenario, to tell ``import``'s arguments apart.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
YAML_SUFFIXES = (".yaml", ".yml")


def import_arguments(
    first: Path | None, second: Path | None, option: Path | None
) -> tuple[Path | None, Path]:
    """(scenario, workbook) of ``import [SCENARIO] WORKBOOK`` (``option``: ``--scenario``).
    Two paths are SCENARIO WORKBOOK, as every command takes the scenario first; the order of
    earlier versions, WORKBOOK SCENARIO, is read when the extensions say so (a workbook's
    ``.xlsx`` first, a ``.yaml`` last)."""
    if first is None:
        raise click.BadParameter(
            "missing; give the filled questionnaire (.xlsx)", param_hint="WORKBOOK"
        )
    if second is None:
        return option, first
    if option is not None:
        raise click.BadParameter(
            f"the scenario is given twice ({first} and --scenario {option}); give it once",
            param_hint="--scenario",
        )
    swapped = (
        first.suffix.lower() in WORKBOOK_SUFFIXES
        and second.suffix.lower() not in WORKBOOK_SUFFIXES
        and second.suffix.lower() in YAML_SUFFIXES
    )
    return (second, first) if swapped else (first, second)


@app.command("import")
@click.argument(
    "first",
    required=False,
    type=PATH,
    metavar="[SCENARIO]",
    help="The scenario the questionnaire was made for (first, as in every command; default: "
    "--scenario, else the embedded default scenario). One path alone is the WORKBOOK.",
)
@click.argument(
    "second",
    required=False,
    type=PATH,
    metavar="WORKBOOK",
    help="The filled questionnaire (.xlsx). WORKBOOK SCENARIO, the order of earlier "
    "versions, is read too.",
)
@click.option(
    "--expert",
    "-e",
    help="The expert's name (default: the name in the workbook's Instructions sheet).",
)
@click.option(
    "--scenario",
    "-s",
    type=PATH,
    help="The scenario the questionnaire was made for, as an option (the same as the "
    "SCENARIO argument).",
)
@click.option(
    "--out",
    "-o",
    type=PATH,
    help="Judgments file to write (default: <the scenario's judgments folder>/<expert>.yaml, "
    "or ./<expert>.yaml).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into an existing file: the same expert's keeps every answer the workbook "
    "leaves blank.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the workbook (exit 2, nothing written) when a node's judged pairs do not "
    "link all its items or its CR is above the scenario's max_cr (0.1).",
)
@LangOpt
@DigitsOpt
def import_(
    first: Path | None,
    second: Path | None,
    expert: str | None,
    scenario: Path | None,
    out: Path | None,
    force: bool,
    strict: bool,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Read a filled questionnaire into an expert's judgments file.

    Prints, on stderr, each node's judged pairs, whether they link all its items, λmax and
    CR, and for each node above the CR limit the judgments to revise first.
    """
    from rich.console import Console

    from mcda_citydip.elicit.console import judgments_file
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.judgments import (
        dump_judgments,
        expert_file,
        merged_judgments,
    )
    from mcda_citydip.files.judgments_edit import updated_text
    from mcda_citydip.files.lock import exclusive
    from mcda_citydip.files.paths import check_output, same_file
    from mcda_citydip.files.questionnaire import (
        import_problems,
        read_filled,
        review_imported,
        workbook_kind,
    )
    from mcda_citydip.files.scenario import default_scenario_path, load_outline
    from mcda_citydip.files.text import check_expert_name
    from mcda_citydip.files.yamlio import ensure_folder, read_text, write_atomic
    from mcda_citydip.report.panel import print_review

    scenario, workbook = import_arguments(first, second, scenario)
    use_language(lang, digits)
    if expert is not None:
        check_expert_name(expert)
    if out is not None:
        check_suffix(out, YAML_SUFFIXES, "a YAML file", "import")
    if workbook_kind(workbook) == "ratings":
        _import_ratings(workbook, expert, scenario, out, force, lang, digits)
        return
    outline = load_outline(scenario or default_scenario_path())
    use_language(lang, digits, outline.language)  # the revision hints are translated
    filled = read_filled(workbook, outline.hierarchy, expert)
    judgments = filled.judgments
    answered = sum(len(c) for c in judgments.comparisons.values())
    if answered == 0:
        raise InputError(
            f"{workbook}: no judgment is filled in; fill the 'judgment' column "
            "of each sheet (nothing was written)"
        )
    if out is None:
        out = (
            judgments_file(outline, judgments.expert, None)
            if scenario is not None
            else expert_file(Path("."), judgments.expert)
        )
    owner = _owner_asked(out, judgments.expert, force)
    reviewed = judgments  # with the expert's file, the merged judgments are what is checked
    if owner is not None:
        reviewed = merged_judgments(_earlier(out, outline.hierarchy), judgments)[0]
    reviews = review_imported(reviewed, outline)
    title = _("{workbook}: judgments of expert '{expert}', per node")
    title = title.format(workbook=workbook.name, expert=judgments.expert)
    print_review(Console(stderr=True), reviews, filled.sheets, title)
    if strict and (problems := import_problems(workbook, reviews, filled.sheets)):
        raise InputError(problems)
    ensure_folder(out)
    header = f"Imported by `citydip import` from {workbook.name}."
    with exclusive(out) as target:  # not while an elicitation session holds this expert's file
        owner = _owner_asked(target, judgments.expert, force, shown=out)
        others = [p for p in outline.inputs if owner is None or not same_file(p, target)]
        check_output(target, force, (workbook, *others))  # this expert's own file is replaced
        kept, text = 0, None
        if owner is not None:  # the same expert's file: the workbook's pairs replace theirs
            earlier = _earlier(target, outline.hierarchy, shown=out)  # the other answers stay
            judgments, kept = merged_judgments(earlier, judgments)
            text = updated_text(read_text(target), judgments, outline.hierarchy, str(target))
        write_atomic(target, text or dump_judgments(judgments, outline.hierarchy.inner, header))
    message = ngettext(
        "Wrote {path}: {count} judgment of expert '{expert}'",
        "Wrote {path}: {count} judgments of expert '{expert}'",
        answered,
    ).format(path=out, count=answered, expert=judgments.expert)
    click.echo(message + kept_answers(kept), err=True)


def _earlier(path: Path, hierarchy: Hierarchy, shown: Path | None = None) -> Judgments:
    """The answers already in this expert's file, which ``--force`` adds the workbook's to;
    when they no longer load (the criteria changed since), the file's own errors and a line
    that says how to go on: the file is left as it is."""
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.judgments import load_judgments

    try:
        (earlier,) = load_judgments(path, hierarchy)
    except InputError as exc:
        raise InputError(
            [
                *exc.messages,
                f"{shown or path}: this expert's file no longer loads, so the workbook's answers "
                "cannot be added to it; fix it as said above, or move it aside to import into a "
                "new file, or pass --out another file (nothing was written)",
            ]
        ) from exc
    return earlier


def _owner_asked(target: Path, expert: str, force: bool, shown: Path | None = None) -> str | None:
    """The ``expert:`` of an existing judgments file at ``target`` (``None`` when new): an
    error for another expert's file, and for this expert's without ``--force``."""
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.judgments import check_owner

    owner = check_owner(target, shown or target, expert, "judgments")
    if owner is not None and not force:
        raise InputError(
            f"{shown or target}: already holds judgments of expert '{owner}'; pass --force to "
            "replace the pairs this workbook answers (the others stay), or --out another file "
            "(nothing was written)"
        )
    return owner
