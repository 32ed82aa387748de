"""A font for Persian text that travels inside the page.

Persian (Arabic-script) letters need a font that has them, and many machines have none (this
project's CI and development machines among them): a page that relied on the system's fonts
would show empty boxes. So a page with Arabic-script text embeds the one such font that is
always at hand and free to embed: DejaVu Sans, which matplotlib ships
(``matplotlib/mpl-data/fonts/ttf/DejaVuSans.ttf``; licence: Bitstream Vera Fonts Copyright,
DejaVu changes in the public domain, in ``LICENSE_DEJAVU`` beside it). That licence lets
anyone copy, embed and redistribute the font, and modify it (a subset is a modification) as
long as its name does not contain "Bitstream" or "Vera" and its copyright and permission
notice travel with it: the subset keeps the font's name table whole (notice, licence and
the DejaVu name) and the page's CSS and provenance section say where it comes from.

Only the characters the page uses are kept (``fontTools.subset``, with every layout feature,
so the initial, medial, final and ligature forms that shape the script are kept too), as
WOFF in a ``data:`` URL: no request, a few tens of kilobytes, the same bytes for the same page.
"""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path

from mcda_citydip.i18n import ARABIC_SCRIPT, N_

#: The family name the page gives the embedded subset (not "DejaVu Sans": the page must
#: never pick a system's own DejaVu Sans, without the Persian letters, in its place).
FAMILY = "citydip DejaVu Sans"
UNICODE_RANGE = "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200D"
#: The font's copyright notice, a licence name: the same in every language.
COPYRIGHT = "Bitstream Vera Fonts Copyright (c) 2003 Bitstream, Inc."
#: Where the font comes from, shown in the provenance section (translated there).
LICENCE_NOTE = N_(
    "DejaVu Sans (as shipped by matplotlib), subset to the characters of this page; "
    "{copyright}, DejaVu changes in the public domain: free to embed and redistribute, the "
    "notice kept in the font's name table."
)
#: The note in English, for the page's CSS.
LICENCE = LICENCE_NOTE.format(copyright=COPYRIGHT)


def dejavu_sans() -> Path:
    """matplotlib's copy of DejaVu Sans."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@cache
def subset_woff(characters: str) -> bytes:
    """DejaVu Sans cut to ``characters`` (and the glyphs their shaping needs), as WOFF."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # init, medi, fina, rlig…: the forms of joined letters
    options.name_IDs = ["*"]  # the copyright, licence and its URL travel with the font
    options.name_languages = ["*"]
    options.drop_tables = [*options.drop_tables, "FFTM"]  # FontForge's timestamps
    options.flavor = "woff"
    options.with_zopfli = False  # plain zlib: fast and the same bytes every time
    font = TTFont(dejavu_sans(), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(c) for c in characters}))
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out, reorderTables=True)
    return out.getvalue()


def font_face(page_text: str) -> str:
    """The ``@font-face`` rule of the embedded subset for a page whose text is
    ``page_text``; empty when the page has no Arabic-script character."""
    used = "".join(sorted(set(ARABIC_SCRIPT.findall(page_text))))
    if not used:
        return ""
    data = base64.b64encode(subset_woff(used + "\u200c\u200d")).decode("ascii")
    return (
        f"/* {LICENCE} */\n"
        f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400 700;\n'
        f"  unicode-range: {UNICODE_RANGE};\n"
        f'  src: url(data:font/woff;base64,{data}) format("woff"); }}\n'
    )
