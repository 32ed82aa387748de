"""``elicit`` and ``score`` in Persian, in a real terminal (pexpect; issue 15): the prompt,
Saaty's verbal scale, the rating scale and every echoed answer in Persian; ids, typed keys
and the saved files as always (Latin digits in the files, whatever the screen shows)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import yaml

from mcda_citydip.files.criteria import load_criteria
from mcda_citydip.files.scenario import default_scenario_path

ZWNJ = "\u200c"  # the zero-width non-joiner of Persian spelling (می‌دانم)
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
ENV.pop("CITYDIP_LANG", None)

SAATY_TITLE = "مقیاس ساعتی: اهمیت A نسبت به B چقدر بیشتر است؟"
SAATY_SCALE = (
    "اهمیت یکسان",
    "اهمیت نسبتاً بیشتر (متوسط)",
    "اهمیت زیاد",
    "اهمیت خیلی زیاد",
    f"اهمیت فوق{ZWNJ}العاده",
)
PAIR_PROMPT = "A در برابر B (1–9، 1/3 …؛ s، u، n، q) > "


def spawn(root: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "mcda_citydip", *args],
        cwd=str(root),
        env=ENV,
        encoding="utf-8",
        timeout=60,
        dimensions=(50, 200),
    )


def test_elicit_in_persian_shows_the_persian_prompt_and_scale_and_echoes_in_persian(
    tmp_path: Path,
) -> None:
    source = default_scenario_path().parent
    for name in (
        "scenario.yaml",
        "city-diplomacy.yaml",
        "persian-gulf.csv",
        "persian-gulf-partnerships.csv",
    ):
        shutil.copy(source / name, tmp_path / name)
    net = load_criteria(tmp_path / "city-diplomacy.yaml").nodes["NET"]
    assert net.name_in("fa") != net.name  # the criteria file has Persian labels
    child = spawn(tmp_path, "elicit", "scenario.yaml", "--expert", "ann", "--lang", "fa")
    try:
        child.expect_exact(SAATY_TITLE)
        for meaning in SAATY_SCALE:
            child.expect_exact(meaning)
        child.expect_exact(f"کارشناس ann · 0 پاسخ ذخیره{ZWNJ}شده")
        child.expect_exact(f"  A NET — {net.name_in('fa')}")  # the id kept beside the label
        child.expect_exact(PAIR_PROMPT)
        child.sendline("3")
        child.expect_exact("→ NET نسبت به BIL اهمیت نسبتاً بیشتری دارد")
        child.expect_exact(PAIR_PROMPT)
        child.sendline("۱/۵")  # typed in Persian digits
        child.expect_exact("→ KNW نسبت به NET اهمیت زیادی دارد")
        child.expect_exact(PAIR_PROMPT)
        child.sendline("u")
        child.expect_exact("NET در برابر KNW برگردانده شد")
        child.expect_exact(PAIR_PROMPT)
        child.sendline("q")
        child.expect_exact(f"کامل بودن پاسخ{ZWNJ}ها در هر گره")
        child.expect_exact("1 پاسخ در")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    saved = (tmp_path / "judgments" / "ann.yaml").read_text(encoding="utf-8")
    assert "[NET, BIL, 3]" in saved and "KNW" not in saved.split("comparisons:")[1]


CRITERIA = """\
format: citydip/criteria
version: 1
goal: Test goal
labels: {fa: هدف آزمون}
criteria:
  - id: ECO
    name: Economy
    labels: {fa: اقتصاد}
    children:
      - id: GDP
        name: Output per resident
        unit: USD
        direction: benefit
      - id: MOU
        name: Memoranda of understanding
        labels: {fa: تفاهم‌نامه‌ها}
        unit: count
        direction: benefit
        description: Active memoranda of understanding with foreign cities.
        descriptions: {fa: تفاهم‌نامه‌های فعال با شهرهای خارجی.}
  - id: SOC
    name: Society
    labels: {fa: جامعه}
    children:
      - id: NET
        name: Network engagement
        labels: {fa: مشارکت در شبکه‌ها}
        unit: "0–4"
        direction: benefit
        scale: {0: none, 2: some, 4: many}
        scale_labels:
          fa: {0: هیچ, 2: اندک, 4: بسیار}
      - id: EDU
        name: Students
        direction: benefit
"""

CITIES = """\
city,GDP,MOU,NET,EDU
Alpha,10,,,3
Beta,8,,,4
Gamma,6,,,2
"""

SCENARIO = """\
format: citydip/scenario
version: 1
name: Small rating scenario
criteria: criteria.yaml
alternatives: cities.csv
weights: equal
expert_scores: scores/
missing: drop
methods:
  topsis: {normalization: vector}
"""


def test_score_in_persian_shows_the_scales_and_echoes_each_rating_in_persian(
    tmp_path: Path,
) -> None:
    for name, text in (
        ("criteria.yaml", CRITERIA),
        ("cities.csv", CITIES),
        ("scenario.yaml", SCENARIO),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    command = ("score", "scenario.yaml", "--expert", "ann", "--lang", "fa", "--digits", "fa")
    child = spawn(tmp_path, *command)
    try:
        child.expect_exact(f"نمی{ZWNJ}دانم")  # the keys line
        child.expect_exact(f"MOU · تفاهم{ZWNJ}نامه{ZWNJ}ها")
        child.expect_exact(f"تفاهم{ZWNJ}نامه{ZWNJ}های فعال با شهرهای خارجی.")
        child.expect_exact(f"امتیاز از ۱–۵ (مقیاس پیش{ZWNJ}فرض شاخص{ZWNJ}های فعالیت)")
        child.expect_exact("بدون فعالیت مستند")
        child.expect_exact("Alpha (۱–۵؛ ?، s، u، n، q) > ")
        child.sendline("4")
        child.expect_exact("→ Alpha: ۴ = فعالیت منظم با نتایج مستند")
        child.expect_exact("Beta (۱–۵؛ ")
        child.sendline("۷")
        child.expect_exact(f"۷ نقطه{ZWNJ}ای از مقیاس نیست؛ یک عدد صحیح از ۱ تا ۵ را بنویسید")
        child.expect_exact("Beta (۱–۵؛ ")
        child.sendline("۱")
        child.expect_exact("→ Beta: ۱ = بدون فعالیت مستند")
        child.expect_exact("Gamma (۱–۵؛ ")
        child.sendline("?")
        child.expect_exact(f"→ Gamma: نمی{ZWNJ}دانم")
        child.expect_exact(f"امتیاز از ۰, ۲, ۴ (تعریف{ZWNJ}شده در فایل معیارها)")
        child.expect_exact("Alpha (۰, ۲, ۴؛ ")
        child.sendline("4")
        child.expect_exact("→ Alpha: ۴ = بسیار")
        child.expect_exact("Beta (۰, ۲, ۴؛ ")
        child.sendline("q")
        child.expect_exact("امتیازها در هر شاخص")
        child.expect_exact("۴ پاسخ در")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    saved = yaml.safe_load((tmp_path / "scores" / "ann.yaml").read_text(encoding="utf-8"))
    assert saved["ratings"] == {"MOU": {"Alpha": 4, "Beta": 1, "Gamma": None}, "NET": {"Alpha": 4}}
