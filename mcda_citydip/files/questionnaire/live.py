"""The live consistency check of a node sheet, in ordinary spreadsheet formulas.

Right of the pairs table (which ends at column G; the reader never looks beyond column D)
each node sheet with three or more items computes, as the expert answers:

* column I, one cell per pair: the judgment as a number (``3``, text ``"1/3"`` → 0.333…;
  blank while unanswered), so that text fractions typed as the questionnaire asks count;
* from column K: the reciprocal matrix ``A`` (``a_ij`` from the pair's row, ``a_ji = 1/a_ij``),
  the row geometric means and the normalised priorities ``w⁰`` (Crawford & Williams 1985);
* ``POWER_STEPS`` power-iteration columns ``v_k = A·v_{k−1} / Σ v_{k−1}`` from ``v_0 = w⁰``
  (grouped and hidden), the eigenvector priorities ``v_K / Σ v_K`` and the ratios
  ``(A·v_K)_i / v_{K,i}``;
* rows 1–3: pairs answered, ``λmax ≈ mean_i (A·v_K)_i / v_{K,i}``,
  ``CR = (λmax − n) / ((n − 1) · RI(n))`` with the scenario's ``RI(n)`` written in as a
  constant, shown only when every pair is answered, red above the scenario's limit.

**The approximation.** citydip's CR of a complete matrix uses the principal eigenvalue
(:func:`~mcda_citydip.ahp.consistency.consistency`, whatever ``ahp.priority`` says). The
sheet estimates it by ``POWER_STEPS`` = 40 power iterations started from the geometric-mean
priorities (the one-step estimate from the geometric mean alone is off by up to 0.05 at
CR ≤ 0.3). Measured on 20,000 random Saaty-scale matrices per order n = 4…7:
``|CR_sheet − CR_citydip| < 5·10⁻⁵`` for every matrix and ``< 10⁻¹⁰`` where CR ≤ 0.5; larger
orders converge faster (n = 9, 12: below 10⁻⁶ after 30 steps), and for n = 3 the geometric
mean already is the eigenvector. ``tests/files/test_questionnaire_formulas.py`` evaluates the
workbook with the ``formulas`` engine and checks 10⁻⁸ (CR ≤ 0.5) and 10⁻⁴ (any CR);
LibreOffice 7.4 computes the same CRs to its 15 printed digits.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from mcda_citydip.files.questionnaire.layout import BOLD, FIRST_ROW, HEADER_ROW
from mcda_citydip.i18n import N_, _

POWER_STEPS = 40
NUMBER_COLUMN = 9  # I: each judgment as a number
LABEL_COLUMN = 11  # K: summary labels (rows 1–3) and matrix row labels
COUNT_CELL, LAMBDA_CELL, RI_CELL, CR_CELL, STATUS_CELL = "L2", "O2", "Q2", "L3", "L1"
LIMIT_CELL = "O3"
NOT_READY = N_("fill every pair")
NOT_ON_SCALE = N_("not on the scale")
RED = PatternFill("solid", start_color="FFC7CE")
GREY = Font(color="808080", italic=True)
APPROXIMATION = N_(
    "CR computed by this sheet: λmax is estimated by {steps} power iterations of the matrix "
    "started from the row geometric means, CI = (λmax − n)/(n − 1), CR = CI/RI(n) with RI from "
    "the '{table}' table. It agrees with citydip's eigenvalue CR to about 0.0001 (far better "
    "when CR ≤ 0.5). Shown once every pair is answered; red above {limit}."
)


class LiveCheck(Struct, frozen=True):
    """What the sheet's formulas need from the scenario's ``ahp`` settings."""

    random_index: float  # RI(n) of the scenario's table
    table: str  # the table's name
    limit: float  # max_cr, or Saaty's 0.1
    priority: str = "eigenvector"  # the priorities citydip derives (shown in bold)


def _quoted(text: str) -> str:
    """``text`` inside a formula's string literal (``"`` doubled)."""
    return text.replace('"', '""')


def judgment_number(cell: str) -> str:
    """A formula giving the judgment in ``cell`` as a number, ``""`` when blank.

    The cell is read as text (``cell&""``: a number becomes its digits), spaces and
    apostrophes are dropped, and a fraction is split at ``/`` (``VALUE("1/3")`` would be a
    date in Excel); whatever does not parse shows "not on the scale". No ``ISNUMBER`` on
    the cell itself: engines differ on whether the text "3" is a number.
    """
    text = f'SUBSTITUTE(SUBSTITUTE({cell}&"","\'","")," ","")'
    slash = f'FIND("/",{text})'
    fraction = f"VALUE(LEFT({text},{slash}-1))/VALUE(MID({text},{slash}+1,99))"
    parsed = f"IF(ISERROR({slash}),VALUE({text}),{fraction})"
    unreadable = _quoted(_(NOT_ON_SCALE))
    return f'=IF({text}="","",IFERROR({parsed}*1,"{unreadable}"))'


def _formula(sheet: Any, row: int, column: int, text: str, number_format: str = "0.000") -> Any:
    cell = sheet.cell(row=row, column=column, value=text)
    cell.number_format = number_format
    return cell


def _label(sheet: Any, row: int, column: int, text: str, font: Font = BOLD) -> None:
    cell = sheet.cell(row=row, column=column, value=text)
    cell.data_type = "s"  # an item id such as '=L7' stays text
    cell.font = font


def _dot(row: int, first: int, vector: str, n: int) -> str:
    """``Σ_j A[row, j] · vector[j]`` spelled out: one product per item (no array formulas)."""
    return "+".join(
        f"{get_column_letter(first + j)}{row}*{vector}${FIRST_ROW + j}" for j in range(n)
    )


def _matrix(sheet: Any, items: tuple[str, ...], rows: dict[tuple[int, int], int]) -> None:
    """The reciprocal matrix, one row and one column per item, from the pairs' numbers."""
    first = LABEL_COLUMN + 1
    for i, item in enumerate(items):
        _label(sheet, HEADER_ROW, first + i, item)
        _label(sheet, FIRST_ROW + i, LABEL_COLUMN, item)
        for j in range(len(items)):
            row, column = FIRST_ROW + i, first + j
            if i == j:
                sheet.cell(row=row, column=column, value=1)
                continue
            number = f"$I${rows[(min(i, j), max(i, j))]}"
            entry = number if i < j else f"1/{number}"
            _formula(sheet, row, column, f'=IF(ISNUMBER({number}),{entry},"")')


def _priorities(sheet: Any, n: int, total: int, check: LiveCheck) -> str:
    """Geometric means, their priorities, the power iterations, the eigenvector priorities
    and the ratios ``(A·v)_i / v_i``; returns the ratios' column letter."""
    first, last = LABEL_COLUMN + 1, LABEL_COLUMN + n
    ready = f"{_absolute(COUNT_CELL)}={total}"
    gm, w0 = last + 1, last + 2
    headers = {gm: _("geometric mean"), w0: _("priority (geometric mean)")}
    for step in range(1, POWER_STEPS + 1):
        headers[w0 + step] = _("power step {step}").format(step=step)
    eigen, ratio = w0 + POWER_STEPS + 1, w0 + POWER_STEPS + 2
    headers |= {eigen: _("priority (eigenvector)"), ratio: "(A·v)ᵢ / vᵢ"}
    for column, header in headers.items():
        _label(sheet, HEADER_ROW, column, header)
    span = f"{get_column_letter(first)}{{r}}:{get_column_letter(last)}{{r}}"
    for i in range(n):
        row = FIRST_ROW + i
        cells = span.format(r=row)
        _formula(sheet, row, gm, f'=IF(COUNT({cells})={n},GEOMEAN({cells}),"")', "0.0000")
        g = get_column_letter(gm)
        total_gm = f"SUM({g}${FIRST_ROW}:{g}${FIRST_ROW + n - 1})"
        _formula(sheet, row, w0, f'=IF({ready},{g}{row}/{total_gm},"")', "0.0000")
        previous = get_column_letter(w0)
        for step in range(1, POWER_STEPS + 1):
            whole = f"SUM({previous}${FIRST_ROW}:{previous}${FIRST_ROW + n - 1})"
            dot = _dot(row, first, previous, n)
            _formula(sheet, row, w0 + step, f'=IF({ready},({dot})/{whole},"")', "0.0000")
            previous = get_column_letter(w0 + step)
        whole = f"SUM({previous}${FIRST_ROW}:{previous}${FIRST_ROW + n - 1})"
        _formula(sheet, row, eigen, f'=IF({ready},{previous}{row}/{whole},"")', "0.0000")
        dot = _dot(row, first, previous, n)
        _formula(sheet, row, ratio, f'=IF({ready},({dot})/{previous}{row},"")', "0.0000")
    shown = eigen if check.priority == "eigenvector" else w0
    for i in range(n):
        sheet.cell(row=FIRST_ROW + i, column=shown).font = BOLD
    sheet.column_dimensions.group(
        get_column_letter(w0 + 1), get_column_letter(w0 + POWER_STEPS), hidden=True
    )
    return str(get_column_letter(ratio))


def _absolute(ref: str) -> str:
    return f"${ref[0]}${ref[1:]}"


def _status(total: int, last_row: int) -> str:
    """The sentence of cell ``STATUS_CELL``: what the expert should do next."""
    count, cr, limit = COUNT_CELL, CR_CELL, _absolute(LIMIT_CELL)
    off_scale = _quoted(_("A judgment is not a value of the scale"))
    unanswered = _quoted(_("Answer every pair to see the consistency ratio (CR)"))
    above = _("CR above {limit}: some judgments contradict the others; please revise them")
    within = _("CR at most {limit}: consistent enough")
    above, within = (_quoted(t).replace("{limit}", f'"&{limit}&"') for t in (above, within))
    return (
        f'=IF(COUNTA(C{FIRST_ROW}:C{last_row})>{count},"{off_scale}",'
        f'IF({count}<{total},"{unanswered}",'
        f'IF({cr}>{limit},"{above}","{within}")))'
    )


def _summary(sheet: Any, n: int, total: int, last_row: int, ratios: str, check: LiveCheck) -> None:
    """Rows 1–3: status, pairs answered, λmax, RI(n), limit and CR (red above the limit)."""
    ready = f"{COUNT_CELL}={total}"
    not_ready = _quoted(_(NOT_READY))
    cells = (  # cell, its label (left of it), content, number format
        (STATUS_CELL, _("Live check"), _status(total, last_row), "General"),
        (COUNT_CELL, _("Pairs answered"), f"=COUNT($I${FIRST_ROW}:$I${last_row})", "0"),
        (
            LAMBDA_CELL,
            "λmax ≈",
            f'=IF({ready},AVERAGE({ratios}{FIRST_ROW}:{ratios}{FIRST_ROW + n - 1}),"")',
            "0.0000",
        ),
        (RI_CELL, f"RI({n}), {check.table}", check.random_index, "0.00##"),  # a table name
        (
            CR_CELL,
            "CR ≈",
            f'=IF({ready},({LAMBDA_CELL}-{n})/({n - 1}*{RI_CELL}),"{not_ready}")',
            "0.000",
        ),
        (LIMIT_CELL, _("limit"), check.limit, "General"),
    )
    for ref, label, content, number_format in cells:
        cell = sheet[ref]
        _label(sheet, cell.row, cell.column - 1, label)
        cell.value, cell.number_format = content, number_format
    of_total = _("of {total}").format(total=total)
    sheet.cell(row=2, column=sheet[COUNT_CELL].column + 1, value=of_total)
    for ref in (STATUS_CELL, CR_CELL):
        sheet[ref].font = BOLD
    approximation = _(APPROXIMATION).format(steps=POWER_STEPS, table=check.table, limit=check.limit)
    sheet[CR_CELL].comment = Comment(approximation, "citydip", width=320, height=160)
    sheet.conditional_formatting.add(
        CR_CELL,
        FormulaRule(
            formula=[f"AND(ISNUMBER({CR_CELL}),{CR_CELL}>{_absolute(LIMIT_CELL)})"],
            fill=RED,
            font=Font(bold=True, color="9C0006"),
        ),
    )


def write_live_check(
    sheet: Any, items: tuple[str, ...], pairs: list[tuple[str, str]], check: LiveCheck
) -> None:
    """Add the live consistency check to a node sheet whose pairs start at ``FIRST_ROW``
    (nodes of three or more items; two items are always consistent)."""
    n, total = len(items), len(pairs)
    if n < 3:
        _label(sheet, 1, LABEL_COLUMN, _("Live check"))
        sheet[STATUS_CELL] = _("Two items: always consistent (CR 0)")
        return
    index = {item: i for i, item in enumerate(items)}
    rows = {}
    _label(sheet, HEADER_ROW, NUMBER_COLUMN, _("as a number"))
    for row, (left, right) in enumerate(pairs, start=FIRST_ROW):
        rows[(index[left], index[right])] = row
        _formula(sheet, row, NUMBER_COLUMN, judgment_number(f"$C{row}"), "0.000")
    _matrix(sheet, items, rows)
    ratios = _priorities(sheet, n, total, check)
    _summary(sheet, n, total, FIRST_ROW + total - 1, ratios, check)
    _label(sheet, HEADER_ROW, LABEL_COLUMN, _("matrix A"), GREY)
    widths = {NUMBER_COLUMN: 11, LABEL_COLUMN: 16}
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
