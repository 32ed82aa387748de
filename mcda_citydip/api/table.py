"""The table given to :func:`~mcda_citydip.api.build.build`: a pandas DataFrame (index:
alternatives, columns: indicators) or a 2-D array with optional names, read into checked
alternative ids, indicator ids and a matrix of numbers (NaN for a missing value)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from mcda_citydip.errors import InputError
from mcda_citydip.files.text import id_problem
from mcda_citydip.model import FloatArray

Table = tuple[tuple[str, ...], tuple[str, ...], FloatArray]


def _names(given: Sequence[Any], what: str, parameter: str) -> tuple[str, ...]:
    """Ids as text, each checked, none twice."""
    names = tuple(str(n) for n in given)
    problems = [f"{parameter}: {p}" for n in names if (p := id_problem(n))]
    problems += [f"{parameter}: {what} '{n}' is empty" for n in names if not n.strip()]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        problems.append(f"{parameter}: {what}(s) {', '.join(twice)} appear more than once")
    if problems:
        raise InputError(problems, parameter=parameter)
    return names


def _numbers(values: Any, parameter: str) -> FloatArray:
    try:
        matrix = np.array(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{parameter}: holds values that are not numbers ({exc}); give numbers only",
            parameter=parameter,
        ) from None
    return matrix


def _frame(data: Any) -> Table:
    columns = _names(list(data.columns), "indicator", "data")
    alternatives = _names(list(data.index), "alternative", "data")
    for column in data.columns:
        try:
            np.asarray(data[column], dtype=float)
        except (TypeError, ValueError):
            example = next(v for v in data[column] if not _is_number(v))
            raise InputError(
                f"data: column '{column}' holds a value that is not a number ({example!r}); "
                "give numbers only (NaN for a missing value)",
                parameter="data",
            ) from None
    return alternatives, columns, _numbers(data.to_numpy(dtype=float), "data")


def _list(given: Any, parameter: str) -> list[Any]:
    """Names given as a sequence (a list, a tuple, a 1-D array, a pandas Index)."""
    if isinstance(given, str | bytes | Mapping) or not isinstance(given, Iterable):
        raise InputError(
            f"{parameter}: expected a sequence of names, got {type(given).__name__}",
            parameter=parameter,
        )
    return list(given)


def _empty(shape: tuple[int, ...]) -> None:
    """Refuse a table without rows or columns."""
    rows, columns = shape
    lacking = " and ".join(
        (["rows (alternatives)"] if rows == 0 else [])
        + (["columns (indicators)"] if columns == 0 else [])
    )
    raise InputError(
        f"data: no {lacking}; give a table with one row per alternative and one column per "
        "indicator",
        parameter="data",
    )


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _table(
    data: Any, alternatives: Sequence[Any] | None, indicators: Sequence[Any] | None
) -> Table:
    """Alternatives, indicators and the matrix of a DataFrame (index, columns) or an array."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(data, pandas.DataFrame):
        if alternatives is not None or indicators is not None:
            named = "alternatives" if alternatives is not None else "indicators"
            raise InputError(
                f"{named}: a DataFrame names its alternatives by its index and its indicators "
                "by its columns; rename those instead",
                parameter=named,
            )
        if 0 in data.shape:
            _empty(data.shape)
        found = _frame(data)
    else:
        matrix = _numbers(data, "data")
        if matrix.ndim != 2:
            raise InputError(
                f"data: expected a 2-D table (alternatives × indicators), got shape {matrix.shape}",
                parameter="data",
            )
        if 0 in matrix.shape:
            _empty(matrix.shape)
        m, n = matrix.shape
        rows = (
            [f"A{i + 1}" for i in range(m)]
            if alternatives is None
            else _list(alternatives, "alternatives")
        )
        columns = (
            [f"C{j + 1}" for j in range(n)]
            if indicators is None
            else _list(indicators, "indicators")
        )
        for parameter, names, size, what in (
            ("alternatives", rows, m, "rows"),
            ("indicators", columns, n, "columns"),
        ):
            if len(names) != size:
                raise InputError(
                    f"{parameter}: {len(names)} names for {size} {what} of data; give one "
                    f"name per {what[:-1]}",
                    parameter=parameter,
                )
        found = (
            _names(rows, "alternative", "alternatives"),
            _names(columns, "indicator", "indicators"),
            matrix,
        )
    if np.isinf(found[2]).any():
        raise InputError(
            "data: holds an infinite value; give finite numbers (NaN for a missing value)",
            parameter="data",
        )
    return found
