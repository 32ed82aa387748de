"""The page around the sections: one self-contained HTML document (inline styles, the
system's fonts, no script, no request of any kind), readable on a screen and printable on
A4 (figures and tables never split, table headings repeated on every page)."""

from __future__ import annotations

from collections.abc import Sequence

from mcda_citydip.report.html.markup import Section, esc

# Okabe & Ito (2008) colour-blind-safe hues, as light tints behind the cells' symbols.
STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --accent: #0072b2; --warn: #d55e00; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue",
  Arial, "Noto Sans Arabic", Tahoma, sans-serif; font-size: 16px; line-height: 1.5;
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
p.takeaway { font-weight: 600; background: #eaf3fa; border-left: 4px solid var(--accent);
  padding: .5rem .8rem; }
.banner { border: 2px solid var(--warn); background: #fbeee4; padding: .5rem .8rem;
  margin: .6rem 0; }
.banner strong { color: #8a3a00; }
nav.toc { border: 1px solid var(--rule); padding: .4rem 1rem; margin: 1rem 0; }
nav.toc ol { margin: .3rem 0; padding-left: 1.4rem; columns: 2 14rem; }
a { color: var(--accent); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dt { font-weight: 600; } dd { margin: 0; }
.scroll { overflow-x: auto; margin: .6rem 0 1rem; }
table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-size: .85rem; color: var(--muted); padding: .2rem 0; }
th, td { padding: .22rem .5rem; border-bottom: 1px solid #e4e4e4; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid #999; vertical-align: bottom; }
.num { text-align: right; white-space: nowrap; }
tr.first td { font-weight: 600; }
td.city, td.status { white-space: nowrap; }
td.indent1 { padding-left: 1.5rem; }
.flag { color: #8a3a00; font-weight: 600; }
.note, .small { font-size: .85rem; color: var(--muted); }
figure { margin: 1rem 0 1.25rem; }
.svg svg { display: block; width: 100%; height: auto; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .3rem; }
table.grid { font-size: .75rem; }
table.grid th, table.grid td { padding: .1rem .15rem; text-align: center; min-width: 1.45em;
  border: 1px solid #fff; }
table.grid th.city, table.grid td.city { text-align: left; white-space: nowrap;
  padding-right: .5rem; }
table.grid th.ind { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 500;
  padding: .3rem 0; white-space: nowrap; }
table.grid th.dim { border-left: 2px solid #999; font-weight: 600; }
table.grid .start { border-left: 2px solid #999; }
.data { background: #cfe4f4; } .experts { background: #d4eedf; }
.imputed { background: #f9e3b8; } .missing { background: #fff; color: #888; }
.dropped { background: #e2e2e2; color: #555; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1rem;
  font-size: .85rem; }
ul.legend span { display: inline-block; min-width: 1.6em; text-align: center;
  border: 1px solid #bbb; margin-right: .3rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: .5rem .7rem;
  font-size: .85rem; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono",
  monospace; overflow-wrap: anywhere; }
footer { margin-top: 3rem; font-size: .8rem; color: var(--muted); }
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
    title: str, subtitle: str, banners: Sequence[str], sections: Sequence[Section], footer: str
) -> str:
    """The whole page: heading, banners (ready HTML), table of contents, sections."""
    toc = "".join(f'<li><a href="#{s.id}">{esc(s.title)}</a></li>' for s in sections)
    body = "".join(s.render(k) for k, s in enumerate(sections, start=1))
    shown_banners = "".join(f'<div class="banner" role="note">{b}</div>' for b in banners)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<header><h1>{esc(title)}</h1>"
        f'<p class="subtitle">{subtitle}</p>{shown_banners}</header>\n'
        f'<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>{toc}</ol></nav>\n'
        f"{body}\n<footer>{footer}</footer>\n</main>\n</body>\n</html>\n"
    )
