"""Section tree, part roles and problem spans inside non-problem parts."""

from __future__ import annotations

import re

from assistant.roles import heading_role
from assistant.structure.markers import _SPACES
from assistant.structure.model import Heading, ProblemSpan, RunIn, Section

_PROBLEM_TRIGGER_RE = re.compile(
    r"(?:但|也|仍|还|尚|依然|同时|不过)[^。！？\n]{0,8}?(?:存在|面临|有)[^。！？\n]{0,40}?"
    r"(?:问题|不足|差距|困难|短板|薄弱|矛盾|挑战)"
    r"|清[醒楚](?:地|的)?(?:看到|认识到)"
)
# a sentence opening like these ends a problem span: the text turns to plans or resolve
_PROBLEM_END_RE = re.compile(
    r"\s*(?:下一步|下步|今后|明年|下半年|新的一年|对此|针对这些|"
    r"我们(?:一定|将|要|必须|会)|[一-龥]{0,6}将(?:坚持|按照|继续))"
)


def _build_sections(text: str, headings: list[Heading], runins: list[RunIn]) -> list[Section]:
    roots: list[Section] = []
    stack: list[Section] = []
    for h in headings:
        section = Section(heading=h, role="other", start=h.start, end=len(text))
        while stack and stack[-1].heading.level >= h.level:
            stack.pop().end = h.start
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    # close ends of sections still open: a parent's end bounds its children
    for root in roots:
        _fix_ends(root)
    for r in runins:
        path = _innermost(roots, r.start)
        if path is not None:
            path.runins.append(r)
    return roots


def _fix_ends(section: Section) -> None:
    for i, child in enumerate(section.children):
        nxt = section.children[i + 1].start if i + 1 < len(section.children) else section.end
        child.end = min(child.end, nxt)
        _fix_ends(child)


def _innermost(sections: list[Section], pos: int) -> Section | None:
    found = None
    level = sections
    while True:
        inner = next((s for s in level if s.start <= pos < s.end), None)
        if inner is None:
            return found
        found, level = inner, inner.children


def _assign_roles(parts: list[Section]) -> None:
    previous = "other"
    for part in parts:
        role = heading_role(part.heading.title)
        if role == "other" and previous == "plans":
            # a part after the plans ("三、加强政府自身建设") continues them
            role = "plans"
        part.role = role
        previous = role
        _assign_child_roles(part)


def _assign_child_roles(section: Section) -> None:
    for child in section.children:
        child.role = section.role if section.role != "other" else heading_role(child.heading.title)
        _assign_child_roles(child)


def _problem_spans(text: str, parts: list[Section], headings: list[Heading]) -> list[ProblemSpan]:
    spans: list[ProblemSpan] = []
    heading_starts = sorted(h.start for h in headings)
    for part in parts:
        if part.role == "problems":
            continue
        pos = part.heading.end
        while pos < part.end:
            m = _PROBLEM_TRIGGER_RE.search(text, pos, part.end)
            if m is None:
                break
            start = max(text.rfind(c, part.heading.end, m.start()) for c in "。！？!?\n") + 1
            start = max(start, part.heading.end)
            while start < m.start() and text[start] in _SPACES + "\r\n":
                start += 1
            end = _problem_end(text, m.end(), part.end, heading_starts)
            spans.append(ProblemSpan(start, end, m.group(0)))
            pos = end
    return spans


def _problem_end(text: str, pos: int, limit: int, heading_starts: list[int]) -> int:
    next_heading = next((s for s in heading_starts if s > pos), limit)
    limit = min(limit, next_heading)
    newline = text.find("\n", pos, limit)
    if newline >= 0:
        limit = newline
    # stop before a sentence that turns to plans or resolve
    i = pos
    while i < limit:
        stop = min((p for p in (text.find(c, i, limit) for c in "。！？!?") if p >= 0), default=-1)
        if stop < 0:
            return limit
        i = stop + 1
        if _PROBLEM_END_RE.match(text, i, limit):
            return i
    return limit


# a title at the head of text with no line breaks ends after its kind of document:
# "治理办2017年工作总结及2018年工作计划治理办…", "政 府 工 作 报 告----2012年…"
_GLUED_TITLE_RE = re.compile(
    r"[^。，：；,:;！!？?\n]{0,50}?(?:总 ?结|计 ?划|报 ?告|打 ?算|要 ?点)"
    r"(?:(?:及|和|与|暨)[^。，：；,:;！!？?\n]{0,20}?(?:总结|计划|报告|打算|要点))?"
    r"(?:（[^）]{1,6}）|\([^)]{1,6}\))?"
)
_GAP_RE = re.compile(r"[ \t\u3000\xa0]{2,}|。")


def _document_title(text: str, first_heading: int) -> str:
    for line in text[:first_heading].splitlines():
        line = line.strip(_SPACES)
        if not line:
            continue
        if len(line) <= 60 and not any(c in line for c in "。！？!?"):
            return line
        # the text lost its line breaks, and its title runs into the body
        m = _GLUED_TITLE_RE.match(line)
        if m and re.search(r"[\u4e00-\u9fff\d]", line[m.end() :]):
            return m.group(0).strip(_SPACES)
        if len(line) <= 60 and not re.search(r"[。！？!?].*?[\u4e00-\u9fff\d]", line):
            return line  # a title with a stray full stop: the lint reports it
        again = line.find(line[:4], 8, 61)  # web copies repeat the title as the body's opening
        if again > 0:
            return line[:again].strip(_SPACES)
        gap = _GAP_RE.search(line, 0, 61)
        if gap:
            return line[: gap.start()].strip(_SPACES)
        return line if len(line) <= 60 else ""
    return ""
