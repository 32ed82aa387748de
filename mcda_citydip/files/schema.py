"""Pydantic schemas of the YAML files, and their errors as located one-line messages."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    FiniteFloat,
    Tag,
    ValidationError,
    model_validator,
)

from mcda_citydip.ahp.consistency import IncompleteRandomIndex
from mcda_citydip.ahp.priorities import PriorityMethod
from mcda_citydip.ahp.weights import Aggregation, AipMean, CrPolicy, UnlinkedPolicy
from mcda_citydip.combination import CombineRule
from mcda_citydip.files.numbers import number_hint, parse_number
from mcda_citydip.files.spec import (
    PartialPolicy,
    RandomIndexName,
    SawNormalization,
    TopsisNormalization,
)
from mcda_citydip.files.text import check_id, check_text, clipped, language_problem, shown
from mcda_citydip.files.yamlio import Located, PathKey
from mcda_citydip.i18n import Language as SessionLanguage
from mcda_citydip.model import Direction
from mcda_citydip.model import Policy as Policy  # defined with the maths, named in the files
from mcda_citydip.model import Transform as Transform
from mcda_citydip.objective import ObjectiveRule, WeightsRule
from mcda_citydip.ranking.saw import SAW
from mcda_citydip.ranking.topsis import TOPSIS
from mcda_citydip.ranking.vikor import VIKOR
from mcda_citydip.ratings_agreement import Combine, Statistic
from mcda_citydip.support import MIN_SUPPORTED_WEIGHT

HINTS = {
    "extra_forbidden": "remove it or check its spelling",
    "missing": "add it",
    "literal_error": "use one of the allowed values",
}


def _kind(value: Any) -> str:
    return "text" if isinstance(value, str) else "other"


def text_or(other: Any, text: Any = str) -> Any:
    """A union chosen by the value's type, so a bad value gets the one error of its branch."""
    return Annotated[
        Annotated[text, Tag("text")] | Annotated[other, Tag("other")], Discriminator(_kind)
    ]


Id = Annotated[str, Field(min_length=1), AfterValidator(check_id)]
"""An id or an expert's name: printable text, no control character (see :mod:`.text`)."""
Text = Annotated[str, AfterValidator(check_text)]
"""A name or a description: printable text, line breaks and tabs allowed."""


class Strict(BaseModel):
    # defer_build: a model's validator is built when it first validates, not on import
    # (≈ 10 ms of every command that reads a scenario; the same validation and messages)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def check_language(code: str) -> str:
    """A pydantic validator of language codes (the keys of ``labels`` and ``descriptions``)."""
    problem = language_problem(code)
    if problem:
        raise ValueError(problem)
    return code


Language = Annotated[str, AfterValidator(check_language)]


class NodeSpec(Strict):
    id: Id
    name: Text = ""
    unit: Text = ""
    direction: Direction | None = None
    description: Text = ""
    provenance: list[Text] = []
    labels: dict[Language, Text] = {}  # the name per language code
    descriptions: dict[Language, Text] = {}  # the description per language code
    scale: dict[int, Text] | None = None
    scale_labels: dict[Language, dict[int, Text]] = {}  # the scale's anchors per language
    children: list[NodeSpec] | None = None


class CriteriaSpec(Strict):
    format: Literal["citydip/criteria"]
    version: Literal[1]
    goal: Text = "Goal"  # the goal's name (its id is `goal`)
    description: Text = ""
    labels: dict[Language, Text] = {}  # the goal's name per language code
    descriptions: dict[Language, Text] = {}  # the goal's description per language code
    criteria: list[NodeSpec] = Field(min_length=1)


class JudgmentsBody(Strict):
    expert: Id
    weight: FiniteFloat = Field(default=1.0, gt=0)
    description: Text = ""
    illustrative: bool = False
    comparisons: dict[str, list[list[Any]]] = {}
    skipped: dict[str, list[list[str]]] = {}


class JudgmentsSpec(JudgmentsBody):
    format: Literal["citydip/judgments"]
    version: Literal[1]


class AhpSpec(Strict):
    priority: PriorityMethod = "eigenvector"
    random_index: RandomIndexName = "saaty"
    aggregation: Aggregation = "aij"
    aip_mean: AipMean = "geometric"
    cr_policy: CrPolicy = "warn"
    incomplete_random_index: IncompleteRandomIndex = "graph"
    unlinked_policy: UnlinkedPolicy = "exclude"


# Each method's options; the allowed values and defaults are the method class's
# (mcda_citydip.ranking; a test checks that they agree).
class TopsisSpec(Strict):
    normalization: TopsisNormalization = TOPSIS.defaults["normalization"]


class VikorSpec(Strict):
    v: FiniteFloat = Field(default=VIKOR.defaults["v"], ge=0.0, le=1.0)


class SawSpec(Strict):
    normalization: SawNormalization = SAW.defaults["normalization"]


class MethodsSpec(Strict):
    """The methods to run, each with its options (``topsis: {normalization: minmax}``); a
    list of names (``[topsis, saw]``) runs them with their default options."""

    topsis: TopsisSpec | None = None
    vikor: VikorSpec | None = None
    saw: SawSpec | None = None

    @model_validator(mode="before")
    @classmethod
    def _names(cls, value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return {name: {} for name in value}
        return value


class CombineSpec(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    with_: ObjectiveRule = Field(alias="with")
    rule: CombineRule = "product"
    alpha: FiniteFloat | None = Field(default=None, ge=0.0, le=1.0)


class UnionSpec(Strict):
    """The union a case is about: its name and who is in it (ids of the alternatives table;
    members need not be candidates). ``members`` may also name a file (one id per line, or a
    CSV whose first column holds the ids). A union to be formed has no members yet."""

    name: Annotated[Text, Field(min_length=1)]
    members: text_or(list[Id]) = []  # type: ignore[valid-type]
    former: list[Id] = []
    expelled: list[Id] = []


class CoordinatesSpec(Strict):
    """The two columns of the alternatives table that hold each city's position in decimal
    degrees (not indicators); an empty cell means no coordinates for that city."""

    latitude: Id
    longitude: Id


class ScoringSpec(Strict):
    """How expert ratings combine, and when an indicator's agreement counts as low."""

    combine: Combine = "mean"
    agreement: Statistic = "ICC2k"
    below: FiniteFloat = Field(default=0.5, ge=-1.0, le=1.0)


class ScenarioSpec(Strict):
    format: Literal["citydip/scenario"]
    version: Literal[1]
    name: Annotated[Text, Field(min_length=1)]
    description: Text = ""
    criteria: text_or(list[dict[str, Any]])  # type: ignore[valid-type]
    alternatives: text_or(dict[str, dict[str, Any]]) | None = None  # type: ignore[valid-type]
    weights: text_or(dict[str, FiniteFloat], WeightsRule) | None = None  # type: ignore[valid-type]
    judgments: text_or(list[dict[str, Any]]) | None = None  # type: ignore[valid-type]
    ahp: AhpSpec = AhpSpec()
    methods: MethodsSpec = MethodsSpec(topsis=TopsisSpec(), vikor=VikorSpec())
    max_cr: FiniteFloat | None = Field(default=None, gt=0)
    combine: CombineSpec | None = None
    missing: text_or(dict[str, Policy], Policy) = "fail"  # type: ignore[valid-type]
    transforms: dict[str, Transform] = Field(default_factory=dict)
    population: str | None = None
    expert_scores: str | None = None
    scoring: ScoringSpec = ScoringSpec()
    union: UnionSpec | None = None
    missing_ranges: dict[
        str, tuple[FiniteFloat, FiniteFloat] | dict[str, tuple[FiniteFloat, FiniteFloat]]
    ] = Field(default_factory=dict)  # per indicator [low, high], or per cell {city: [low, high]}
    min_supported_weight: FiniteFloat = Field(default=MIN_SUPPORTED_WEIGHT, ge=0.0, le=1.0)
    partial: PartialPolicy = "warn"
    coordinates: CoordinatesSpec | None = None
    partnerships: str | None = None  # a CSV of pairs of alternatives: city_a,city_b[,source]
    language: SessionLanguage | None = None  # of the sessions' text, unless --lang says


# The expert scores' schema (files/scores.py reads them).
def _typed_rating(raw: Any) -> Any:
    """A rating written as text (``"4"``, ``"۴"``): its number (:func:`parse_number`), so
    that Persian digits read as in a workbook; anything else goes to the schema unchanged."""
    if not isinstance(raw, str):
        return raw
    value = parse_number(raw)
    if value is None:
        raise ValueError(
            f"'{clipped(raw)}' is not a number{number_hint(raw)}; write the rating as a "
            "number, or null (don't know)"
        )
    return value


Rating = Annotated[FiniteFloat | None, BeforeValidator(_typed_rating)]


class ScoresSpec(Strict):
    format: Literal["citydip/scores"]
    version: Literal[1]
    expert: Id
    description: Text = ""
    illustrative: bool = False
    ratings: dict[str, dict[str, Rating]] = Field(default_factory=dict)
    comparisons: dict[str, list[list[Any]]] = Field(default_factory=dict)


def _hint(error: Any) -> str:
    kind = str(error["type"])
    if kind in HINTS:
        return HINTS[kind]
    if kind.startswith(("greater", "less")):
        return "change the value"
    return "fix the value"


def _data_path(data: Any, base: PathKey, loc: tuple[Any, ...]) -> PathKey:
    """The parts of a pydantic location that name keys or items of the data.

    Union branch tags ("text", "other", "dict[str,float]") are dropped; a key missing from
    the data (or unknown to the schema) is kept as the last part.
    """
    for part in base:
        data = data[part]
    path: list[str | int] = []
    for part in loc:
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and not _is_tag(part):
            data = None
        else:
            continue
        path.append(part)
    return tuple(path)


def _is_tag(part: str) -> bool:
    return part in ("text", "other") or "[" in part or "-" in part


def _unknown_method(data: Any, base: PathKey, error: Any) -> tuple[str, PathKey] | None:
    """The name of a method the schema does not know and where it is written (its key in
    ``methods:``, or its item in a list of names), or ``None`` for another error."""
    loc = tuple(error["loc"])
    if error["type"] != "extra_forbidden" or not loc or not isinstance(loc[-1], str):
        return None
    at = loc[:-1]
    if base[-1:] != ("methods",) and at[-1:] != ("methods",):
        return None
    for part in base + at:
        data = data[part] if isinstance(data, dict | list) else None
    if isinstance(data, list) and loc[-1] in data:  # [topsis, bogus]
        return loc[-1], (*base, *at, data.index(loc[-1]))
    return loc[-1], (*base, *at, loc[-1])


def schema_messages(exc: ValidationError, doc: Located, base: PathKey = ()) -> list[str]:
    """One ``file, line N (path): what; how to fix`` message per pydantic error."""
    messages = []
    for error in exc.errors():
        path = base + _data_path(doc.data, base, error["loc"])
        msg = str(error["msg"])
        method = _unknown_method(doc.data, base, error)
        if method is not None:
            known = ", ".join(MethodsSpec.model_fields)
            name, where = method
            messages.append(f"{doc.at(where)}: unknown method '{name}'; use one of: {known}")
            continue
        if error["type"] == "extra_forbidden":
            msg = f"unknown key '{path[-1] if path else error['loc'][-1]}'"
        elif error["type"] == "literal_error":
            msg = f"{msg.replace('Input should be', 'must be')}, got {shown(repr(error['input']))}"
        elif error["type"] == "value_error":  # our validators say what to do themselves
            messages.append(f"{doc.at(path)}: {msg.removeprefix('Value error, ')}")
            continue
        messages.append(f"{doc.at(path)}: {msg}; {_hint(error)}")
    return list(dict.fromkeys(messages))
