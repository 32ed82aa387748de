"""The registry of ranking methods: the one place that lists them.

Ranking, SMAA-2, critical thresholds, sweeps, rank reversal, method agreement and the
reports look a method up here (by the name a scenario or ``--method`` gives) and ask the
instance; adding a method is adding its class to :data:`METHODS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mcda_citydip.errors import MethodError
from mcda_citydip.ranking.base import Method
from mcda_citydip.ranking.saw import SAW
from mcda_citydip.ranking.topsis import TOPSIS
from mcda_citydip.ranking.vikor import VIKOR

#: name → the method with its default options. Calling one ranks with its options, replaced
#: by any given: ``METHODS["vikor"](problem, weights, v=0.3)``.
METHODS: dict[str, Method] = {m.name: m for m in (TOPSIS(), VIKOR(), SAW())}


def get_method(name: str, options: Mapping[str, Any] | None = None) -> Method:
    """The method registered as ``name`` with ``options`` (checked; defaults filled in)."""
    if not isinstance(name, str) or name not in METHODS:
        raise MethodError(
            f"method: unknown method {name!r}; use one of {', '.join(METHODS)}",
            parameter="method",
        )
    return METHODS[name].with_options(**dict(options or {}))


def compared_methods(
    run: Mapping[str, Mapping[str, Any]],
) -> dict[str, tuple[str, dict[str, Any]]]:
    """The settings method agreement compares: every registered method that is ``compared``
    or in ``run`` (method → options, e.g. a scenario's), with ``run``'s options, then each
    one's ``variants``. Name → (method, its options, every default filled in)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    variants: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, method in METHODS.items():
        if not (method.compared or name in run):
            continue
        found[name] = (name, dict(get_method(name, run.get(name)).options))
        for variant, options in method.variants.items():
            variants[variant] = (name, dict(get_method(name, options).options))
    return {**found, **variants}


def method_label(name: str) -> str:
    """How a method is named in output: its ``label`` (``TOPSIS``); an unregistered name in
    capitals."""
    return METHODS[name].label if name in METHODS else name.upper()
