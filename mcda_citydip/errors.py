"""The one exception family of citydip.

Every problem a user can fix is a :class:`CitydipError`. Each carries one or more
messages, and each message says what is wrong, where (file and location) and how
to fix it. The CLI prints every message as one ``Error: …`` line and exits 2;
any other exception is a bug.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping


class CitydipError(Exception):
    """A problem the user can fix: bad file, bad option or unusable data.

    An error about an argument of a library function names it as the library does
    (``samples: must be at least 1, got 0``) and carries it as ``parameter``; the CLI shows
    that name as its option (``--samples: …``, :func:`as_option`).
    """

    def __init__(self, messages: str | Iterable[str], *, parameter: str | None = None) -> None:
        self.messages: tuple[str, ...] = (
            (messages,) if isinstance(messages, str) else tuple(messages)
        )
        self.parameter = parameter
        super().__init__("\n".join(self.messages))

    def as_option(self, flags: Mapping[str, str]) -> tuple[str, ...]:
        """The messages as the CLI says them: a leading ``parameter:`` becomes the option's
        name (``flags[parameter]``, else ``--parameter`` with ``-`` for ``_``)."""
        if self.parameter is None:
            return self.messages
        name = self.parameter
        flag = flags.get(name, "--" + name.replace("_", "-"))
        return tuple(
            flag + m[len(name) :] if m.startswith(name + ":") or m.startswith(name + " ") else m
            for m in self.messages
        )


class InputError(CitydipError):
    """A file is missing, unreadable, malformed or inconsistent with another."""


class JudgmentError(CitydipError):
    """Pairwise judgments that cannot be turned into weights."""


class MethodError(CitydipError):
    """An unknown method, an unknown option or an option out of range."""


def where(source: str, location: str = "", line: int | None = None) -> str:
    """Format the *where* part of a message: ``file.yaml, line 4 (comparisons.goal[2])``."""
    parts = [source]
    if line is not None:
        parts.append(f"line {line}")
    text = ", ".join(parts)
    return f"{text} ({location})" if location else text


def check_choice(parameter: str, value: object, choices: Iterable[str], what: str = "") -> None:
    """Raise :class:`MethodError` about ``parameter`` unless ``value`` is one of ``choices``:
    ``priority: unknown priority method 'foo'; use one of: eigenvector, geometric-mean``."""
    allowed = tuple(choices)
    if not isinstance(value, str) or value not in allowed:
        raise MethodError(
            f"{parameter}: unknown {what or parameter.replace('_', ' ')} {value!r}; use one of: "
            f"{', '.join(allowed)}",
            parameter=parameter,
        )


def is_positive(value: object) -> bool:
    """Whether ``value`` is a finite number above 0 (a ``bool`` or a string is not)."""
    if isinstance(value, bool | str | bytes):
        return False
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return 0 < number < math.inf


def check_positive(parameter: str, value: object) -> float:
    """``value`` as a float, or :class:`MethodError` unless it is a finite number above 0."""
    if not is_positive(value):
        raise MethodError(
            f"{parameter}: must be a positive number, got {value!r}", parameter=parameter
        )
    return float(value)  # type: ignore[arg-type]
