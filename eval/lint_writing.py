"""Writing rules of the structure lint: what the broken drafts of issue 9 looked like.

A clause said twice (a stock sentence glued on again and again), a raw label of the paste
("计划：") left in the body, a plan sentence ("2025年将…", "下一步…") among the achievements.
Label words and plan cues are the role module's own (assistant.roles), so the lint and the
fact parser agree on what a label and a plan are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant import metadata, role_model, roles
from assistant.figures import normalize
from assistant.structure import ParsedDocument
from eval.lint_result import Collector

# An achievements sentence is a plan when the role model (assistant.role_model) gives it this
# probability of "plans" and its own plan features fire (a plan cue word, a plan time word or
# the next period). The probability alone flags how a 政府工作报告 writes its achievements
# ("深化医疗、医保、医药联动改革"): 122 of the 1608 achievements sentences of ../shared/corpus at
# 0.7. With the features as the gate, at 0.5: 2 of 546 sentences of the ten 平潭 department
# reports (../shared/departments), 10 of 1608 of ../shared/corpus, 3 of 258 of the seeds; and
# every plan sentence with a plan cue of the departments' plans parts planted among their
# achievements is found (tests/test_eval_lint.py).
PLAN_PROBABILITY = 0.6
_LATER = ("plan_cue", "plan_time_word", "names_next_period")  # role_model.FEATURE_NAMES
MIN_REPEAT = 12  # characters: a clause this long said twice is a repeat, not a set phrase
_CLAUSE = re.compile(r"[^。；！？，,：:\n]+")
_SENTENCE = re.compile(r"[^。；！？;!?\n]+")  # half-width too: web copies write them
_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(?:19|20)\d\d年")
_RUNIN = re.compile(r"^[一二三四五六七八九十]{1,3}[是要]")


def check(
    doc: ParsedDocument,
    out: Collector,
    period: str | None = None,
    next_period: str | None = None,
) -> None:
    _repeats(doc, out)
    _raw_labels(doc, out)
    _plans_in_achievements(doc, out, (period, next_period))


def _in_heading(doc: ParsedDocument, pos: int) -> bool:
    return any(h.start <= pos < h.end for h in doc.headings)


def _body_sentences(doc: ParsedDocument, start: int, end: int) -> list[re.Match]:
    """The sentences between start and end with the headings cut out, so that a sentence
    reads the same whether its heading stands on a line of its own or runs into it."""
    out, at = [], start
    for h in sorted(doc.headings, key=lambda h: h.start):
        if h.end <= at or h.start >= end:
            continue
        out.extend(_SENTENCE.finditer(doc.text, at, max(at, h.start)))
        at = max(at, h.end)
    out.extend(_SENTENCE.finditer(doc.text, at, end))
    return out


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


def _plans_in_achievements(doc: ParsedDocument, out: Collector, periods: tuple) -> None:
    """A sentence of the achievements part that reads as a plan: by the learned role
    classifier (assistant.role_model, the model of knowledge/ that ships; see
    PLAN_PROBABILITY), or, where that model is not there, by a plan time word opening it."""
    if not any(part.role == "achievements" for part in doc.parts):
        out.not_applicable("plan_in_achievements")
        return
    found = [
        (m, sentence)
        for part in doc.parts
        if part.role == "achievements"
        for m in _body_sentences(doc, part.heading.end, part.end)
        if doc.role_at(m.start()) == "achievements"
        for sentence in [_RUNIN.sub("", m.group().strip())]
        if len(sentence) >= role_model.MIN_SENTENCE_CHARS
    ]
    period, next_period = periods
    model = plan_classifier()
    if model is not None:
        period, next_period = _model_periods(period, next_period)
        probabilities = model.probabilities_many([s for _, s in found], period, next_period)
        for (m, sentence), p in zip(found, probabilities, strict=True):
            if p["plans"] >= PLAN_PROBABILITY and _says_later(sentence, period, next_period):
                message = f"工作开展情况部分中有计划句（“{sentence[:12]}…”读来是计划）"
                out.add("plan_in_achievements", message, m.start(), m.end())
        return
    for m, sentence in found:
        cue = _plan_cue(sentence, next_period)
        if cue:
            message = f"工作开展情况部分中有计划句（“{cue}”开头）"
            out.add("plan_in_achievements", message, m.start(), m.end())


MODEL_DIR = role_model.KNOWLEDGE_DIR  # where the shipped role model (roles.npz) is read


def plan_classifier() -> role_model.RoleClassifier | None:
    """The shipped role model of MODEL_DIR; None where it is missing or stale."""
    return _shipped(MODEL_DIR)


@lru_cache(maxsize=2)
def _shipped(folder: Path) -> role_model.RoleClassifier | None:
    return role_model.shipped_model(folder)


def _model_periods(period: str | None, next_period: str | None) -> tuple[str | None, str | None]:
    """The periods as the role model should see them: a half-year report's next period is the
    same year ("2023年上半年" -> "2023年下半年"), so naming that year is no sign of a plan, and
    the model, which reads the next period's year, is told neither."""
    this = _YEAR.search(period or "")
    then = _YEAR.search(next_period or metadata.next_period(period) or "")
    same_year = bool(this and then and this.group() == then.group())
    return (None, None) if same_year else (period, next_period)


def _says_later(sentence: str, period: str | None, next_period: str | None) -> bool:
    """Whether the role model's own plan features fire on the sentence."""
    cues = dict(
        zip(
            role_model.FEATURE_NAMES,
            role_model.features(sentence, period, next_period),
            strict=True,
        )
    )
    return any(cues[name] for name in _LATER)


def _plan_cue(sentence: str, next_period: str | None) -> str:
    """The fallback: a sentence that opens with a plan time word or the next period."""
    cue = roles.leading_plan_cue(sentence) or ""
    if not (cue in roles.PLAN_TIME_CUES or cue[:1].isdigit()):
        cue = ""  # a verb ("将…纳入") opens achievements too: only time words count
    if not cue and next_period and sentence.startswith(next_period):
        cue = next_period
    return cue
