"""Pydantic schemas of the YAML files, and their errors as located one-line messages."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mcda_citydip.files.yamlio import Located, PathKey

HINTS = {
    "extra_forbidden": "remove it or check its spelling",
    "missing": "add it",
    "literal_error": "use one of the allowed values",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NodeSpec(Strict):
    id: str = Field(min_length=1)
    name: str = ""
    unit: str = ""
    direction: Literal["benefit", "cost"] | None = None
    description: str = ""
    provenance: list[str] = []
    labels: dict[str, str] = {}
    children: list[NodeSpec] | None = None


class CriteriaSpec(Strict):
    format: Literal["citydip/criteria"]
    version: Literal[1]
    goal: str = "Goal"
    description: str = ""
    criteria: list[NodeSpec] = Field(min_length=1)


class JudgmentsBody(Strict):
    expert: str = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0)
    description: str = ""
    comparisons: dict[str, list[list[Any]]] = {}
    skipped: dict[str, list[list[str]]] = {}


class JudgmentsSpec(JudgmentsBody):
    format: Literal["citydip/judgments"]
    version: Literal[1]


class AhpSpec(Strict):
    priority: Literal["eigenvector", "geometric-mean"] = "eigenvector"
    random_index: Literal["saaty", "saaty-2005", "alonso-lamata", "donegan-dodd"] = "saaty"
    aggregation: Literal["aij", "aip"] = "aij"
    aip_mean: Literal["geometric", "arithmetic"] = "geometric"
    cr_policy: Literal["include", "warn", "exclude"] = "warn"


class TopsisSpec(Strict):
    normalization: Literal["vector", "minmax"] = "vector"


class VikorSpec(Strict):
    v: float = Field(default=0.5, ge=0.0, le=1.0)


class MethodsSpec(Strict):
    topsis: TopsisSpec | None = None
    vikor: VikorSpec | None = None


class ScenarioSpec(Strict):
    format: Literal["citydip/scenario"]
    version: Literal[1]
    name: str = Field(min_length=1)
    description: str = ""
    criteria: str | list[dict[str, Any]]
    alternatives: str | dict[str, dict[str, Any]] | None = None
    weights: dict[str, float] | Literal["equal"] | None = None
    judgments: str | list[dict[str, Any]] | None = None
    ahp: AhpSpec = AhpSpec()
    methods: MethodsSpec = MethodsSpec(topsis=TopsisSpec(), vikor=VikorSpec())
    max_cr: float | None = Field(default=None, gt=0)


def _hint(error: Any) -> str:
    kind = str(error["type"])
    if kind in HINTS:
        return HINTS[kind]
    if kind.startswith(("greater", "less")):
        return "change the value"
    return "fix the value"


def schema_messages(exc: ValidationError, doc: Located, base: PathKey = ()) -> list[str]:
    """One ``file, line N (path): what; how to fix`` message per pydantic error."""
    messages = []
    for error in exc.errors():
        path: PathKey = base + tuple(p for p in error["loc"] if isinstance(p, str | int))
        path = tuple(p for p in path if p not in {"list[dict[str,any]]", "str"})
        msg = str(error["msg"])
        if error["type"] == "extra_forbidden" and len(path) == 2 and path[0] == "methods":
            known = ", ".join(MethodsSpec.model_fields)
            messages.append(f"{doc.at(path)}: unknown method '{path[-1]}'; use one of: {known}")
            continue
        if error["type"] == "extra_forbidden":
            msg = f"unknown key '{path[-1]}'"
        elif error["type"] == "literal_error":
            msg = f"{msg.replace('Input should be', 'must be')}, got {error['input']!r}"
        messages.append(f"{doc.at(path)}: {msg}; {_hint(error)}")
    return list(dict.fromkeys(messages))
