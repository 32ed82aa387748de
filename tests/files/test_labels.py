"""Names and descriptions in several languages: ``labels``, ``descriptions`` and
``scale_labels`` in criteria files, their fallbacks, and the Persian of the shipped hierarchy.

The shipped hierarchy carries Persian (``fa``) beside its English text on every node, the goal
included, and on every anchor of every declared scale. Persian is checked for its own letters
(ی and ک, never the Arabic ي and ك), the zero-width non-joiner (سازمان‌ها, بین‌المللی) and its
own punctuation (، ؛ ؟).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from types import MappingProxyType

import pytest
from runner import run_citydip

from mcda_citydip.errors import InputError
from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.model import GOAL, Hierarchy, Node, RatingScale
from mcda_citydip.report.tree import hierarchy_json, hierarchy_tree

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "criteria" / "city-diplomacy.yaml"
ZWNJ = "\u200c"
PERSIAN_LETTERS = frozenset("آاأإبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیئؤءۀ")
ARABIC_ONLY = {"ي": "ی", "ك": "ک", "ى": "ی", "ة": "ه"}
LATIN_PUNCTUATION = {",": "،", ";": "؛", "?": "؟"}
ARABIC_INDIC_DIGITS = frozenset("٠١٢٣٤٥٦٧٨٩")  # Persian uses ۰۱۲۳۴۵۶۷۸۹

# The founding research's own terms for its three most important indicators.
PAPER_TERMS = {
    "NET1": "عضویت در سازمان‌ها و مجامع بین‌المللی",
    "BIL2": "یادداشت تفاهم توسعه پایدار",
    "KNW1": "تبادل دانش و خدمات",
}

CRITERIA = """\
format: citydip/criteria
version: 1
goal: Test goal
description: What the test is about.
labels: {fa: هدف آزمون, ar: هدف الاختبار}
descriptions: {fa: آزمون برچسب‌ها}
criteria:
  - id: ECO
    name: Economy
    labels: {fa: اقتصاد}
    descriptions: {fa: بعد اقتصادی, fa-AF: بعد اقتصادی در افغانستان}
    children:
      - id: GDP
        name: Output per resident
        labels: {fa: تولید سرانه}
        direction: benefit
        scale: {1: low, 2: "", 3: high}
        scale_labels: {fa: {1: کم, 2: "", 3: زیاد}}
      - id: DIST
        direction: cost
"""


@pytest.fixture(scope="module")
def shipped() -> Hierarchy:
    return load_criteria(SHIPPED)


def write(tmp_path: Path, text: str = CRITERIA) -> Path:
    path = tmp_path / "criteria.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def persian_problems(text: str, latin_allowed: bool) -> list[str]:
    """What in ``text`` is not Persian as written: Arabic letters or digits, Latin
    punctuation, Latin letters (unless allowed: proper names such as UBC or GaWC)."""
    problems = [f"Arabic {c} (write {ARABIC_ONLY[c]})" for c in text if c in ARABIC_ONLY]
    problems += [f"Arabic-Indic digit {c}" for c in text if c in ARABIC_INDIC_DIGITS]
    problems += [f"Latin '{c}' (write {p})" for c, p in LATIN_PUNCTUATION.items() if c in text]
    letters = [c for c in text if c.isalpha()]
    persian = [c for c in letters if c in PERSIAN_LETTERS]
    if not persian or len(persian) < len(letters) / 2:
        problems.append("mostly not Persian letters")
    if not latin_allowed and any(c.isascii() for c in letters):
        problems.append("Latin letters in a name")
    other = {c for c in letters if not c.isascii() and c not in PERSIAN_LETTERS}
    problems += [f"letter {c!r} is not Persian" for c in sorted(other)]
    return problems


# ---------------------------------------------------------------- the shipped hierarchy


def test_every_node_of_the_shipped_hierarchy_has_a_persian_name_and_description(
    shipped: Hierarchy,
) -> None:
    assert len(shipped.nodes) == 1 + 6 + 32  # the goal, the dimensions, the indicators
    found = {}
    for node in shipped.nodes.values():
        name, description = node.labels.get("fa", ""), node.descriptions.get("fa", "")
        assert name.strip() and description.strip(), node.id
        assert node.description.strip(), f"{node.id} has no English description"
        found[node.id] = persian_problems(name, latin_allowed=False) + persian_problems(
            description, latin_allowed=True
        )
    assert {node: problems for node, problems in found.items() if problems} == {}


def test_the_shipped_hierarchy_uses_the_zero_width_non_joiner(shipped: Hierarchy) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(ZWNJ) >= 40
    for word in ("سازمان‌ها", "بین‌المللی", "شبکه‌های"):
        assert word in text
    assert "سازمانها" not in text and "بینالمللی" not in text and "شبکههای" not in text
    assert "\u200c " not in text and " \u200c" not in text  # never beside a space


def test_the_paper_s_three_indicators_use_its_own_terms(shipped: Hierarchy) -> None:
    for indicator, term in PAPER_TERMS.items():
        assert shipped.nodes[indicator].name_in("fa").startswith(term)
    assert shipped.goal.name_in("fa") != shipped.goal.name


def test_persian_anchors_cover_every_point_of_every_declared_scale(shipped: Hierarchy) -> None:
    scales = {n.id: n.scale for n in shipped.nodes.values() if n.scale is not None}
    assert len(scales) == 20
    for indicator, scale in scales.items():
        persian = scale.labels["fa"]
        assert tuple(persian) == scale.points, indicator
        for point in scale.points:
            assert bool(persian[point].strip()) == bool(scale.anchors[point].strip()), (
                indicator,
                point,
            )
            if persian[point]:
                assert not persian_problems(persian[point], latin_allowed=True), (indicator, point)
                assert scale.anchor_in(point, "fa") == persian[point]
            assert scale.anchor_in(point, "en") == scale.anchors[point]


def test_the_copy_in_the_package_is_identical() -> None:
    copy = REPO / "mcda_citydip" / "default" / "city-diplomacy.yaml"
    assert copy.read_bytes() == SHIPPED.read_bytes()


# ---------------------------------------------------------------- the schema


def test_labels_and_descriptions_on_the_goal_and_every_node(tmp_path: Path) -> None:
    hierarchy = load_criteria(write(tmp_path))
    goal = hierarchy.goal
    assert (goal.id, goal.name, goal.description) == (GOAL, "Test goal", "What the test is about.")
    assert dict(goal.labels) == {"fa": "هدف آزمون", "ar": "هدف الاختبار"}
    assert goal.name_in("fa") == "هدف آزمون" and goal.description_in("fa") == "آزمون برچسب‌ها"
    assert goal.description_in("ar") == "What the test is about."  # no Arabic description
    eco = hierarchy.nodes["ECO"]
    assert eco.name_in("fa") == "اقتصاد"
    assert eco.description_in("fa-AF") == "بعد اقتصادی در افغانستان"
    assert eco.description_in("fa-IR") == "بعد اقتصادی"
    gdp = hierarchy.nodes["GDP"]
    assert gdp.scale is not None and gdp.scale.anchor_in(3, "fa") == "زیاد"
    assert dict(gdp.scale.labels["fa"]) == {1: "کم", 2: "", 3: "زیاد"}
    dist = hierarchy.nodes["DIST"]
    assert (dict(dist.labels), dict(dist.descriptions), dist.name_in("fa")) == ({}, {}, "DIST")
    assert hierarchy.languages == ("ar", "fa", "fa-AF")


@pytest.mark.parametrize("code", ["fa", "en", "ar", "fa-IR", "zh-Hant-TW", "fil"])
def test_language_codes_accepted(tmp_path: Path, code: str) -> None:
    text = CRITERIA.replace("labels: {fa: اقتصاد}", f"labels: {{{code}: اقتصاد}}")
    assert load_criteria(write(tmp_path, text)).nodes["ECO"].name_in(code) == "اقتصاد"


@pytest.mark.parametrize(
    ("old", "new", "location"),
    [
        ("labels: {fa: اقتصاد}", "labels: {FA: اقتصاد}", r"line 10 \(criteria\[0\]\.labels\.FA\)"),
        ("labels: {fa: هدف آزمون,", "labels: {fa_IR: هدف آزمون,", r"line 5 \(labels\.fa_IR\)"),
        ("descriptions: {fa: آزمون", "descriptions: {persian: آزمون", r"line 6 \(descriptions"),
        (
            "{fa: {1: کم",
            "{f: {1: کم",
            r"line 18 \(criteria\[0\]\.children\[0\]\.scale_labels\.f\)",
        ),
        ("labels: {fa: تولید سرانه}", "labels: {fa-: x}", r"children\[0\]\.labels\.fa-\)"),
    ],
)
def test_a_bad_language_code_is_a_located_error(
    tmp_path: Path, old: str, new: str, location: str
) -> None:
    assert CRITERIA.count(old) == 1
    path = write(tmp_path, CRITERIA.replace(old, new))
    with pytest.raises(InputError) as caught:
        load_criteria(path)
    [message] = caught.value.messages
    assert message.startswith(str(path)), message
    assert "is not a language code" in message and "fa-IR" in message
    assert re.search(location, message), message


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ('{1: کم, 2: "", 3: زیاد}', "{1: کم, 3: زیاد}", "missing: 2"),
        ('{1: کم, 2: "", 3: زیاد}', '{1: کم, 2: "", 3: زیاد, 4: خیلی}', "not in the scale: 4"),
        (
            "        direction: cost\n",
            "        direction: cost\n        scale_labels: {fa: {1: x}}\n",
            "'DIST' has no 'scale'",
        ),
    ],
)
def test_scale_labels_must_label_the_points_of_the_scale(
    tmp_path: Path, old: str, new: str, needle: str
) -> None:
    path = write(tmp_path, CRITERIA.replace(old, new))
    with pytest.raises(InputError) as caught:
        load_criteria(path)
    [message] = caught.value.messages
    assert needle in message and "scale_labels" in message and "line " in message


# ---------------------------------------------------------------- fallbacks


def test_name_in_falls_back_to_the_base_language_then_to_the_name() -> None:
    node = Node(
        "N",
        "Networks",
        description="About networks",
        labels=MappingProxyType({"fa": "شبکه‌ها", "fa-AF": "شبکه‌ها (دری)", "ar": " "}),
        descriptions=MappingProxyType({"fa": "درباره شبکه‌ها"}),
    )
    assert node.name_in("fa") == "شبکه‌ها"
    assert node.name_in("fa-IR") == "شبکه‌ها"  # no fa-IR label: its base language
    assert node.name_in("fa-AF") == "شبکه‌ها (دری)"
    assert node.name_in("FA-ir") == "شبکه‌ها"  # codes compare case-insensitively
    assert node.name_in("en") == "Networks"  # the file's own text is the English
    assert node.name_in("ar") == "Networks"  # a blank label is no label
    assert node.description_in("fa-IR") == "درباره شبکه‌ها"
    assert node.description_in("de") == "About networks"
    assert Node("M", "Plain").name_in("fa") == "Plain"


def test_anchor_in_falls_back_like_names() -> None:
    scale = RatingScale(
        MappingProxyType({1: "low", 2: "", 3: "high"}),
        labels=MappingProxyType({"fa": MappingProxyType({1: "کم", 2: "", 3: ""})}),
    )
    assert [scale.anchor_in(p, "fa-IR") for p in scale.points] == ["کم", "", "high"]
    assert [scale.anchor_in(p, "en") for p in scale.points] == ["low", "", "high"]
    assert RatingScale(MappingProxyType({1: "a", 2: "b"})).anchor_in(2, "fa") == "b"


# ---------------------------------------------------------------- output


def test_tree_and_json_in_persian_keep_the_ids(tmp_path: Path) -> None:
    from mcda_citydip.report.render import to_text

    hierarchy = load_criteria(write(tmp_path))
    tree = to_text(hierarchy_tree(hierarchy, "fa"))
    assert "هدف آزمون" in tree and "ECO اقتصاد" in tree and "GDP تولید سرانه" in tree
    assert "DIST DIST" in tree  # no label: the name (here the id)
    data = json.loads(hierarchy_json(hierarchy, "fa"))
    assert (data["goal"], data["language"], data["description"]) == (
        "هدف آزمون",
        "fa",
        "آزمون برچسب‌ها",
    )
    assert data["labels"] == {"fa": "هدف آزمون", "ar": "هدف الاختبار"}
    [eco] = data["criteria"]
    assert (eco["id"], eco["name"], eco["descriptions"]["fa-AF"]) == (
        "ECO",
        "اقتصاد",
        "بعد اقتصادی در افغانستان",
    )
    gdp, dist = eco["children"]
    assert (gdp["id"], gdp["name"], gdp["labels"]) == ("GDP", "تولید سرانه", {"fa": "تولید سرانه"})
    assert (dist["labels"], dist["descriptions"]) == ({}, {})


def test_json_in_english_is_the_file_s_own_text(tmp_path: Path) -> None:
    data = json.loads(hierarchy_json(load_criteria(write(tmp_path))))
    assert (data["goal"], data["language"], data["labels"]["fa"]) == (
        "Test goal",
        "en",
        "هدف آزمون",
    )
    assert data["criteria"][0]["name"] == "Economy"
    assert data["criteria"][0]["children"][0]["name"] == "Output per resident"


def citydip(*args: str) -> subprocess.CompletedProcess[str]:
    """The real ``citydip`` entry point, in process (as ``tests/cli/conftest.py``)."""
    env = {k: v for k, v in os.environ.items() if k != "CITYDIP_LANG"}
    return run_citydip(
        args, env={**env, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    )


def test_citydip_criteria_lang_fa_json_shows_the_persian_names(shipped: Hierarchy) -> None:
    done = citydip("criteria", "--lang", "fa", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["goal"] == shipped.goal.labels["fa"]
    assert [d["id"] for d in data["criteria"]] == ["NET", "BIL", "KNW", "ECO", "CUL", "POL"]
    leaves = {leaf["id"]: leaf for d in data["criteria"] for leaf in d["children"]}
    assert len(leaves) == 32
    for indicator, term in PAPER_TERMS.items():
        assert leaves[indicator]["name"].startswith(term)
        assert leaves[indicator]["labels"]["fa"] == leaves[indicator]["name"]
        assert leaves[indicator]["descriptions"]["fa"] == leaves[indicator]["description"]
    assert data["descriptions"]["fa"] == shipped.goal.descriptions["fa"]


def test_citydip_criteria_lang_fa_table_shows_the_persian_names(shipped: Hierarchy) -> None:
    done = citydip("criteria", str(SHIPPED), "--lang", "fa")
    assert done.returncode == 0, done.stderr
    assert shipped.goal.labels["fa"] in done.stdout
    for node_id in ("NET", "BIL", "KNW", "ECO", "CUL", "POL", *PAPER_TERMS):
        assert f"{node_id} {shipped.nodes[node_id].labels['fa']}" in done.stdout
    english = citydip("criteria", str(SHIPPED))
    assert "NET1 Membership in international organisations" in english.stdout
    assert PAPER_TERMS["NET1"] not in english.stdout
