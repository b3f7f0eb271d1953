"""The structure checker: GB/T 9704-2012 §7.3.3 heading rules plus common 工作总结 practice.

Everything it knows about headings, run-in lists and parts comes from the project's one
structure parser (assistant.structure), the numbering and run-in rules from assistant.checks
(the guard's own), and dates from the one figure parser. The writing rules (eval/lint_writing.py)
report what broken drafts looked like: a sentence said twice, a raw label, a plan sentence
among the achievements.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant import checks, metadata, structure
from assistant.data_files import read_yaml
from assistant.figures import find_figures
from assistant.structure import ParsedDocument, parse_document
from eval import lint_writing
from eval.lint_result import COMMON, GB, RULES, Collector, Finding, LintResult, RuleResult  # noqa: F401

CANONICAL_STYLES = {1: ("一、",), 2: ("（一）",), 3: ("1.", "1．"), 4: ("（1）",)}
LEVEL_NAMES = {1: "第一层", 2: "第二层", 3: "第三层", 4: "第四层"}
_TITLE_END_PUNCT = "。，、；：,.;:！!？?"
WORDS_PATH = Path(__file__).resolve().parents[1] / "assistant" / "data" / "lint.yaml"


@lru_cache(maxsize=1)
def _words() -> dict:
    return read_yaml(WORDS_PATH, "结构检查词表")


def _year_of(text: str) -> int | None:
    for fig in find_figures(text):
        if fig.kind == "date" and fig.unit == "年" and fig.value and not fig.masked:
            return int(fig.value)
    return None


def _half_of(text: str) -> str | None:
    return next((h for h in _words()["period_parts"] if h in text), None)


# ---------------------------------------------------------------- rules


def _check_levels(problems: list[checks.NumberingProblem], out: Collector) -> None:
    for p in problems:
        if p.kind == "skipped_level":
            h = p.heading
            wanted = LEVEL_NAMES.get(p.expected, "上一层")
            out.add(
                "heading_levels",
                f"跳级：{h.label} 是{LEVEL_NAMES[h.level]}标题，前面缺少{wanted}标题",
                h.start,
                h.end,
            )


def _check_numbering(
    doc: ParsedDocument, problems: list[checks.NumberingProblem], out: Collector
) -> None:
    for p in problems:
        h = p.heading
        if p.kind == "missing_marker":
            out.add(
                "heading_numbering",
                f"标题“{h.title}”缺少序号（应为第{p.expected}项）",
                h.start,
                h.end,
            )
        elif p.kind == "out_of_sequence":
            shown = structure.marker_for(h.style, p.expected)
            out.add(
                "heading_numbering",
                f"序号不连续：此处应为“{shown}”，实为“{h.marker}”",
                h.start,
                h.end,
            )
    for m in checks.unaccepted_markers(doc):
        if m.kind == "heading":
            out.add(
                "heading_numbering",
                f"序号重复或错位：“{m.marker}”与前后标题的编号不相接",
                m.start,
                m.start + len(m.marker),
            )


def _check_punctuation(doc: ParsedDocument, out: Collector) -> None:
    for h in doc.headings:
        if h.missing_marker:
            continue
        wanted = CANONICAL_STYLES[h.level]
        if h.style not in wanted:
            shown = structure.marker_for(wanted[0], h.number)
            out.add(
                "marker_punctuation",
                f"{LEVEL_NAMES[h.level]}序号应写作“{shown}”，此处为“{h.marker}”",
                h.start,
                h.start + len(h.marker),
            )
        elif h.title[:1] in "、，,.．：:;；":
            out.add(
                "marker_punctuation", f"序号“{h.marker}”后多了标点“{h.title[0]}”", h.start, h.end
            )


def _check_runins(doc: ParsedDocument, out: Collector) -> None:
    found = [m for m in checks.unaccepted_markers(doc) if m.kind == "runin"]
    if not doc.runins and not found:
        out.not_applicable("runin_sequence")
        return
    for m in found:
        previous = structure.int_to_cn(m.number - 1)
        out.add(
            "runin_sequence",
            f"“{m.marker}”前面没有紧接的“{previous}{m.marker[-1]}”，序列中断或重复",
            m.start,
            m.start + len(m.marker),
        )


def _check_parts(doc: ParsedDocument, out: Collector) -> None:
    parts = doc.parts
    first: dict[str, int] = {}
    for part in parts:
        first.setdefault(part.role, part.start)
    has_problem_passage = bool(doc.problem_spans)
    names = {
        "achievements": "工作开展情况（成绩）",
        "problems": "存在的主要问题",
        "plans": "下一步工作计划",
    }
    roles = list(names)
    for i, (role, name) in enumerate(names.items()):
        if role not in first and not (role == "problems" and has_problem_passage):
            # point at where the part belongs: the next part that is there, else the end
            later = [first[r] for r in roles[i + 1 :] if r in first]
            at = min(later) if later else max(len(doc.text.rstrip()) - 1, 0)
            heading = next((p.heading for p in parts if p.start == at), None)
            out.add("parts", f"缺少“{name}”部分", at, heading.end if heading else None)
    order = [r for r in ("achievements", "problems", "plans") if r in first]
    for i, earlier in enumerate(order):
        later = next((r for r in order[i + 1 :] if first[r] < first[earlier]), None)
        if later:
            part = next(p for p in parts if p.start == first[earlier])
            out.add(
                "parts",
                f"顺序有误：“{names[earlier]}”应排在“{names[later]}”之前",
                part.heading.start,
                part.heading.end,
            )


def periods(
    doc: ParsedDocument, period: str | None, next_period: str | None
) -> tuple[str | None, str | None]:
    """The periods given, else the ones the title states."""
    if period is None and next_period is None:
        years = [
            f
            for f in find_figures(doc.title)
            if f.kind == "date" and f.unit == "年" and not f.masked
        ]
        if len(years) >= 2:  # "2017年工作总结及2018年工作计划": both periods are stated
            period, next_period = years[0].text, years[1].text
        elif len(years) == 1 and _half_of(doc.title) == "上半年":
            period = years[0].text
    return period, next_period


def _check_period(
    doc: ParsedDocument, out: Collector, period: str | None, next_period: str | None
) -> None:
    if period is None and next_period is None:
        out.not_applicable("period")
        return
    for part in doc.parts:
        wanted = {"achievements": period, "plans": next_period}.get(part.role)
        if not wanted:
            continue
        title = part.heading.title
        year, wanted_year = _year_of(title), _year_of(wanted)
        if year and wanted_year and year != wanted_year:
            out.add(
                "period",
                f"时间不一致：标题写“{year}年”，应为“{wanted}”",
                part.heading.start,
                part.heading.end,
            )
            continue
        half, wanted_half = _half_of(title), _half_of(wanted)
        if half and wanted_half and half != wanted_half:
            out.add(
                "period",
                f"时间不一致：标题写“{half}”，应为“{wanted}”",
                part.heading.start,
                part.heading.end,
            )


def _check_empty(doc: ParsedDocument, out: Collector) -> None:
    text = doc.text
    for root in doc.sections:
        for section in root.walk():
            h = section.heading
            if not h.title.strip():
                out.add("empty_heading", f"标题“{h.marker}”没有标题文字", h.start, h.end)
                continue
            body_end = section.children[0].start if section.children else section.end
            if not section.children and not text[h.end : body_end].strip(" \t\u3000\xa0\r\n。：:"):
                out.add("empty_heading", f"标题“{h.label}”下没有内容", h.start, h.end)


def _check_title(doc: ParsedDocument, out: Collector) -> None:
    title = doc.title.strip()
    if not title:
        out.add("title", "文首缺少标题（标题应由单位、时间和文种组成）", 0)
        return
    start = doc.text.find(title)
    compact = re.sub(r"\s+", "", title)
    if not checks.names_a_doc_kind(title):
        out.add(
            "title",
            f"标题“{title}”中没有文种（如“工作总结”“工作计划”“工作报告”）",
            start,
            start + len(title),
        )
    if compact[-1] in _TITLE_END_PUNCT:
        out.add(
            "title",
            f"标题末尾不应有标点“{compact[-1]}”",
            start + len(title) - 1,
            start + len(title),
        )


def lint_document(
    doc: ParsedDocument, *, period: str | None = None, next_period: str | None = None
) -> LintResult:
    """Check a parsed document against every rule."""
    out = Collector(doc.text)
    if not doc.headings:
        for rule in ("heading_levels", "heading_numbering", "marker_punctuation", "empty_heading"):
            out.add(
                rule, "全文没有任何层次标题", 0
            ) if rule == "heading_levels" else out.not_applicable(rule)
    else:
        problems = checks.numbering_problems(doc)
        _check_levels(problems, out)
        _check_numbering(doc, problems, out)
        _check_punctuation(doc, out)
        _check_empty(doc, out)
    _check_runins(doc, out)
    if metadata.names_a_plan(doc.title):  # a 工作计划 of its own has no results or problems
        out.not_applicable("parts")
    else:
        _check_parts(doc, out)
    period, next_period = periods(doc, period, next_period)
    _check_period(doc, out, period, next_period)
    _check_title(doc, out)
    lint_writing.check(doc, out, period, next_period)
    return LintResult(doc.text, list(out.results.values()))


def lint_text(
    text: str, *, period: str | None = None, next_period: str | None = None
) -> LintResult:
    """Parse `text` with the project's structure parser and check it."""
    return lint_document(parse_document(text), period=period, next_period=next_period)
