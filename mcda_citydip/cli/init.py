"""``citydip init``: a new study folder for a list of cities, resolved against GeoNames."""

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
from mcda_citydip.i18n import _, ngettext, shown_number


@app.command()
@click.argument("folder", type=PATH, help="The study folder to create (new, or an empty folder).")
@click.option(
    "--cities",
    required=True,
    help="The candidate cities, comma-separated: a name (Baku), a name pinned to its "
    "GeoNames id (Sari=116996), or a GeoNames id alone (116996).",
)
@click.option(
    "--country",
    help="Look the names up in these countries only: ISO 3166 codes, comma-separated "
    "(AZ,RU,KZ,TM,IR).",
)
@click.option(
    "--indicators",
    help="Only these indicators, comma-separated (a dimension's id takes all of its "
    "indicators). Default: all 32 of the packaged hierarchy.",
)
@LangOpt
@DigitsOpt
def init(
    folder: Path,
    cities: str,
    country: str | None,
    indicators: str | None,
    lang: Language | None,
    digits: Digits,
) -> None:
    """Create a study folder: a commented scenario, the criteria, the cities resolved
    against GeoNames, empty judgments/ and scores/ folders and a README of next steps.

    Each city is looked up by name (case, accents and punctuation ignored; GeoNames' own
    name first, then its alternate names) among the places of 15,000 people or more. A name
    that matches several cities is an error listing them: pick one as Name=GEONAMEID, or
    restrict the search with --country. ECO6 (the mean distance to the other candidates)
    is computed from the GeoNames points; the other indicators are left empty. A folder that
    holds anything is refused. Needs the GeoNames data of the data extra: pip install
    'mcda-citydip[data]'.
    """
    from mcda_citydip.init import check_folder, new_study, study_files, write_study
    from mcda_citydip.init.study import README_FILE

    use_language(lang, digits)
    check_folder(folder)
    study = new_study(str(folder), cities, country, indicator_list(indicators))
    write_study(folder, study_files(study))
    for place in study.places:
        click.echo(
            _("{city}: GeoNames {geonameid} {name} ({country}), population {population}").format(
                city=place.id,
                geonameid=place.geonameid,
                name=place.name,
                country=place.country,
                population=shown_number(str(place.population)),
            ),
            err=True,
        )
    count = ngettext("{count} city", "{count} cities", len(study.places))
    click.echo(
        _("Wrote {path}: scenario, criteria ({indicators} indicators), {cities}").format(
            path=folder,
            indicators=shown_number(str(len(study.criteria.leaves))),
            cities=count.format(count=shown_number(str(len(study.places)))),
        ),
        err=True,
    )
    click.echo(_("Next steps: {path}").format(path=folder / README_FILE), err=True)
