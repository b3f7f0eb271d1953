"""Writing rules of the structure lint: what the broken drafts of issue 9 looked like.

A clause said twice (a stock sentence glued on again and again), a raw label of the paste
("计划：") left in the body, a plan sentence ("2025年将…", "下一步…") among the achievements.
Label words and plan cues are the role module's own (assistant.roles), so the lint and the
fact parser agree on what a label and a plan are.
"""

from __future__ import annotations

import re

from assistant import roles
from assistant.figures import normalize
from assistant.structure import ParsedDocument
from eval.lint_result import Collector

MIN_REPEAT = 12  # characters: a clause this long said twice is a repeat, not a set phrase
_CLAUSE = re.compile(r"[^。；！？，,：:\n]+")
_SENTENCE = re.compile(r"[^。；！？\n]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_RUNIN = re.compile(r"^[一二三四五六七八九十]{1,3}[是要]")


def check(doc: ParsedDocument, out: Collector, next_period: str | None = None) -> None:
    _repeats(doc, out)
    _raw_labels(doc, out)
    _plans_in_achievements(doc, out, next_period)


def _in_heading(doc: ParsedDocument, pos: int) -> bool:
    return any(h.start <= pos < h.end for h in doc.headings)


def _repeats(doc: ParsedDocument, out: Collector) -> None:
    """A sentence said twice, or a clause said three times (a report may restate a figure once)."""
    text = doc.text
    body_start = len(doc.title) if text.startswith(doc.title) else 0
    for pattern, times in ((_SENTENCE, 2), (_CLAUSE, 3)):
        seen: dict[str, list[int]] = {}
        for m in pattern.finditer(text, body_start):
            key = normalize(m.group().strip())
            if (
                len(_CJK.findall(key)) < MIN_REPEAT
                or "〔" in key
                or "〕" in key
                or _in_heading(doc, m.start())
            ):
                continue
            seen.setdefault(key, []).append(m.start())
            if len(seen[key]) == times:
                message = f"“{m.group().strip()[:20]}…”重复出现{times}次"
                out.add("repetition", message, m.start(), m.end())


def _label_re() -> re.Pattern[str]:
    labels = sorted({w for words in roles.FACT_LABELS.values() for w in words}, key=len)
    words = "|".join(re.escape(w) for w in reversed(labels))
    return re.compile(rf"(?:^|(?<=[。；\n]))[ \t\u3000]*(?:20\d\d年)?(?:{words})[ \t]*[：:]", re.M)


def _raw_labels(doc: ParsedDocument, out: Collector) -> None:
    for m in _label_re().finditer(doc.text):
        start = m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000"))
        if _in_heading(doc, start) or start < doc.preamble_end:
            continue
        out.add("raw_label", f"正文中留有材料的标签“{m.group().strip()}”", start, m.end())


def _plans_in_achievements(doc: ParsedDocument, out: Collector, next_period: str | None) -> None:
    text = doc.text
    found = False
    for part in doc.parts:
        if part.role != "achievements":
            continue
        found = True
        for m in _SENTENCE.finditer(text, part.heading.end, part.end):
            if _in_heading(doc, m.start()):
                continue
            sentence = _RUNIN.sub("", m.group().strip())
            cue = roles.leading_plan_cue(sentence) or ""
            if not (cue in roles.PLAN_TIME_CUES or cue[:1].isdigit()):
                cue = ""  # a verb ("将…纳入") opens achievements too: only time words count
            if not cue and next_period and sentence.startswith(next_period):
                cue = next_period
            if cue:
                out.add(
                    "plan_in_achievements",
                    f"工作开展情况部分中有计划句（“{cue}”开头）",
                    m.start(),
                    m.end(),
                )
    if not found:
        out.not_applicable("plan_in_achievements")
