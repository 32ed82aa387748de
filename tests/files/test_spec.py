"""files/spec.py reads the files (msgspec) as files/schema.py does (pydantic, the reference).

msgspec may refuse a document pydantic takes (pydantic then reads it: ``"0.5"`` as 0.5), but
whatever msgspec takes pydantic must take too, into the same values. Besides the documents
here, every document msgspec reads anywhere in the test suite is checked the same way
(``tests/conftest.py``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from mcda_citydip.files import schema, spec
from mcda_citydip.files.yamlio import load_yaml
from tests.specs import disagreement, encoded, pydantic_reading

ROOT = Path(__file__).resolve().parents[2]

KINDS: dict[str, type[msgspec.Struct]] = {
    "citydip/scenario": spec.ScenarioSpec,
    "citydip/criteria": spec.CriteriaSpec,
    "citydip/judgments": spec.JudgmentsSpec,
}

SPECS = [
    value
    for value in vars(spec).values()
    if isinstance(value, type) and issubclass(value, spec.Strict) and value is not spec.Strict
]


def _documents() -> list[Path]:
    found = sorted((ROOT / "scenarios").rglob("*.yaml"))
    found += sorted((ROOT / "criteria").glob("*.yaml"))
    found += sorted((ROOT / "mcda_citydip" / "default").rglob("*.yaml"))
    return [p for p in found if load_yaml(p).data.get("format") in KINDS]


DOCUMENTS = _documents()


def _builtin(value: Any) -> Any:
    """A default as plain data, whichever library made it."""
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True)
    return msgspec.to_builtins(value)


def test_the_project_has_documents_of_every_kind() -> None:
    formats = {load_yaml(p).data["format"] for p in DOCUMENTS}
    assert formats == set(KINDS)
    assert len(DOCUMENTS) >= 15


@pytest.mark.parametrize("kind", SPECS, ids=lambda k: k.__name__)
def test_each_spec_has_the_schemas_fields_and_defaults(kind: type[msgspec.Struct]) -> None:
    model: type[BaseModel] = getattr(schema, kind.__name__)
    fields = {f.encode_name: f for f in msgspec.structs.fields(kind)}
    assert set(fields) == {f.alias or name for name, f in model.model_fields.items()}
    for name, info in model.model_fields.items():
        ours = fields[info.alias or name]
        assert ours.required == info.is_required(), name
        if not ours.required:
            given = ours.default
            mine = ours.default_factory() if given is msgspec.NODEFAULT else given
            theirs = info.get_default(call_default_factory=True)
            assert _builtin(mine) == _builtin(theirs), name


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_document_of_the_project_is_read_by_msgspec_as_by_pydantic(path: Path) -> None:
    """The shipped documents take the fast path (else nothing is gained), alike."""
    data = load_yaml(path).data
    kind = KINDS[data["format"]]
    read = spec.fast(kind, data)
    assert read is not None, path
    reference = pydantic_reading(kind, data)
    assert reference is not None
    assert encoded(read) == encoded(reference)


SCENARIO: dict[str, Any] = {
    "format": "citydip/scenario",
    "version": 1,
    "name": "Every key",
    "description": "a scenario with every key the schema knows",
    "criteria": [{"id": "A", "direction": "benefit"}, {"id": "B", "direction": "cost"}],
    "alternatives": {"x": {"A": 1, "B": 2}, "y": {"A": 3, "B": 1}},
    "weights": {"A": 0.6, "B": 0.4},
    "ahp": {"priority": "geometric-mean", "random_index": "alonso-lamata"},
    "methods": {"topsis": {"normalization": "minmax"}, "vikor": {"v": 0.3}, "saw": {}},
    "max_cr": 0.1,
    "combine": {"with": "entropy", "rule": "linear", "alpha": 0.5},
    "missing": {"default": "drop", "A": "median"},
    "transforms": {"A": "log1p"},
    "population": "pop",
    "expert_scores": "scores/",
    "scoring": {"combine": "median", "agreement": "kendall_w", "below": 0.4},
    "union": {"name": "U", "members": ["x"], "former": ["y"], "expelled": []},
    "missing_ranges": {"A": [0, 1], "B": {"x": [1.5, 2]}},
    "min_supported_weight": 0.25,
    "partial": "error",
    "coordinates": {"latitude": "lat", "longitude": "lon"},
    "partnerships": "pairs.csv",
    "language": "fa",
}

CRITERIA: dict[str, Any] = {
    "format": "citydip/criteria",
    "version": 1,
    "goal": "G",
    "labels": {"fa": "هدف"},
    "criteria": [
        {
            "id": "D",
            "name": "Dim",
            "descriptions": {"fa-IR": "x"},
            "children": [
                {
                    "id": "I",
                    "unit": "0-2",
                    "direction": "benefit",
                    "provenance": ["open"],
                    "scale": {"0": "none", "1": "", "2": "all"},
                    "scale_labels": {"fa": {"0": "هیچ", "2": "همه"}},
                }
            ],
        }
    ],
}

JUDGMENTS: dict[str, Any] = {
    "format": "citydip/judgments",
    "version": 1,
    "expert": "ana",
    "weight": 2,
    "illustrative": True,
    "comparisons": {"goal": [["A", "B", 3], ["A", "C", "1/3"]]},
    "skipped": {"goal": [["B", "C"]]},
}

SEEDS: list[tuple[type[msgspec.Struct], dict[str, Any]]] = [
    (spec.ScenarioSpec, SCENARIO),
    (spec.CriteriaSpec, CRITERIA),
    (spec.JudgmentsSpec, JUDGMENTS),
    *((KINDS[d["format"]], d) for d in (load_yaml(p).data for p in DOCUMENTS[:4])),
]


@pytest.mark.parametrize("kind, data", SEEDS[:3], ids=["scenario", "criteria", "judgments"])
def test_documents_with_every_key_take_the_fast_path_alike(
    kind: type[msgspec.Struct], data: dict[str, Any]
) -> None:
    assert spec.fast(kind, data) is not None
    assert disagreement(kind, data) is None


#: Values a user may write where another is expected: texts that read as numbers, numbers
#: that are not finite, booleans, nulls, empty and control-character texts, odd keys.
ODD_VALUES = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    0.5,
    -0.0,
    1.0,
    1e300,
    math.inf,
    -math.inf,
    math.nan,
    "",
    "x",
    "0.5",
    "1",
    "07",
    " 1",
    "true",
    "yes",
    "nan",
    "inf",
    "a\x1bb",
    "a\nb",
    "\u202ex",
    "fa",
    "FA",
    "fa-IR",
    "topsis",
    "equal",
    "median",
    "citydip/scenario",
    [],
    {},
    ["topsis", "saw"],
    ["topsis", 1],
    [0, 1],
    [1.5, math.nan],
    ["a", "b", 3],
    {"1": "a"},
    {"01": "a"},
    {"1.0": "a"},
    {"x": 1},
    {"with": "critic"},
    {"with_": "critic"},
]

ODD_KEYS = ["bogus", "with_", "1", "07", "FA", "fa", "default", "", "\x1b"]


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document: each key of a mapping, each item of a list."""
    found = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*at, i))
    return found


def _changed(data: Any, path: tuple[Any, ...], how: str, new: Any, key: str) -> Any:
    """``data`` (not changed) with the value at ``path`` replaced, deleted, renamed, or given
    an unknown key beside it."""
    if not path:
        return new if how == "replace" else data
    head, rest = path[0], path[1:]
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    if rest:
        copy[head] = _changed(data[head], rest, how, new, key)
    elif how == "replace":
        copy[head] = new
    elif how == "delete":
        del copy[head]
    elif how == "rename" and isinstance(copy, dict):
        copy[key] = copy.pop(head)
    elif how == "add" and isinstance(copy[head], dict):
        copy[head] = {**copy[head], key: new}
    return copy


@st.composite
def _odd_documents(draw: st.DrawFn) -> tuple[type[msgspec.Struct], Any]:
    kind, data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        how = draw(st.sampled_from(["replace", "replace", "delete", "rename", "add"]))
        new = draw(st.sampled_from(ODD_VALUES))
        data = _changed(data, path, how, new, draw(st.sampled_from(ODD_KEYS)))
    return kind, data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_odd_documents())
def test_whatever_msgspec_takes_pydantic_takes_alike(case: tuple[Any, Any]) -> None:
    kind, data = case
    assert disagreement(kind, data) is None


@pytest.mark.parametrize(
    "kind, data, value",
    [
        (spec.VikorSpec, {"v": "0.5"}, 0.5),  # a number written as text: pydantic reads it
        (spec.VikorSpec, {"v": 1}, 1.0),
        (spec.JudgmentsBody, {"expert": "ana", "weight": "2"}, 2.0),
    ],
)
def test_what_only_pydantic_takes_is_read_by_pydantic(
    kind: type[msgspec.Struct], data: dict[str, Any], value: float
) -> None:
    from mcda_citydip.files.yamlio import Located

    read = spec.validated(kind, data, Located("f.yaml", data))
    assert float(getattr(read, "v", getattr(read, "weight", None))) == value
    assert isinstance(getattr(read, "v", getattr(read, "weight", None)), float)


@pytest.mark.parametrize(
    "kind, data",
    [
        (spec.VikorSpec, {"v": math.nan}),
        (spec.VikorSpec, {"v": 1.5}),
        (spec.JudgmentsBody, {"expert": "ana", "weight": math.inf}),
        (spec.JudgmentsBody, {"expert": "a\x1b"}),
        (spec.JudgmentsBody, {"expert": ""}),
        (spec.NodeSpec, {"id": "I", "labels": {"FA": "x"}}),
        (spec.NodeSpec, {"id": "I", "name": "a\x00"}),
        (spec.UnionSpec, {"name": ""}),
        (spec.UnionSpec, {"name": "U", "members": ["a\x1b"]}),
        (spec.ScenarioSpec, {**SCENARIO, "weights": {"A": math.nan}}),
        (spec.ScenarioSpec, {**SCENARIO, "missing_ranges": {"A": [0, math.inf]}}),
        (spec.ScenarioSpec, {**SCENARIO, "methods": ["topsis", "bogus"]}),
    ],
)
def test_msgspec_refuses_what_the_schema_refuses(kind: type[msgspec.Struct], data: Any) -> None:
    """What the schema's validators refuse (not finite, out of range, control characters,
    language codes, odd scale points, unknown methods): msgspec refuses it too, so pydantic
    words the problem."""
    assert spec.fast(kind, data) is None
    assert pydantic_reading(kind, data) is None


def test_a_scale_point_written_07_is_read_by_pydantic_as_7() -> None:
    """msgspec takes only canonical integer points; pydantic reads the others."""
    data = {"id": "I", "scale": {"07": "x"}}
    assert spec.fast(spec.NodeSpec, data) is None
    read = pydantic_reading(spec.NodeSpec, data)
    assert read is not None and read.scale == {7: "x"}


def test_methods_as_a_list_of_names_run_with_default_options() -> None:
    read = spec.fast(spec.ScenarioSpec, {**SCENARIO, "methods": ["saw", "vikor"]})
    assert read is not None
    assert read.methods.options() == {"vikor": {"v": 0.5}, "saw": {"normalization": "max"}}
    assert disagreement(spec.ScenarioSpec, {**SCENARIO, "methods": []}) is None


def test_combine_states_its_options_as_the_scenario_writes_them() -> None:
    read = spec.fast(spec.CombineSpec, {"with": "critic"})
    assert read is not None
    assert read.stated() == {"with": "critic", "rule": "product"}


def _scenario_problems(tmp_path: Path, text: str) -> list[str]:
    from mcda_citydip.errors import InputError
    from mcda_citydip.files.scenario import load_scenario

    file = tmp_path / "s.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_scenario(file)
    return list(caught.value.messages)


HEAD = "format: citydip/scenario\nversion: 1\nname: x\ncriteria: [{id: A}]\nweights: equal\n"


@pytest.mark.parametrize(
    ("methods", "where"),
    [("[topsis, bogus]", "methods[1]"), ("{topsis: {}, bogus: {}}", "methods.bogus")],
)
def test_an_unknown_method_is_named_where_it_is_written(
    tmp_path: Path, methods: str, where: str
) -> None:
    """A list of names used to say "unknown key 'methods'" (a reviewer's find)."""
    problems = _scenario_problems(tmp_path, HEAD + f"methods: {methods}\n")
    expected = f"line 6 ({where}): unknown method 'bogus'; use one of: topsis, vikor, saw"
    assert any(expected in p for p in problems), problems


def test_a_lone_surrogate_goes_to_pydantic_which_says_where(tmp_path: Path) -> None:
    """msgspec raises UnicodeEncodeError on a lone surrogate it must show (a reviewer's
    find: a traceback); the document goes to pydantic like any other it does not take."""
    data = {"format": "citydip/scenario", "version": "\ud800", "name": "x", "criteria": "c"}
    assert spec.fast(spec.ScenarioSpec, data) is None
    problems = _scenario_problems(tmp_path, HEAD.replace("version: 1", 'version: "\\ud800"'))
    assert any("line 2 (version): must be 1" in p for p in problems), problems


def _tree(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"id": f"n{depth}"}
    for level in range(depth - 1, 0, -1):
        node = {"id": f"n{level}", "children": [node]}
    return node


@pytest.mark.parametrize("depth", [spec.DEEPEST, spec.DEEPEST + 1, 260])
def test_a_criteria_tree_too_deep_for_pydantic_is_not_taken_by_msgspec(depth: int) -> None:
    """pydantic refuses trees of 255 levels and more; msgspec would take them, so it reads
    trees up to DEEPEST levels only and leaves deeper ones to pydantic."""
    data = {"format": "citydip/criteria", "version": 1, "criteria": [_tree(depth)]}
    read = spec.fast(spec.CriteriaSpec, data)
    assert (read is not None) == (depth <= spec.DEEPEST)
    assert (pydantic_reading(spec.CriteriaSpec, data) is None) == (depth >= 255)
