"""Last period's plan checked against this period's facts: 已落实 / 部分落实 / 未见成果 per item.

Each plan item is cut into clauses; a clause is matched to the facts with a phrase whose words it
mostly says too (jieba tokens from assistant.lexical, IDF-weighted over the facts' and the plan's
phrases; each entry of a "、" list is a phrase too). The item's figures are then compared with
the matched facts' figures of the same unit and measure (assistant.plan_compare): a target met or
exceeded, or short. A sentence whose matches say the work is only under way is 部分落实.
An item with a target is never 已落实 on words alone: a fact must carry the figure.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from assistant.figures import find_figures
from assistant.plan_compare import Comparison, compare_targets, targets, words
from assistant.plan_compare import content_tokens as _tokens
from assistant.plan_items import PlanItem, is_target

__all__ = ["STATUS_LABELS", "Comparison", "ItemResult", "check_plan", "summary", "words"]
STATUS_LABELS = {"met": "已落实", "partial": "部分落实", "missing": "未见成果"}
# Chosen on eval/plancheck/labels.jsonl (in-sample; eval/README.md has the numbers)
MATCH = 0.3  # share of a fact phrase's word weight that a plan clause must also say
MIN_SHARED = 3  # and at least this many words (or two, one of them a 3+ character name)
RUN_CHARS = 4  # or a run of this many characters in common, said by at most RARE fact phrases
RARE = 2
HALF = 0.34  # share of an item's clauses a fully met item must cover
_PHRASE_SPLIT = re.compile(r"[，,。；;！？!?：:\n]+")
_RUNIN = re.compile(r"^[一二三四五六七八九十]+[是要]")


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
    """Fact phrases (text between commas) as IDF-weighted token sets with an inverted index.

    Phrases, not whole facts, are compared: "加快旧城区综合改造" meets "旧城区改造步伐加快" in a
    long fact, which a whole-fact comparison would dilute. A 500-item plan stays fast.
    """

    def __init__(self, facts: list[Any], plan_texts: list[str] = ()):
        generic = set(words()["generic"])
        self.facts = facts
        self.generic = generic
        self.owner: list[int] = []  # phrase -> fact index
        self.phrases: list[str] = []  # the phrase as the fact says it, for runs and progress
        self.tokens: list[frozenset[str]] = []
        self.part: list[bool] = []  # one entry of a "、" list, not the whole phrase
        df: dict[str, int] = defaultdict(int)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, fact in enumerate(facts):
            for phrase in _phrases(fact.text):
                whole = _tokens(phrase) - generic
                for t in whole:
                    df[t] += 1
                for n, part in enumerate(_list_parts(phrase)):
                    toks = _tokens(part) - generic
                    if toks:
                        self.part.append(n > 0)
                        for t in toks:
                            self.postings[t].append(len(self.tokens))
                        self.owner.append(i)
                        self.phrases.append(phrase)
                        self.tokens.append(toks)
        # the plan's phrases count too: a word in many promises ("机制", "体系") names no topic
        self.plan_phrases = [p for text in plan_texts for p in _phrases(text)]
        plan_phrases = [_tokens(p) - generic for p in self.plan_phrases]
        for toks in plan_phrases:
            for t in toks:
                df[t] += 1
        n = len(self.tokens) + len(plan_phrases)
        self.idf = {t: 1 + math.log((n + 1) / (c + 1)) for t, c in df.items()}
        # sorted: float sums in one order, so ties break the same way in every process
        self.weight = [sum(self.idf[t] for t in sorted(toks)) for toks in self.tokens]
        self.run_df: dict[str, int] = {}

    def clause_tokens(self, text: str) -> frozenset[str]:
        return _tokens(text) - self.generic

    def matches(self, clause: str) -> list[tuple[int, float, str]]:
        """Facts with a phrase sharing enough words with a phrase of the clause, best first,
        each with the phrase that matched."""
        best: dict[int, float] = {}
        phrase_of: dict[int, str] = {}
        for phrase in _phrases(clause):
            toks = self.clause_tokens(phrase)
            if not toks:
                continue
            shared: dict[int, float] = defaultdict(float)
            for t in sorted(toks):
                for j in self.postings.get(t, ()):
                    shared[j] += self.idf[t]
            for j, weight in shared.items():
                score = weight / self.weight[j]  # how much of the fact's phrase the clause says
                i = self.owner[j]
                if score >= MATCH and (
                    self._enough(toks & self.tokens[j], len(self.tokens[j]), self.part[j])
                    or self._rare_run(phrase, self.phrases[j])
                ):
                    if score > best.get(i, 0.0):
                        best[i] = score
                        phrase_of[i] = self.phrases[j]
        return [(i, sc, phrase_of[i]) for i, sc in sorted(best.items(), key=lambda x: -x[1])]

    def _rare_run(self, a: str, b: str) -> bool:
        """A run of RUN_CHARS+ characters in common that few phrases of the facts and the plan
        say: a name the two share ("绿色低碳"), not a stock phrase ("国家战略")."""
        run = _common_run(a, b)
        if len(run) < RUN_CHARS:
            return False
        if run not in self.run_df:
            self.run_df[run] = sum(run in p for p in dict.fromkeys(self.phrases)) + sum(
                run in p for p in self.plan_phrases
            )
        return self.run_df[run] <= RARE

    @staticmethod
    def _enough(shared: frozenset[str], size: int, part: bool = False) -> bool:
        """Enough words in common: MIN_SHARED (all of a shorter fact phrase's, at least two),
        or two with a name-like word of 3+ characters ("三严三实", "旧城区", "红星美凯龙"); for
        the latter a word and its parts (jieba's search mode gives 国内外 and 国内) are one."""
        whole = [t for t in shared if not any(t != u and t in u for u in shared)]
        if part and len(whole) < 2:  # one entry of a list: one word in common is no match
            return False
        if len(shared) >= max(2, min(MIN_SHARED, size)):
            return True
        return len(whole) >= 2 and any(len(t) >= 3 for t in whole)


@lru_cache(maxsize=65536)
def _common_run(a: str, b: str) -> str:
    """The longest run of characters two phrases share, stock words and figures left out:
    "绿色低碳", "八项规定", "机场快速路" name one thing however jieba cuts them."""
    generic = words()["generic_pattern"]
    a, b = generic.sub("|", a), generic.sub("|", b)
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    run = a[m.a : m.a + m.size]
    return "" if "|" in run or any(c.isdigit() for c in run) else run


def _list_parts(phrase: str) -> list[str]:
    """A phrase and, when it lists things with "、", each thing on its own: in "红星美凯龙城市商贸
    综合体、大兴安岭百万平方米棚改、东海写字楼、机场快速路等项目进展顺利" a plan clause on 机场快速路
    says a small share of the whole list's words but most of one entry's."""
    parts = [p for p in phrase.split("、") if len(p.strip()) >= 2]
    return [phrase, *parts] if len(parts) > 1 else [phrase]


def _phrases(text: str) -> list[str]:
    return [p for p in _PHRASE_SPLIT.split(text) if p.strip()]


def _clauses(text: str) -> list[tuple[int, str]]:
    """Sentences of an item with their offsets, the 一是 marker dropped."""
    out = []
    for m in re.finditer(r"[^。；;！？!?\n]+", text):
        clause = _RUNIN.sub("", m.group().strip())
        if len(clause) >= 4:
            out.append((m.start(), clause))
    return out


def check_item(item: PlanItem, index: _FactIndex, lexical_only: bool = False) -> ItemResult:
    """Each sentence of the item is one promise: matched on its own, its targets compared with
    the figures of its own matches, its best match read for "进展顺利"-type wording."""
    scored: dict[int, float] = {}
    promises: list[tuple[int, str, list[tuple[int, float, str]]]] = []
    for offset, clause in _clauses(item.text):
        found = index.matches(clause)
        for i, score, _ in found:
            scored[i] = max(scored.get(i, 0.0), score)
        if index.clause_tokens(clause):
            promises.append((offset, clause, found))
    covered = sum(1 for p in promises if p[2]) / len(promises) if promises else 0.0
    evidence = [index.facts[i] for i in sorted(scored, key=lambda i: -scored[i])][:4]
    if not evidence:
        return ItemResult(item, "missing", reason="本期事实中没有与该项对应的内容。")
    if lexical_only:
        status = "met" if covered >= HALF else "partial"
        return ItemResult(
            item, status, evidence, reason=f"文字对应 {covered:.0%}。", covered=covered
        )
    near = [
        (
            target,
            [
                index.facts[i]
                for offset, clause, found in promises
                if offset <= target.start < offset + len(clause) + 4
                for i, _, _ in found
            ],
        )
        for target in targets(item)
    ]
    comparisons = compare_targets(item, near, index.idf)
    # any match of a sentence that says the work is under way makes it 部分落实, not only its
    # best one (a stock match, "国内外游客", may outscore "…机场快速路等项目进展顺利"); but a
    # sentence whose target a fact's figure reaches reports a result ("…等酒店主体完工" beside
    # "接待床位达到2.5万张" for "接待床位2.5万张")
    # "…", unless that figure's own phrase says the work is under way ("1.3亿元的供水主管网改造等
    # 工程进展顺利" for "投资1.3亿元实施自来水管网改造工程": the sum is spent, the work not done)
    by_id = {f.id: f for f in index.facts}
    reached, progress = [], []
    for c in comparisons:
        if c.verdict in ("met", "exceeded"):
            said = _under_way(item, _phrase_at(by_id[c.fact_id].text, c.actual.start))
            progress += said
            if not said:
                reached.append(c.target.start)
    progress += [
        w
        for offset, clause, found in promises
        if found and not any(offset <= t < offset + len(clause) + 4 for t in reached)
        for _, _, phrase in found
        for w in _in_progress(item, phrase)
    ]
    return _decide(item, evidence, comparisons, covered, progress)


def _in_progress(item: PlanItem, phrase: str) -> list[str]:
    """Words of a matched phrase saying the work is under way, not done (a phrase with a
    figure reports an amount done; a word the plan says too is the plan's own)."""
    if any(is_target(f) for f in find_figures(phrase)):
        return []
    return _under_way(item, phrase)


def _under_way(item: PlanItem, phrase: str) -> list[str]:
    return [w for w in words()["in_progress"] if w in phrase and w not in item.text]


def _phrase_at(text: str, pos: int) -> str:
    """The phrase (text between commas) of a fact around a position."""
    start = 0
    for m in _PHRASE_SPLIT.finditer(text):
        if m.start() >= pos:
            return text[start : m.start()]
        start = m.end()
    return text[start:]


def _decide(
    item: PlanItem,
    evidence: list,
    comparisons: list[Comparison],
    covered: float,
    progress: list[str],
) -> ItemResult:
    compared = [c for c in comparisons if c.actual is not None]
    notes = [c.describe() for c in comparisons if c.actual is not None]
    short = [c for c in compared if c.verdict == "short"]
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
    """Statuses of the plan items against the facts (plans, problems and thanks are not
    results)."""
    thanks = words()["thanks"]
    results_facts = [
        f
        for f in facts
        if getattr(f, "role", "") not in ("plans", "problems")
        and not any(w in f.text for w in thanks)
    ]
    index = _FactIndex(results_facts, [item.text for item in items])
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
