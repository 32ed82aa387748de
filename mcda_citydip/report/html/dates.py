"""The date a report is made, in the Gregorian and the Solar Hijri calendar.

The date is an input like the command line: ``SOURCE_DATE_EPOCH`` (the reproducible-builds
convention, seconds since 1970 in UTC) when it is set, else today (UTC). The Solar Hijri
date comes from ``jdatetime`` (the conversion and its month names): nothing is converted by
hand.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

import jdatetime

from mcda_citydip.i18n import _, language, shown_number


def report_date(environ: dict[str, str] | None = None) -> date:
    """``SOURCE_DATE_EPOCH`` as a UTC date when set (an integer), else today in UTC."""
    found = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(found), UTC) if found.isdigit() else datetime.now(UTC)
    return moment.date()


def solar_hijri(day: date) -> str:
    """The Solar Hijri date: ``۱۴ آذر ۱۴۰۵`` in Persian (digits as ``--digits`` says),
    ``14 Azar 1405 SH`` in English (an English page stays in Latin script, so it needs no
    Persian font)."""
    found = jdatetime.date.fromgregorian(date=day)
    if language() == "fa":
        month = jdatetime.date.j_months_fa[found.month - 1]
        return shown_number(f"{found.day} {month} {found.year}")
    return f"{found.day} {jdatetime.date.j_months_en[found.month - 1]} {found.year} SH"


def made_on(day: date) -> str:
    """``Made on 2026-12-05 (14 Azar 1405 SH)``: both calendars, as ready HTML."""
    gregorian = f'<bdi dir="ltr">{shown_number(day.isoformat())}</bdi>'
    hijri = f"<bdi>{solar_hijri(day)}</bdi>"
    return _("Made on {gregorian} ({solar_hijri})").format(gregorian=gregorian, solar_hijri=hijri)
