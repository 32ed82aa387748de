"""Where simulations keep their results between processes.

The graph factor of an incomplete node's random index is a Monte Carlo simulation with a
fixed seed (:func:`mcda_citydip.ahp.consistency.random_mean_ci`): the same comparison graph
always gives the same two numbers, so they can be kept instead of simulated again by every
``citydip`` process. The maths asks the store installed here (none by default: memory
only); the command line installs a folder on disk (:mod:`mcda_citydip.files.cache`). A
store returns exactly what was put, so a kept result is bit-identical to a new one.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["Store", "current", "use"]


class Store(Protocol):
    """Results of deterministic simulations, by a key that names every input."""

    def get(self, key: str) -> tuple[float, ...] | None:
        """The numbers kept for ``key``, or ``None`` (never kept, or unreadable)."""

    def put(self, key: str, value: tuple[float, ...]) -> None:
        """Keep ``value`` for ``key``; a store that cannot write says nothing."""


_installed: list[Store | None] = [None]


def use(store: Store | None) -> None:
    """Install ``store`` for the simulations of this process (``None``: memory only)."""
    _installed[0] = store


def current() -> Store | None:
    """The installed store, if any."""
    return _installed[0]
