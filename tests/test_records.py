"""The package's records: frozen ``msgspec.Struct`` classes (issue 18: a dataclass costs
Python 3.11 about 1 ms to make, a Struct about 0.02 ms), each one documented and
introspectable as a dataclass was: ``help()``, pydoc and ``inspect.signature`` make a
Struct's signature from its annotations, so every name in them must exist at run time; a
cached property needs the Struct's ``dict=True``.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pickle
import pkgutil
import pydoc

import msgspec
import numpy as np
import pytest
from rich.pretty import pretty_repr

import mcda_citydip

#: Records that hold state meant to change (a walk's bookkeeping, sheets read so far).
MUTABLE = {
    "mcda_citydip.files.yamlio._Walk",
    "mcda_citydip.files.questionnaire.rating_read._Collected",
}


def _records() -> list[type[msgspec.Struct]]:
    found = []
    for info in pkgutil.walk_packages(mcda_citydip.__path__, "mcda_citydip."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, msgspec.Struct)
                and value.__module__ == info.name
            ):
                found.append(value)
    return found


RECORDS = _records()


def _name(record: type) -> str:
    return f"{record.__module__}.{record.__qualname__}"


def test_the_walk_finds_the_records() -> None:
    names = {_name(record) for record in RECORDS}
    assert {"mcda_citydip.model.Problem", "mcda_citydip.api.results.Ranking"} <= names
    assert len(RECORDS) > 100


@pytest.mark.parametrize("record", RECORDS, ids=_name)
def test_every_record_has_a_signature_and_is_frozen_unless_it_is_state(record: type) -> None:
    """A name imported for type checking only would make ``inspect.signature`` (and so
    ``help()``) raise NameError here."""
    assert list(inspect.signature(record).parameters) == list(record.__struct_fields__)
    assert record.__struct_config__.frozen is (_name(record) not in MUTABLE)
    # a cached property keeps its value in the instance's __dict__: a Struct has one only
    # when made with dict=True (else the first use raises TypeError)
    if any(isinstance(value, functools.cached_property) for value in vars(record).values()):
        assert record.__struct_config__.dict


def test_help_on_the_api_and_its_results_works() -> None:
    """What a notebook user types: ``help(mcda_citydip.api)``, ``help(result)``."""
    study = mcda_citydip.load()
    ranking = mcda_citydip.run(study)
    text = pydoc.render_doc(mcda_citydip.api, renderer=pydoc.plaintext)
    assert "class Ranking" in text
    assert "result: mcda_citydip.pipeline.RunResult" in pydoc.render_doc(
        type(ranking), renderer=pydoc.plaintext
    )


def test_a_sampler_shows_its_kind_and_parameters_not_its_function() -> None:
    from mcda_citydip.sensitivity.sampling import dirichlet_around

    sampler = dirichlet_around([0.2, 0.8], 30.0)
    shown = {repr(sampler), pretty_repr(sampler)}
    for text in shown:
        assert text.startswith("Sampler(") and "kind=" in text
        assert "function" not in text and "partial" not in text
    # and it still travels whole (Dask workers): pickled, it draws the same numbers
    again = pickle.loads(pickle.dumps(sampler))
    assert np.array_equal(again(np.random.default_rng(1), 5), sampler(np.random.default_rng(1), 5))
