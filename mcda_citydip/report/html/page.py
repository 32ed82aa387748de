"""The page around the sections: one self-contained HTML document (inline styles, the
system's fonts and, for Persian text, an embedded subset of DejaVu Sans (:mod:`.fonts`), no
script, no request of any kind), readable on a screen and printable on A4 (figures and
tables never split, table headings repeated on every page), left to right in English and
right to left in Persian (``--lang fa``): the styles use logical sides (``inline-start``)."""

from __future__ import annotations

from collections.abc import Sequence

from mcda_citydip.i18n import _, language
from mcda_citydip.report.html.fonts import FAMILY, font_face
from mcda_citydip.report.html.markup import Section, esc

#: Languages written right to left.
RIGHT_TO_LEFT = frozenset({"fa"})
LATIN_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial'
#: Fonts that render Persian, the system's first, then the embedded subset (when the page
#: has Persian text); Latin text falls through to :data:`LATIN_FONTS`.
PERSIAN_FONTS = f'Vazirmatn, "Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, "{FAMILY}"'

# Okabe & Ito (2008) colour-blind-safe hues, as light tints behind the cells' symbols.
STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --accent: #0072b2; --warn: #d55e00; }
* { box-sizing: border-box; }
html { font-family: FONTS, sans-serif; font-size: 16px; line-height: 1.5;
  color: var(--ink); background: #fff; -webkit-text-size-adjust: 100%; }
body { margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
main p, main li, main dd { overflow-wrap: anywhere; }  /* long file names wrap on a phone */
h1 { font-size: 1.65rem; line-height: 1.25; margin: .75rem 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .4rem; }
p { margin: .5rem 0; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
p.takeaway { font-weight: 600; background: #eaf3fa; border-inline-start: 4px solid var(--accent);
  padding: .5rem .8rem; }
.banner { border: 2px solid var(--warn); background: #fbeee4; padding: .5rem .8rem;
  margin: .6rem 0; }
.banner strong { color: #8a3a00; }
nav.toc { border: 1px solid var(--rule); padding: .4rem 1rem; margin: 1rem 0; }
nav.toc ol { margin: .3rem 0; padding-inline-start: 1.4rem; columns: 2 14rem; }
a { color: var(--accent); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dt { font-weight: 600; } dd { margin: 0; }
.scroll { overflow-x: auto; margin: .6rem 0 1rem; }
table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
caption { text-align: start; font-size: .85rem; color: var(--muted); padding: .2rem 0; }
th, td { padding: .22rem .5rem; border-bottom: 1px solid #e4e4e4; text-align: start;
  vertical-align: top; }
thead th { border-bottom: 2px solid #999; vertical-align: bottom; }
.num { text-align: end; white-space: nowrap; }
tr.first td { font-weight: 600; }
td.city, td.status { white-space: nowrap; }
td.indent1 { padding-inline-start: 1.5rem; }
.flag { color: #8a3a00; font-weight: 600; }
.note, .small { font-size: .85rem; color: var(--muted); }
figure { margin: 1rem 0 1.25rem; }
.svg svg { display: block; width: 100%; height: auto; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .3rem; }
table.grid { font-size: .75rem; }
table.grid th, table.grid td { padding: .1rem .15rem; text-align: center; min-width: 1.45em;
  border: 1px solid #fff; }
table.grid th.city, table.grid td.city { text-align: start; white-space: nowrap;
  padding-inline-end: .5rem; }
table.grid th.ind { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 500;
  padding: .3rem 0; white-space: nowrap; }
table.grid th.dim { border-inline-start: 2px solid #999; font-weight: 600; }
table.grid .start { border-inline-start: 2px solid #999; }
.data { background: #cfe4f4; } .experts { background: #d4eedf; }
.imputed { background: #f9e3b8; } .missing { background: #fff; color: #888; }
.dropped { background: #e2e2e2; color: #555; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem;
  font-size: .85rem; }
ul.legend span { display: inline-block; min-width: 1.6em; text-align: center;
  border: 1px solid #bbb; margin-inline-end: .3rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: .5rem .7rem;
  font-size: .85rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono",
  monospace; overflow-wrap: anywhere; }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); }
.made { color: var(--muted); font-size: .9rem; margin: 0 0 .5rem; }
/* right to left: a paragraph or cell still in English (a takeaway not yet translated) keeps
   its own direction, from its first letter */
[dir="rtl"] :is(p, li, dt, dd, caption, figcaption, td, th, .banner) { unicode-bidi: plaintext; }
@media (max-width: 40rem) {
  html { font-size: 15px; }
  main { padding: .5rem .75rem 2rem; }
  dl { grid-template-columns: 1fr; } dd { margin-bottom: .4rem; }
}
@page { size: A4; margin: 15mm; }
@media print {
  html { font-size: 9.5pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  nav.toc { break-after: avoid; }
  h2, h3 { break-after: avoid; }
  p.takeaway { break-after: avoid; break-inside: avoid; }
  .scroll { overflow: visible; }
  figure, table, .banner, dl, pre, ul.legend { break-inside: avoid; }
  ul.legend { break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  table { font-size: 8pt; }
  th, th.num { white-space: normal; }
  table.grid { font-size: 7pt; }
  .svg svg { max-height: 205mm; }
}
"""


def document(
    title: str,
    subtitle: str,
    banners: Sequence[str],
    sections: Sequence[Section],
    footer: str,
    made: str = "",
) -> str:
    """The whole page: heading, the date it was made (``made``, ready HTML), banners (ready
    HTML), table of contents, sections; in the language of ``--lang``, right to left in
    Persian, with the embedded Persian font when the page has Persian text."""
    code = language()
    toc = "".join(f'<li><a href="#{s.id}">{esc(s.title)}</a></li>' for s in sections)
    body = "".join(s.render(k) for k, s in enumerate(sections, start=1))
    shown_banners = "".join(f'<div class="banner" role="note">{b}</div>' for b in banners)
    shown_made = f'<p class="made">{made}</p>' if made else ""
    contents = esc(_("Contents"))
    main = (
        f"<header><h1>{esc(title)}</h1>{shown_made}"
        f'<p class="subtitle">{subtitle}</p>{shown_banners}</header>\n'
        f'<nav class="toc" aria-label="{contents}"><strong>{contents}</strong>'
        f"<ol>{toc}</ol></nav>\n"
        f"{body}\n<footer>{footer}</footer>\n"
    )
    face = font_face(title + main)
    fonts = f"{PERSIAN_FONTS}, {LATIN_FONTS}" if code in RIGHT_TO_LEFT else LATIN_FONTS
    if face and code not in RIGHT_TO_LEFT:
        fonts = f"{LATIN_FONTS}, {PERSIAN_FONTS}"
    style = face + STYLE.replace("FONTS", fonts, 1)
    direction = "rtl" if code in RIGHT_TO_LEFT else "ltr"
    return (
        f'<!doctype html>\n<html lang="{code}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n<main>\n"
        f"{main}</main>\n</body>\n</html>\n"
    )
