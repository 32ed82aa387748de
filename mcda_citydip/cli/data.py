"""``citydip data build``: indicator values for a study's cities from open data."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mcda_citydip.cli.app import PATH, Digits, DigitsOpt, LangOpt, Language, app, use_language
from mcda_citydip.i18n import _, ngettext, shown_number

if TYPE_CHECKING:
    from mcda_citydip.opendata.study import Target, Written


class UnionChoice(StrEnum):
    """The union a case is about (``none``: a union to be formed)."""

    UBC = "UBC"
    MedCities = "MedCities"
    none = "none"


@app.group(no_args_is_help=True)
@LangOpt
@DigitsOpt
def data(lang: Language | None, digits: Digits) -> None:
    """Open data: derive indicator values for the cities of a study."""
    use_language(lang, digits)


@data.command("build")
@click.argument(
    "path",
    type=PATH,
    help="A study folder (written by 'citydip init': its city-list.csv) or a city list "
    "CSV (id,name,country,geonames_id).",
)
@click.option(
    "--sources",
    type=PATH,
    envvar="CITYDIP_SOURCES",
    show_envvar=True,
    help="Folder of the raw open data (the files listed in its SOURCES.md). Default: "
    "../shared/data/open beside a checkout.",
    show_default=False,
)
@click.option(
    "--out",
    "-o",
    type=PATH,
    help="Folder for the four files. Default: where the study's scenario reads its "
    "alternatives, else FOLDER/data/ (a city list: data/LIST-NAME/).",
    show_default=False,
)
@click.option(
    "--union",
    type=click.Choice(UnionChoice),
    help="The union the case is about; none: a union to be formed. Default: the city "
    "list's '# union:' line, else none.",
    show_default=False,
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace values typed in the study's table and files the build did not "
    "write (never an input).",
)
@LangOpt
@DigitsOpt
def build(
    path: Path,
    sources: Path | None,
    out: Path | None,
    union: UnionChoice | None,
    force: bool,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Derive indicator values for the cities of a study from open data.

    Each city is resolved in GeoNames (by its geonames_id, else by name and country) and
    ten indicators are derived from the raw files (GaWC, OpenFlights, Wikidata missions,
    twin-city lists, ETMUN networks, UN WUP population). Writes indicators.csv (an empty
    cell: the source does not cover the city), provenance.csv (source and method of every
    cell), partnerships.csv (twin-city pairs of two listed cities) and unmatched.txt (every
    city–source pair whose matching failed). In a study folder the values go into the
    table its scenario reads (cities.csv), in the columns it has; a value typed there, or a
    file the build did not write, is replaced only with --force.
    """
    from mcda_citydip.opendata.build import CitiesNotFound, build_tables, union_for
    from mcda_citydip.opendata.sources import sources_folder
    from mcda_citydip.opendata.study import build_target, check_target, write_file, write_outputs

    use_language(lang, digits)
    target = build_target(path, out)
    check_target(target, force)
    chosen = union_for(target.cities, None if union is None else union.value)
    try:
        tables = build_tables(target.cities, sources_folder(sources), chosen)
    except CitiesNotFound as missing:
        from mcda_citydip.opendata.output import unmatched_text

        write_file(target.unmatched, unmatched_text(missing.unmatched))
        raise
    written = write_outputs(target, tables, force)
    for file in written.files:
        click.echo(_("Wrote {path}").format(path=file), err=True)
    _notes(target, tables.unmatched_lines, written)


def _notes(target: Target, unmatched: tuple[str, ...], written: Written) -> None:
    """What the user should know about the files just written (stderr)."""
    if unmatched:
        message = ngettext(
            "{count} city–source pair unmatched: listed in {path}",
            "{count} city–source pairs unmatched: listed in {path}",
            len(unmatched),
        )
        count = shown_number(str(len(unmatched)))
        click.echo(message.format(count=count, path=target.unmatched), err=True)
    if written.skipped_columns:
        click.echo(
            _("Not written (no such column in {path}): {columns}").format(
                path=target.indicators, columns=", ".join(written.skipped_columns)
            ),
            err=True,
        )
    if written.missing_rows:
        click.echo(
            _("Cities of the city list with no row in {path}: {cities}").format(
                path=target.indicators, cities=", ".join(written.missing_rows)
            ),
            err=True,
        )
    if target.scenario is not None and target.scenario_reads is not None:
        table = target.indicators.relative_to(target.scenario.parent).as_posix()
        click.echo(
            _("{scenario} reads {reads}: set 'alternatives: {table}' to rank with these values")
            .format(scenario=target.scenario, reads=target.scenario_reads, table=table),
            err=True,
        )  # fmt: skip
