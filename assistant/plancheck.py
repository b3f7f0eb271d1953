"""Last period's plan checked against this period's facts: 已落实 / 部分落实 / 未见成果 per item.

Each plan item is cut into clauses; a clause is matched to the facts that share enough of its
words (jieba tokens, IDF-weighted overlap over the shorter side). The item's figures are then
compared with the matched facts' figures of the same unit: a target met or exceeded, or short.
An item with a target is never 已落实 on words alone: a fact must carry the figure.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.figures import Figure
from assistant.lexical import tokenize
from assistant.plan_items import PlanItem, is_target

WORDS_PATH = Path(__file__).with_name("data") / "plancheck.yaml"
STATUS_LABELS = {"met": "已落实", "partial": "部分落实", "missing": "未见成果"}
MATCH = 0.45  # share of the shorter side's word weight two texts must have in common
MIN_SHARED = 2  # and at least this many words
HALF = 0.5  # share of an item's clauses a fully met item must cover
APPROX_TOLERANCE = 0.98  # "5%左右" is met by 4.9%
_CLAUSE_SPLIT = re.compile(r"[。；;！？!?\n]+")
_RUNIN = re.compile(r"^[一二三四五六七八九十]+[是要]")


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    return yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))


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


@dataclass
class ItemResult:
    item: PlanItem
    status: str  # met | partial | missing
    evidence: list[Any] = field(default_factory=list)  # facts, best first
    comparisons: list[Comparison] = field(default_factory=list)
    reason: str = ""
    covered: float = 0.0  # share of the item's clauses with a matching fact

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item.text,
            "figures": [f.text for f in self.item.figures],
            "status": self.status,
            "evidence": [f.text for f in self.evidence],
            "reason": self.reason,
        }


class _FactIndex:
    """Facts as IDF-weighted token sets with an inverted index (a 500-item plan stays fast)."""

    def __init__(self, facts: list[Any]):
        generic = set(words()["generic"])
        self.facts = facts
        self.tokens = [set(tokenize(f.text)) - generic for f in facts]
        df: dict[str, int] = defaultdict(int)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, toks in enumerate(self.tokens):
            for t in toks:
                df[t] += 1
                self.postings[t].append(i)
        n = len(facts)
        self._unseen = 1 + math.log(n + 1)
        self.idf = {t: 1 + math.log((n + 1) / (c + 1)) for t, c in df.items()}
        self.weight = [sum(self.idf[t] for t in toks) for toks in self.tokens]
        self.generic = generic

    def clause_tokens(self, text: str) -> set[str]:
        return set(tokenize(text)) - self.generic

    def matches(self, toks: set[str]) -> list[tuple[int, float]]:
        """Facts sharing enough of the clause's words: (index, score), best first."""
        if not toks:
            return []
        shared: dict[int, float] = defaultdict(float)
        count: dict[int, int] = defaultdict(int)
        for t in toks:
            for i in self.postings.get(t, ()):
                shared[i] += self.idf[t]
                count[i] += 1
        own = sum(self.idf.get(t, self._unseen) for t in toks)
        found = []
        for i, weight in shared.items():
            score = weight / min(own, self.weight[i])
            if score >= MATCH and count[i] >= MIN_SHARED:
                found.append((i, score))
        return sorted(found, key=lambda x: -x[1])


def _clauses(text: str) -> list[tuple[int, str]]:
    """Sentences of an item with their offsets, the 一是 marker dropped."""
    out = []
    for m in re.finditer(r"[^。；;！？!?\n]+", text):
        clause = _RUNIN.sub("", m.group().strip())
        if len(clause) >= 4:
            out.append((m.start(), clause))
    return out


def _context(text: str, pos: int) -> set[str]:
    """Words just before a figure ("地区生产总值达到" before "240亿元")."""
    start = max(text.rfind(p, 0, pos) for p in "，,；;。：:、")
    return set(tokenize(text[start + 1 : pos]))


def _verdict(target: Figure, actual: Figure, ceiling: bool) -> str:
    t, a = target.value or 0.0, actual.value or 0.0
    tolerance = APPROX_TOLERANCE if target.approx in ("左右", "约", "上下") else 1.0
    if ceiling:
        return "met" if a <= t / tolerance else "short"
    if a > t:
        return "exceeded"
    return "met" if a >= t * tolerance else "short"


def _compare(item: PlanItem, target: Figure, facts: list[Any]) -> Comparison:
    """The fact figure of the same unit whose words before it best match the target's."""
    before = _context(item.text, target.start)
    best: tuple[float, Any, Figure] | None = None
    for fact in facts:
        for fig in fact.figures:
            if not is_target(fig) or fig.unit != target.unit or fig.kind != target.kind:
                continue
            score = len(before & _context(fact.text, fig.start)) + 0.01
            if best is None or score > best[0]:
                best = (score, fact, fig)
    if best is None:
        return Comparison(target)
    window = item.text[max(0, target.start - 8) : target.start]
    ceiling = any(w in window for w in words()["ceiling"])
    return Comparison(target, best[2], best[1].id, _verdict(target, best[2], ceiling))


def check_item(item: PlanItem, index: _FactIndex, lexical_only: bool = False) -> ItemResult:
    clauses = _clauses(item.text)
    scored: dict[int, float] = {}
    per_clause: list[tuple[int, str, list[int]]] = []
    for offset, clause in clauses:
        found = index.matches(index.clause_tokens(clause))
        for i, score in found:
            scored[i] = max(scored.get(i, 0.0), score)
        per_clause.append((offset, clause, [i for i, _ in found]))
    substantive = [c for c in per_clause if index.clause_tokens(c[1])]
    covered = sum(1 for c in substantive if c[2]) / len(substantive) if substantive else 0.0
    evidence = [index.facts[i] for i in sorted(scored, key=lambda i: -scored[i])][:4]
    if not evidence:
        return ItemResult(item, "missing", reason="本期事实中没有与该项对应的内容。")
    if lexical_only:
        status = "met" if covered >= HALF else "partial"
        return ItemResult(item, status, evidence, reason=f"文字对应 {covered:.0%}。", covered=covered)
    comparisons = []
    for target in item.targets:
        near = [
            index.facts[i]
            for offset, clause, found in per_clause
            if offset <= target.start < offset + len(clause) + 4
            for i in found
        ]
        comparisons.append(_compare(item, target, near))
    return _decide(item, evidence, comparisons, covered)


def _decide(item: PlanItem, evidence: list, comparisons: list[Comparison], covered: float):
    compared = [c for c in comparisons if c.actual is not None]
    notes = [c.describe() for c in comparisons if c.actual is not None]
    short = [c for c in compared if c.verdict == "short"]
    progress = [w for w in words()["in_progress"] if all(w in f.text for f in evidence[:1])]
    if short:
        status, why = "partial", "数字未达到计划目标"
    elif comparisons and not compared:
        status, why = "partial", "计划有目标数字，事实中没有对应数字，不能仅凭文字判为已落实"
    elif progress:
        status, why = "partial", f"事实只说明工作在推进（“{progress[0]}”）"
    elif covered < HALF:
        status, why = "partial", f"只有部分内容有对应事实（{covered:.0%}）"
    else:
        status, why = "met", "有对应事实" + ("，目标数字已达到" if compared else "")
    reason = "；".join([why, *notes]) + "。"
    return ItemResult(item, status, evidence, comparisons, reason, covered)


def check_plan(
    items: list[PlanItem],
    facts: list[Any],
    *,
    lexical_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[ItemResult]:
    """Statuses of the plan items against the facts (plans among the facts are not results)."""
    results_facts = [f for f in facts if getattr(f, "role", "") != "plans"]
    index = _FactIndex(results_facts)
    results = []
    for n, item in enumerate(items, start=1):
        results.append(check_item(item, index, lexical_only))
        if progress:
            progress(n, len(items))
    return results


def summary(results: list[ItemResult]) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_LABELS}
    for r in results:
        counts[r.status] += 1
    return counts
