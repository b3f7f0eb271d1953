"""A plan item's targets next to the figures of the facts that match it.

A target ("新建公厕3座", "完成抽检3500批次") is compared with a fact figure of the same unit and
kind whose phrase names what the target's phrase names; each fact figure answers one target.
The verdict: met, exceeded or short. Figures come from the one figure parser, assistant/figures.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.data_files import read_yaml
from assistant.figures import LOOSE, Figure
from assistant.lexical import tokenize
from assistant.plan_items import PlanItem, is_target

WORDS_PATH = Path(__file__).with_name("data") / "plancheck.yaml"
SAME_MEASURE = 0.3  # word overlap (cosine) of two figures' phrases for them to count the same
APPROX_TOLERANCE = 0.98  # "5%左右" is met by 4.9%
_BOUNDS = "，,、；;。：:\n"
_SENTENCE_BOUNDS = "；;。！？!?：:\n"


@lru_cache(maxsize=4096)
def content_tokens(text: str) -> frozenset[str]:
    """Words without numbers (figures are compared as figures); cached, so a plan's clauses
    are tokenised once however many facts they meet."""
    return frozenset(t for t in tokenize(text) if not any(c.isdigit() for c in t))


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    data = read_yaml(WORDS_PATH, "计划核对词表")
    longest_first = sorted(data["generic"], key=len, reverse=True)
    data["generic_pattern"] = re.compile("|".join(map(re.escape, longest_first)))
    return data


@dataclass
class Comparison:
    """One target of the plan next to the figure of a fact."""

    target: Figure
    actual: Figure | None = None
    fact_id: str | None = None
    verdict: str = "none"  # met | exceeded | short | none

    def describe(self) -> str:
        if self.actual is None:
            return f"计划“{self.target.text}”，事实中没有对应数字"
        word = {"met": "已达到", "exceeded": "已超过", "short": "未达到"}[self.verdict]
        return f"计划“{self.target.text}”，实际“{self.actual.text}”（{self.fact_id}），{word}"


def _context(text: str, fig: Figure) -> frozenset[str]:
    return _context_at(text, fig.start, fig.end)


@lru_cache(maxsize=8192)
def _context_at(text: str, start: int, end: int) -> frozenset[str]:
    """Words naming what a figure counts: the phrase around it ("新建蔬菜大棚2000亩",
    "实施31.2公里农村公路"). A phrase that names only the measure ("增长", "完成投资") borrows
    a neighbour within the sentence: after "、" the one before ("国内生产总值达到134.9万亿元、
    增长5%"), else the one after ("投资3.1亿元，实施桃李中学扩建工程"). Measure words are left out:
    two sums of 投资 are the same quantity only when they name the same thing.
    Cached: each fact's figures meet many targets."""
    drop = set(words()["generic"]) | set(words()["measure"])
    a = max(text.rfind(p, 0, start) for p in _BOUNDS) + 1
    b = min((e for e in (text.find(p, end) for p in _BOUNDS) if e >= 0), default=len(text))
    near = content_tokens(text[a:start] + " " + text[end:b]) - drop
    if near:
        return near
    sentence_start = max(text.rfind(p, 0, start) for p in _SENTENCE_BOUNDS) + 1
    before = after = frozenset()
    if a - 1 > sentence_start:  # the phrase before, back to the previous comma or the sentence
        left = max(text.rfind(p, sentence_start, a - 1) for p in _BOUNDS) + 1
        before = content_tokens(text[max(left, sentence_start) : a - 1]) - drop
    if b < len(text) and text[b] not in _SENTENCE_BOUNDS:  # the phrase after
        right = [e for e in (text.find(p, b + 1) for p in _BOUNDS) if e >= 0]
        after = content_tokens(text[b + 1 : min(right, default=len(text))]) - drop
    # after "、" the figure is one more measure of the same subject; else what follows names it
    return (before or after) if a and text[a - 1] == "、" else (after or before)


def _verdict(target: Figure, actual: Figure, ceiling: bool) -> str:
    t, a = target.value or 0.0, actual.value or 0.0
    tolerance = APPROX_TOLERANCE if target.approx in LOOSE else 1.0
    if ceiling:
        return "met" if a <= t / tolerance else "short"
    if a > t:
        return "exceeded"
    return "met" if a >= t * tolerance else "short"


def compare_targets(
    item: PlanItem, near: list[tuple[Figure, list[Any]]], idf: dict[str, float]
) -> list[Comparison]:
    """Each target with the fact figure that measures the same thing, one fact figure to one
    target, the best pairs first: in "全面完成城区内178座…燃煤小锅炉淘汰…,严格11座…燃煤锅炉废气
    治理" the review's "完成178座燃煤锅炉拆改" answers 178座 and leaves 11座 unanswered.
    A fact figure equal to the target shares the measure on one word in common (the same
    number of the same unit is rarely a coincidence)."""
    pairs = []
    for n, (target, facts) in enumerate(near):
        before = _context(item.text, target)
        for fact in facts:
            for fig in fact.figures:
                if not is_target(fig) or fig.unit != target.unit or fig.kind != target.kind:
                    continue
                score = _cosine(before, _context(fact.text, fig), idf)
                if fig.value == target.value and score > 0:
                    score += 1.0
                if score >= SAME_MEASURE:
                    pairs.append((score, n, fact, fig))
    pairs.sort(key=lambda p: -p[0])  # stable: ties keep the order of the facts
    chosen: dict[int, tuple[Any, Figure]] = {}
    used: set[tuple[str, int]] = set()
    for _, n, fact, fig in pairs:
        if n not in chosen and (fact.id, fig.start) not in used:
            chosen[n] = (fact, fig)
            used.add((fact.id, fig.start))
    out = []
    for n, (target, _) in enumerate(near):
        if n not in chosen:
            out.append(Comparison(target))
            continue
        fact, fig = chosen[n]
        window = item.text[max(0, target.start - 8) : target.start]
        ceiling = any(w in window for w in words()["ceiling"])
        out.append(Comparison(target, fig, fact.id, _verdict(target, fig, ceiling)))
    return out


def _cosine(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    shared = a & b
    if not shared:
        return 0.0
    top = max(idf.values(), default=1.0)
    w = {t: idf.get(t, top) ** 2 for t in a | b}
    return sum(w[t] for t in shared) / math.sqrt(sum(w[t] for t in a) * sum(w[t] for t in b))


def targets(item: PlanItem) -> list[Figure]:
    """The item's targets less forecasts ("预计今年高校毕业生超过1170万人" is no promise)."""
    cues = words()["forecast"]
    out = []
    for fig in item.targets:
        a = max(item.text.rfind(p, 0, fig.start) for p in _BOUNDS) + 1
        if not any(c in item.text[a : fig.start] for c in cues):
            out.append(fig)
    return out
