"""The one exception family of citydip.

Every problem a user can fix is a :class:`CitydipError`. Each carries one or more
messages, and each message says what is wrong, where (file and location) and how
to fix it. The CLI prints every message as one ``Error: …`` line and exits 2;
any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable


class CitydipError(Exception):
    """A problem the user can fix: bad file, bad option or unusable data."""

    def __init__(self, messages: str | Iterable[str]) -> None:
        self.messages: tuple[str, ...] = (
            (messages,) if isinstance(messages, str) else tuple(messages)
        )
        super().__init__("\n".join(self.messages))


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
