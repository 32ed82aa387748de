"""The two readings of a document (msgspec's strict one, pydantic's reference) compared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import msgspec
from pydantic import ValidationError

from mcda_citydip.files import schema, spec

S = TypeVar("S", bound=msgspec.Struct)


def encoded(value: Any) -> bytes:
    """A spec as JSON: equal bytes mean equal values of equal types (1.0 is not 1)."""
    return msgspec.json.encode(value)


def pydantic_reading(kind: type[S], data: Any) -> S | None:
    """The spec the pydantic schema reads from ``data``, or ``None`` when it refuses it."""
    try:
        model = getattr(schema, kind.__name__).model_validate(data)
    except ValidationError:
        return None
    return spec.from_model(kind, model)


def _unlike_pydantic(kind: type[S], data: Any, read: S) -> str | None:
    """Why msgspec's reading ``read`` of ``data`` is not pydantic's, or ``None``."""
    reference = pydantic_reading(kind, data)
    if reference is None:
        return f"msgspec took what pydantic refuses: {data!r}"
    if encoded(read) != encoded(reference):
        return f"{encoded(read)!r} != {encoded(reference)!r} for {data!r}"
    return None


def disagreement(kind: type[S], data: Any) -> str | None:
    """Why msgspec's reading of ``data`` is not pydantic's, or ``None`` when they agree:
    msgspec may refuse what pydantic takes (pydantic then reads it), never the reverse."""
    read = spec.fast(kind, data)
    return None if read is None else _unlike_pydantic(kind, data, read)


def cross_checked(read: Callable[[type[S], Any], S]) -> Callable[[type[S], Any], S]:
    """``read`` (``spec._read``) that fails the test when pydantic reads otherwise."""

    def checked(kind: type[S], data: Any) -> S:
        result = read(kind, data)  # raises msgspec.ValidationError when msgspec refuses
        problem = _unlike_pydantic(kind, data, result)
        assert problem is None, problem
        return result

    return checked
