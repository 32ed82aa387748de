"""The YAML files' schemas as the rest of the package sees them, read without pydantic.

Every scenario, criteria and judgments document is read here by msgspec (a few milliseconds
to import) into frozen :class:`msgspec.Struct` specs. msgspec reads strictly: it takes a
document only as written canonically (an int or float where a number goes, ``true`` where a
boolean goes, and so on), and each spec's ``__post_init__`` makes the checks that the
schema's validators make (ids, texts, language codes, finite numbers).

Whatever msgspec does not take goes to the pydantic schema (:mod:`.schema`, imported only
then), which is the reference: it reads what it can read leniently (``"0.5"`` as 0.5) and
words every problem as one located line. So the two read every document alike, and the
messages are pydantic's. A test reads every YAML document of the project and thousands of
generated ones both ways and checks this: whatever msgspec takes, pydantic takes too, into
the same values (``tests/files/test_spec.py``).

The classes here and in :mod:`.schema` have the same names, fields and defaults (tested).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import msgspec
from msgspec import Meta, Struct, field

from mcda_citydip.ahp.consistency import IncompleteRandomIndex
from mcda_citydip.ahp.priorities import PriorityMethod
from mcda_citydip.ahp.weights import Aggregation, AipMean, CrPolicy, UnlinkedPolicy
from mcda_citydip.combination import CombineRule
from mcda_citydip.errors import InputError
from mcda_citydip.files.text import NOT_IN_ID, NOT_IN_TEXT, language_problem
from mcda_citydip.files.yamlio import Located, PathKey
from mcda_citydip.i18n import Language
from mcda_citydip.model import Direction, Policy, Transform
from mcda_citydip.objective import ObjectiveRule, WeightsRule
from mcda_citydip.ranking.saw import SAW
from mcda_citydip.ranking.topsis import TOPSIS
from mcda_citydip.ranking.vikor import VIKOR
from mcda_citydip.ratings_agreement import Combine, Statistic
from mcda_citydip.support import MIN_SUPPORTED_WEIGHT

if TYPE_CHECKING:
    from pydantic import BaseModel

S = TypeVar("S", bound=Struct)

Id = Annotated[str, Meta(min_length=1)]
Text = str


# The choices of the files' keys the maths modules do not declare (theirs are imported above;
# files/schema.py takes these from here): a value one reading allows, the other allows too.
RandomIndexName = Literal["saaty", "saaty-2005", "alonso-lamata", "donegan-dodd"]
TopsisNormalization = Literal["vector", "minmax"]
SawNormalization = Literal["max", "minmax"]
PartialPolicy = Literal["warn", "error"]

NOT_TAKEN = "not as the schema takes it"
"""Why a spec's ``__post_init__`` refuses a value msgspec read (never shown: the document then
goes to the pydantic schema, which words the problem)."""


def _refuse(problem: Callable[[Any], object], values: Iterable[Any]) -> None:
    """Refuse the document (pydantic then words it) when ``problem`` finds one of ``values``
    wrong."""
    if any(problem(value) for value in values):
        raise ValueError(NOT_TAKEN)


_ids = partial(_refuse, NOT_IN_ID.search)  # what files/text.py's id_problem refuses
_texts = partial(_refuse, NOT_IN_TEXT.search)  # and text_problem
_languages = partial(_refuse, language_problem)
_finite = partial(_refuse, lambda value: value is not None and not math.isfinite(value))


class Strict(Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """A spec: unknown keys are refused, a read spec is never changed. Each subclass says
    ``frozen=True`` again: msgspec inherits it, mypy's reading of the class does not."""


class NodeSpec(Strict, frozen=True):
    id: Id
    name: Text = ""
    unit: Text = ""
    direction: Direction | None = None
    description: Text = ""
    provenance: list[Text] = field(default_factory=list)
    labels: dict[str, Text] = field(default_factory=dict)
    descriptions: dict[str, Text] = field(default_factory=dict)
    scale: dict[int, Text] | None = None
    scale_labels: dict[str, dict[int, Text]] = field(default_factory=dict)
    children: list[NodeSpec] | None = None

    def __post_init__(self) -> None:
        _ids([self.id])
        _texts([self.name, self.unit, self.description, *self.provenance])
        _texts([*self.labels.values(), *self.descriptions.values()])
        _texts((self.scale or {}).values())
        _texts(t for anchors in self.scale_labels.values() for t in anchors.values())
        _languages([*self.labels, *self.descriptions, *self.scale_labels])


class CriteriaSpec(Strict, frozen=True, kw_only=True):
    format: Literal["citydip/criteria"]
    version: Literal[1]
    goal: Text = "Goal"
    description: Text = ""
    labels: dict[str, Text] = field(default_factory=dict)
    descriptions: dict[str, Text] = field(default_factory=dict)
    criteria: Annotated[list[NodeSpec], Meta(min_length=1)]

    def __post_init__(self) -> None:
        _texts([self.goal, self.description, *self.labels.values()])
        _texts(self.descriptions.values())
        _languages([*self.labels, *self.descriptions])


class JudgmentsBody(Strict, frozen=True):
    expert: Id
    weight: Annotated[float, Meta(gt=0)] = 1.0
    description: Text = ""
    illustrative: bool = False
    comparisons: dict[str, list[list[Any]]] = field(default_factory=dict)
    skipped: dict[str, list[list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _ids([self.expert])
        _texts([self.description])
        _finite([self.weight])


class JudgmentsSpec(JudgmentsBody, frozen=True, kw_only=True):
    format: Literal["citydip/judgments"]
    version: Literal[1]


class AhpSpec(Strict, frozen=True):
    priority: PriorityMethod = "eigenvector"
    random_index: RandomIndexName = "saaty"
    aggregation: Aggregation = "aij"
    aip_mean: AipMean = "geometric"
    cr_policy: CrPolicy = "warn"
    incomplete_random_index: IncompleteRandomIndex = "graph"
    unlinked_policy: UnlinkedPolicy = "exclude"


class TopsisSpec(Strict, frozen=True):
    normalization: TopsisNormalization = TOPSIS.defaults["normalization"]


class VikorSpec(Strict, frozen=True):
    v: Annotated[float, Meta(ge=0.0, le=1.0)] = VIKOR.defaults["v"]

    def __post_init__(self) -> None:
        _finite([self.v])


class SawSpec(Strict, frozen=True):
    normalization: SawNormalization = SAW.defaults["normalization"]


class MethodsSpec(Strict, frozen=True):
    """The methods to run, each with its options; a list of names runs them with their
    default options (see :func:`_prepared`)."""

    topsis: TopsisSpec | None = None
    vikor: VikorSpec | None = None
    saw: SawSpec | None = None

    def options(self) -> dict[str, dict[str, Any]]:
        """Each chosen method's options, by name (``{"topsis": {"normalization": …}}``)."""
        chosen: dict[str, dict[str, Any] | None] = msgspec.to_builtins(self)
        return {name: options for name, options in chosen.items() if options is not None}


class CombineSpec(Strict, frozen=True):
    with_: ObjectiveRule = field(name="with")
    rule: CombineRule = "product"
    alpha: Annotated[float, Meta(ge=0.0, le=1.0)] | None = None

    def __post_init__(self) -> None:
        _finite([self.alpha])

    def stated(self) -> dict[str, Any]:
        """As the scenario writes it (``with``, not ``with_``), unset options left out."""
        given: dict[str, Any] = msgspec.to_builtins(self)
        return {key: value for key, value in given.items() if value is not None}


class UnionSpec(Strict, frozen=True):
    """The union a case is about (see :class:`.schema.UnionSpec`)."""

    name: Annotated[str, Meta(min_length=1)]
    members: str | list[Id] = field(default_factory=list)
    former: list[Id] = field(default_factory=list)
    expelled: list[Id] = field(default_factory=list)

    def __post_init__(self) -> None:
        _texts([self.name])
        _ids([] if isinstance(self.members, str) else self.members)
        _ids([*self.former, *self.expelled])


class CoordinatesSpec(Strict, frozen=True):
    """The columns of the alternatives table with each city's latitude and longitude."""

    latitude: Id
    longitude: Id

    def __post_init__(self) -> None:
        _ids([self.latitude, self.longitude])


class ScoringSpec(Strict, frozen=True):
    """How expert ratings combine, and when an indicator's agreement counts as low."""

    combine: Combine = "mean"
    agreement: Statistic = "ICC2k"
    below: Annotated[float, Meta(ge=-1.0, le=1.0)] = 0.5

    def __post_init__(self) -> None:
        _finite([self.below])


Range = tuple[float, float]


def _default_methods() -> MethodsSpec:
    return MethodsSpec(topsis=TopsisSpec(), vikor=VikorSpec())


class ScenarioSpec(Strict, frozen=True, kw_only=True):
    format: Literal["citydip/scenario"]
    version: Literal[1]
    name: Annotated[str, Meta(min_length=1)]
    description: Text = ""
    criteria: str | list[dict[str, Any]]
    alternatives: str | dict[str, dict[str, Any]] | None = None
    weights: WeightsRule | dict[str, float] | None = None
    judgments: str | list[dict[str, Any]] | None = None
    ahp: AhpSpec = field(default_factory=AhpSpec)
    methods: MethodsSpec = field(default_factory=_default_methods)
    max_cr: Annotated[float, Meta(gt=0)] | None = None
    combine: CombineSpec | None = None
    missing: Policy | dict[str, Policy] = "fail"
    transforms: dict[str, Transform] = field(default_factory=dict)
    population: str | None = None
    expert_scores: str | None = None
    scoring: ScoringSpec = field(default_factory=ScoringSpec)
    union: UnionSpec | None = None
    missing_ranges: dict[str, Range | dict[str, Range]] = field(default_factory=dict)
    min_supported_weight: Annotated[float, Meta(ge=0.0, le=1.0)] = MIN_SUPPORTED_WEIGHT
    partial: PartialPolicy = "warn"
    coordinates: CoordinatesSpec | None = None
    partnerships: str | None = None
    language: Language | None = None

    def __post_init__(self) -> None:
        _texts([self.name, self.description])
        weights = self.weights.values() if isinstance(self.weights, dict) else ()
        _finite([*weights, self.max_cr, self.min_supported_weight])
        for given in self.missing_ranges.values():
            _finite(x for r in (given.values() if isinstance(given, dict) else [given]) for x in r)


def _names(value: Any) -> Any:
    """A list of method names as the mapping it stands for (``[topsis]``: ``{topsis: {}}``)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return {name: {} for name in value}
    return value


INTEGER = re.compile(r"0|-?[1-9][0-9]*")
"""A key the schema reads as the same integer however lenient it is (``"7"``, not ``"07"``)."""


def _points(anchors: Any) -> Any:
    """A scale's anchors with their points as integers (the YAML reader gives every key as
    text); anything but canonical integers is left for msgspec to refuse."""
    if not isinstance(anchors, dict):
        return anchors
    if not all(isinstance(k, str) and INTEGER.fullmatch(k) for k in anchors):
        return anchors
    return {int(k): v for k, v in anchors.items()}


DEEPEST = 100
"""Levels of a criteria tree msgspec reads; a deeper tree goes to pydantic, which refuses
trees of 255 levels and more (msgspec would take them)."""


class _TooDeep(Exception):
    """A criteria tree deeper than :data:`DEEPEST` (never leaves :func:`fast`)."""


def _node(data: Any, depth: int = 1) -> Any:
    """A node with its scale's points, and its children's, as integers."""
    if not isinstance(data, dict):
        return data
    if depth > DEEPEST:
        raise _TooDeep
    node = dict(data)
    if "scale" in node:
        node["scale"] = _points(node["scale"])
    if isinstance(node.get("scale_labels"), dict):
        node["scale_labels"] = {k: _points(v) for k, v in node["scale_labels"].items()}
    if isinstance(node.get("children"), list):
        node["children"] = [_node(child, depth + 1) for child in node["children"]]
    return node


def _prepared(kind: type[Struct], data: Any) -> Any:
    """``data`` as msgspec reads it, where the schema reads more than msgspec would:
    ``methods:`` given as a list of names becomes a mapping (the schema's
    ``MethodsSpec._names``), and a scale's points (keys, hence text) become integers."""
    if kind is MethodsSpec:
        return _names(data)
    if kind is ScenarioSpec and isinstance(data, dict) and "methods" in data:
        return {**data, "methods": _names(data["methods"])}
    if kind is NodeSpec:
        return _node(data)
    if kind is CriteriaSpec and isinstance(data, dict) and isinstance(data.get("criteria"), list):
        return {**data, "criteria": [_node(node) for node in data["criteria"]]}
    return data


def fast(kind: type[S], data: Any) -> S | None:
    """``data`` read strictly as ``kind``, or ``None`` when msgspec does not take it: a
    value of another type, one the checks refuse, a lone surrogate where msgspec would encode
    it (``"\\ud800"`` in YAML), a criteria tree deeper than :data:`DEEPEST`."""
    try:
        return _read(kind, data)
    except (msgspec.ValidationError, UnicodeEncodeError, _TooDeep):
        return None


def _read(kind: type[S], data: Any) -> S:
    """msgspec's strict reading (the test suite checks each one against pydantic's)."""
    return msgspec.convert(_prepared(kind, data), kind)


def from_model(kind: type[S], model: BaseModel) -> S:
    """The spec of a document the pydantic schema has read (its values, canonical)."""
    return msgspec.convert(model.model_dump(by_alias=True), kind, strict=False)


def validated(kind: type[S], data: Any, doc: Located, base: PathKey = ()) -> S:
    """``data`` (the part of ``doc`` at ``base``) read as ``kind``; an :class:`InputError`
    with one located line per problem when the schema does not take it."""
    spec = fast(kind, data)
    if spec is not None:
        return spec
    from pydantic import ValidationError

    from mcda_citydip.files import schema

    try:
        model = getattr(schema, kind.__name__).model_validate(data)
    except ValidationError as exc:
        raise InputError(schema.schema_messages(exc, doc, base)) from exc
    return from_model(kind, model)
