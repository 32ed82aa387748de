"""The Python API: load a study from a scenario file or build one from a table, then rank,
weigh, test and report it.

One way through, as on the command line: each function is a thin wrapper over
:mod:`mcda_citydip.pipeline`, :mod:`mcda_citydip.analysis` and :mod:`mcda_citydip.report`;
each result converts to a pandas DataFrame (``to_frame``), to the data of the CLI's JSON
(``to_dict``), and shows itself as a table in a notebook (``_repr_html_``). Errors are the
project's (:mod:`mcda_citydip.errors`), naming the argument at fault.

``load``, ``build``, ``run`` and ``weights`` are also at the package top
(``mcda_citydip.run``); ``mcda_citydip.sensitivity`` and ``mcda_citydip.report`` are
sub-packages, so :func:`sensitivity` and :func:`report` are called from here.
"""

from __future__ import annotations

import math
import os
import shlex
from collections.abc import Mapping, Sequence
from numbers import Real
from pathlib import Path
from typing import Any, SupportsFloat, SupportsIndex

from mcda_citydip.api.build import build, method_names
from mcda_citydip.api.results import Ranking, Robustness, Study, WeightTable
from mcda_citydip.errors import InputError, MethodError, check_choice
from mcda_citydip.files.scenario import Scenario, default_scenario_path, load_scenario
from mcda_citydip.sensitivity.limits import (
    CONCENTRATION,
    PAIR_ALTERNATIVES,
    SAMPLES,
    SEED,
    SPREAD,
)

__all__ = [
    "Ranking",
    "Robustness",
    "Study",
    "WeightTable",
    "build",
    "load",
    "report",
    "run",
    "sensitivity",
    "weights",
]

PathLike = str | os.PathLike[str]
SHAPES = ("uniform", "normal")  # of the indicator-value draws (``values_shape``)


def load(path: PathLike | None = None) -> Study:
    """A study from a scenario YAML file, read as ``citydip run PATH`` reads it (every
    problem of the file and of the files it names in one :class:`InputError`). No path:
    the default scenario shipped with citydip."""
    if path is not None and not isinstance(path, str | os.PathLike):
        raise InputError(
            f"path: expected a file path (str or pathlib.Path), got {type(path).__name__}",
            parameter="path",
        )
    return Study(load_scenario(Path(path) if path is not None else default_scenario_path()))


def _scenario(study: Any) -> Scenario:
    if not isinstance(study, Study):
        raise InputError(
            f"study: expected a Study (from load() or build()), got {type(study).__name__}",
            parameter="study",
        )
    return study.scenario


def _methods(methods: str | Sequence[str] | None) -> list[str] | None:
    """The methods asked for, checked against the registry (``None``: the study's)."""
    return None if methods is None else method_names(methods)


def run(study: Study, methods: str | Sequence[str] | None = None) -> Ranking:
    """Weights, then the ranking by each method (``"topsis"``, ``"vikor"``; default: the
    study's methods), exactly as ``citydip run``."""
    from mcda_citydip.pipeline import run as run_scenario

    scenario = _scenario(study)
    return Ranking(run_scenario(scenario, _methods(methods)), scenario.hierarchy)


def weights(study: Study) -> WeightTable:
    """Local and global weights and the consistency of every node, as ``citydip weights``."""
    from mcda_citydip.conventions import weight_conventions
    from mcda_citydip.pipeline import ranking_weights, scenario_weights

    scenario = _scenario(study)
    found = scenario_weights(scenario)
    effective = ranking_weights(scenario, found) if scenario.problem is not None else None
    return WeightTable(found, scenario.hierarchy, weight_conventions(scenario, found), effective)


def _real(value: Any, parameter: str, low: float, high: float = math.inf) -> float:
    number = float(value) if isinstance(value, Real) and not isinstance(value, bool) else None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        raise MethodError(
            f"{parameter}: must be a finite number from {low:g} to {high:g}, got {value!r}",
            parameter=parameter,
        )
    return float(number)


def sensitivity(
    study: Study,
    *,
    samples: SupportsIndex = SAMPLES,
    seed: SupportsIndex = SEED,
    methods: str | Sequence[str] | None = None,
    draw: str = "dirichlet",
    concentration: SupportsFloat = CONCENTRATION,
    spread: SupportsFloat = SPREAD,
    values: float | Mapping[str, float] = 0.0,
    values_shape: str | Mapping[str, str] = "uniform",
    with_missing: bool = False,
    threads: SupportsIndex = 1,
    pairs: SupportsIndex | None = PAIR_ALTERNATIVES,
    kernel: str = "auto",
) -> Robustness:
    """Every robustness check of ``citydip sensitivity`` with its options (the same seed
    gives the same result, whatever ``threads``). Numbers may be numpy's too
    (``np.int64(500)``), never a ``bool`` or a string. ``pairs``: pair thresholds for the
    pairs among the first ``pairs`` alternatives of the baseline ranking (``None``: all).
    ``kernel``: SMAA's numpy path or the compiled one (``"numba"``, the ``fast`` extra; the
    same numbers), ``"auto"`` as :func:`mcda_citydip.compiled.choose` says."""
    from mcda_citydip.analysis import DRAWS, SensitivitySettings, analyse
    from mcda_citydip.compiled import KERNELS
    from mcda_citydip.sensitivity.engine import check_samples, whole_number
    from mcda_citydip.sensitivity.judgments import check_spread

    scenario = _scenario(study)
    check_choice("draw", draw, DRAWS)
    check_choice("kernel", kernel, KERNELS)
    shapes = (
        [values_shape]
        if isinstance(values_shape, str)
        else list(values_shape.values())
        if isinstance(values_shape, Mapping)
        else [None]
    )
    if any(not isinstance(shape, str) or shape not in SHAPES for shape in shapes):
        raise MethodError(
            f"values_shape: {values_shape!r}: use {' or '.join(SHAPES)} (one for all, or a "
            "mapping indicator or dimension → shape)",
            parameter="values_shape",
        )
    chosen = _methods(methods)
    settings = SensitivitySettings(
        methods=tuple(chosen or ()),
        samples=check_samples(samples),
        seed=whole_number("seed", seed, 0, 2**63 - 1),
        draw=draw,
        concentration=_real(concentration, "concentration", 1e-9),
        spread=check_spread(spread),
        values=(
            {str(k): _real(v, f"values[{k!r}]", 0.0, 1.0) for k, v in values.items()}
            if isinstance(values, Mapping)
            else _real(values, "values", 0.0, 1.0)
        ),
        values_shape=values_shape if isinstance(values_shape, str) else dict(values_shape),
        missing=bool(with_missing),
        pair_alternatives=None if pairs is None else whole_number("pairs", pairs, 2, 2**31),
        kernel=kernel,
    )
    from mcda_citydip.sensitivity.distributed import thread_mapper

    mapper = thread_mapper(whole_number("threads", threads, 1, 1024))  # BLAS held to one thread
    return Robustness(analyse(scenario, settings, None, mapper))


def _command(scenario: Scenario, path: Path, robustness: Robustness) -> str:
    """What rebuilds the report: the CLI command for a scenario file, else this call."""
    smaa = robustness.report.smaa
    listed = robustness.report.options.get("pair_alternatives", PAIR_ALTERNATIVES)
    if scenario.inputs:
        options = ["--samples", str(smaa.samples), "--seed", str(smaa.seed), "--draw", smaa.draw]
        if listed != PAIR_ALTERNATIVES:
            options += ["--pairs", "all" if listed is None else str(listed)]
        methods = [a for m in robustness.methods for a in ("--method", m)]
        return shlex.join(["citydip", "report", scenario.source, *methods, *options,
                           "--out", str(path)])  # fmt: skip
    pairs = "" if listed == PAIR_ALTERNATIVES else f", pairs={listed}"
    return (
        f"mcda_citydip.api.report(study, {str(path)!r}, samples={smaa.samples}, "
        f"seed={smaa.seed}{pairs})"
    )


def report(
    study: Study,
    path: PathLike,
    *,
    robustness: Robustness | None = None,
    overwrite: bool = False,
    **options: Any,
) -> Path:
    """Write the HTML study report of ``citydip report`` to ``path`` (atomically) and
    return the path. ``robustness``: a :func:`sensitivity` result to reuse; else one is
    run with ``options`` (those of :func:`sensitivity`). An existing file is replaced only
    with ``overwrite=True``, an input of the study never."""
    from mcda_citydip.files.paths import check_output
    from mcda_citydip.files.yamlio import write_atomic
    from mcda_citydip.report.html import build_study, study_html

    scenario = _scenario(study)
    if not isinstance(path, str | os.PathLike):
        raise InputError(
            f"path: expected a file path (str or pathlib.Path), got {type(path).__name__}",
            parameter="path",
        )
    out = Path(path)
    if out.exists() and not out.is_dir() and not overwrite:
        raise InputError(
            f"path: {out} already exists; pass overwrite=True or another path (nothing was "
            "written)",
            parameter="path",
        )
    check_output(out, True, scenario.inputs)  # a folder, or an input of the study
    if robustness is None:
        robustness = sensitivity(study, **options)
    elif options:
        raise MethodError(
            f"options: {', '.join(options)} apply to a new analysis; give them to "
            "sensitivity() or leave out robustness",
            parameter="options",
        )
    result = run(study, list(robustness.methods)).result
    page = study_html(
        build_study(scenario, robustness.report, _command(scenario, out, robustness), result)
    )
    write_atomic(out, page)
    return out
