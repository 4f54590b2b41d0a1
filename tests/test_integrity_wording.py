"""The `why:` of each "check these" rule (content/integrity.yaml) as a teacher reads it about a child:
plain words for what was seen, with the file's own numbers, never a verdict and never statistics jargon."""

from __future__ import annotations

import math
import re

import pytest

RULES = ("reading", "fast", "same_position", "identical", "device_burst")

# words that judge the child (or the tool that would), and jargon a teacher should not have to decode
VERDICT = {
    "en": (
        r"\bcheat",
        r"\bscript",
        r"\bbots?\b",
        r"\bfake",
        r"\bcop(y|ied|ying)\b",
        r"\bdishonest",
        r"\bsuspicious",
        r"\brandom",
        r"\bguess",
        r"\bwithout reading\b",
        r"\bdid(n't| not) read\b",
        r"\bfloor\b",
        r"\bby chance\b",
        r"\bbonferroni\b",
        r"\bfamily\b",
    ),
    "zh-CN": (
        "作弊",
        "脚本",
        "刷题",
        "刷课",
        "抄",
        "造假",
        "乱点",
        "瞎",
        "蒙",
        "可疑",
        "没读",
        "不认真",
        "机器",
        "下限",
        "碰巧",
    ),
}


def texts(rules, rule: str) -> dict[str, str]:
    why = getattr(rules, rule).why
    return {"zh-CN": why.zh, "en": why.en}


@pytest.mark.parametrize("rule", RULES)
def test_a_why_passes_no_verdict_and_needs_no_jargon(shipped_content, rule):
    for lang, said in texts(shipped_content.integrity, rule).items():
        for word in VERDICT[lang]:
            found = re.search(word, said, re.IGNORECASE)
            assert found is None, f"integrity.yaml {rule}.why.{lang}: '{found.group(0)}' in {said!r}"


def test_a_why_states_the_files_own_numbers(shipped_content):
    """What the teacher reads is what the check does: change a number and its words must follow."""
    r = shipped_content.integrity
    run = 1 + math.ceil(math.log(r.same_position.max_chance) / math.log(1 / 4) - 1e-9)  # the run with four options
    numbers = {
        "reading": [
            f"{r.reading.chars_per_second.zh:g}",
            f"{r.reading.chars_per_second.en:g}",
            f"{r.reading.min_ms / 1000:g}",
        ],
        "fast": [str(r.fast.min_answers)],
        "same_position": [str(run)],
        "identical": [
            str(r.identical.min_items),
            str(r.identical.min_wrong),
            f"{r.identical.family_chance * 100:g} ?%",
        ],
        "device_burst": [str(r.device_burst.sessions), f"{r.device_burst.minutes:g}"],
    }
    for rule, wanted in numbers.items():
        for lang, said in texts(r, rule).items():
            for number in wanted:
                assert re.search(rf"(?<![\d.]){number}(?![\d.])", said), (
                    f"integrity.yaml {rule}.why.{lang} lacks {number}: {said!r}"
                )
