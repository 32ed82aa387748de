"""citydip: multi-criteria decision analysis for city diplomacy.

Which cities of a region have the capacity to form, or to join, an urban union?
citydip answers with AHP weights from expert judgments, TOPSIS and VIKOR rankings
of the candidate cities, and sensitivity analysis of those rankings.

The Python API (:mod:`mcda_citydip.api`) is imported on first use, so ``import
mcda_citydip`` stays light: ``mcda_citydip.load``, ``build``, ``run`` and ``weights`` are
its functions; ``sensitivity`` and ``report`` are sub-packages here, so those two functions
are called as ``mcda_citydip.api.sensitivity`` and ``mcda_citydip.api.report``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from mcda_citydip.api import (
        Ranking,
        Robustness,
        Study,
        WeightTable,
        load,
        run,
        weights,
    )
    from mcda_citydip.api.build import build
    from mcda_citydip.errors import CitydipError, InputError, JudgmentError, MethodError

#: Names at the package top → the module that defines them (imported on first use).
_LAZY = {
    **dict.fromkeys(
        ("Ranking", "Robustness", "Study", "WeightTable", "build", "load", "run", "weights"),
        "mcda_citydip.api",
    ),
    **dict.fromkeys(
        ("CitydipError", "InputError", "JudgmentError", "MethodError"), "mcda_citydip.errors"
    ),
}

__all__ = [
    "CitydipError",
    "InputError",
    "JudgmentError",
    "MethodError",
    "Ranking",
    "Robustness",
    "Study",
    "WeightTable",
    "__version__",
    "build",
    "load",
    "run",
    "weights",
]


def __getattr__(name: str) -> Any:
    """The API's names, imported when first asked for (PEP 562)."""
    from importlib import import_module

    if name == "api":
        return import_module("mcda_citydip.api")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mcda_citydip' has no attribute '{name}'")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "api"})
