"""The corpus cases: two per department report in knowledge/, facts chosen by rule from the
parsed reference, so `python -m eval.build_cases` rebuilds them byte for byte.

Rules (no hand-picked facts):
- Each report is parsed by the one structure parser. Every part is split into units: its
  level-2 sections, else its 一是 run-in items, else its sentences. Case "a" covers the odd
  sections or items of every part ((一)(三)…, and the opening paragraph), case "b" the even
  ones; sentences are split into a first and a second run. A report with no parts (君山
  2022, one paragraph of themed sentences) is one part, with its title's role.
- The reference is the title plus, per part, its heading and the units covered, cut from the
  cleaned knowledge/ text and joined by line breaks, as a dev slice case is.
- Fact candidates, in document order, from each unit's sentences (headings and run-in
  markers left out): for achievements and plans, the clauses that carry a figure (one figure
  parser), with the clause before when the figure clause alone is too short to say what was
  counted; for problems, the clauses with a problem cue word (assistant.roles). Each is cut at
  clause boundaries to at most MAX_CHARS; figures are never changed.
- Sections with too few figures are filled with figure-free lines: a short sentence, such as
  a 一是 item's title, or the first two clauses of a longer one (never one opening clause
  alone, often a fragment such as "根据…需要"), at most MAX_TOPIC characters.
- Each part's quota is taken round-robin over its units, so facts spread over the report.
- A fact's role is the parser's role at its position (problem spans included).
- Case a is pasted with section markers for even-numbered reports, case b for odd ones; every
  other marked case carries the reference's （一） heading lines as the writer's sub-headings.
  In half of the unmarked cases, plan facts get the cue word a writer types ("明年") unless
  they carry one; the other half is pasted as the report words it ("持续强化…"), so roles
  there rest on the classifier and the paste order, not on cue words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.roles import PLAN_TIME_CUES, PLAN_VERB_CUES, _problem_cue, heading_role
from assistant.structure import ParsedDocument, Section, parse_document
from eval.retrieval.build_queries import _has_figure

A, P, L = "achievements", "problems", "plans"
ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"

MAX_CHARS = 80  # a line a writer pastes
MIN_CLAUSE = 8  # a figure clause shorter than this needs the clause before it
MAX_TOPIC = 40  # a figure-free line longer than this is framing prose, not a pasted line
QUOTA = {A: 9, P: 3, L: 5}  # facts per part of the case's role; 2 for other roles inside it
QUOTA_SINGLE = 12  # a report of one role only
_SENTENCE_RE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
# a clause; a comma between digits ("1,100.76亿元") is part of the figure
_CLAUSE_RE = re.compile(r"(?:[^，,；;：:]|(?<=\d)[，,](?=\d))+")
_ENUMERATOR_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\d+[.、．])"
)
_MARKED_STYLES = ("1.", "•", "1、", "-")
_PLAIN_STYLES = ("plain", "-", "1.", "•")


@dataclass(frozen=True)
class CorpusFact:
    role: str
    text: str
    heading: str  # title of the level-2 section it sits in ("" when none)
    start: int


@dataclass(frozen=True)
class CorpusSpec:
    id: str
    source: str  # knowledge/<file>
    title: str
    unit: str
    period: str
    next_period: str
    marked: bool
    style: str
    headings: str  # "" none, "bare" heading titles, "marker" headings with their （一） marker
    facts: tuple[CorpusFact, ...]
    reference: str
    note: str


@dataclass(frozen=True)
class _Part:
    role: str
    heading: tuple[int, int] | None  # span of the part heading
    preamble: tuple[int, int] | None
    numbered: bool  # units are （一） sections or 一是 items, not sentences
    units: tuple[tuple[int, int], ...]


def department_entries() -> list[dict]:
    """catalog.json entries of the department reports (source departments/…)."""
    catalog = json.loads((KNOWLEDGE / "catalog.json").read_text(encoding="utf-8"))
    return [e for e in catalog if e["source"].startswith("departments/")]


def _units(section: Section, text: str) -> tuple[tuple[tuple[int, int], ...], bool]:
    """The part's units and whether they are numbered (sections, 一是 items) or sentences."""
    children = [c for c in section.children if c.heading.level == 2] or section.children
    if children:
        return tuple((c.start, c.end) for c in children), True
    runins = [r for r in section.runins if r.number >= 1]
    if len(runins) >= 2:
        bounds = [r.start for r in runins] + [section.end]
        return tuple(zip(bounds, bounds[1:], strict=False)), True
    return _sentence_spans(text, section.heading.end, section.end), False


def _sentence_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans = tuple(
        (m.start(), m.end()) for m in _SENTENCE_RE.finditer(text, start, end) if m.group(0).strip()
    )
    return spans or ((start, end),)


def _parts(doc: ParsedDocument) -> list[_Part]:
    parts = []
    for part in doc.parts:
        units, numbered = _units(part, doc.text)
        preamble = (part.heading.end, units[0][0]) if units[0][0] > part.heading.end else None
        span = (part.heading.start, part.heading.end)
        parts.append(_Part(part.role, span, preamble, numbered, units))
    if parts:
        return parts
    # no parts at all: one part with the role its title names; a 年度工作报告 reviews its year
    role = heading_role(doc.title)
    body = doc.text.index("\n") if "\n" in doc.text else 0
    units = _sentence_spans(doc.text, body, len(doc.text))
    return [_Part(A if role == "other" else role, None, None, False, units)]


def _skipped(doc: ParsedDocument) -> list[tuple[int, int]]:
    """Spans that are no fact text: heading markers and titles, run-in markers."""
    spans = [(h.start, h.end) for h in doc.headings]
    spans += [(r.start, r.end) for r in doc.runins]
    return sorted(spans)


def _sentences(doc: ParsedDocument, start: int, end: int, skipped) -> list[tuple[int, str]]:
    """(position, text) of the sentences between start and end, skipped spans cut out."""
    pieces, cursor = [], start
    for s, e in skipped:
        if e <= cursor or s >= end:
            continue
        if s > cursor:
            pieces.append((cursor, s))
        cursor = max(cursor, e)
    if cursor < end:
        pieces.append((cursor, end))
    out = []
    for s, e in pieces:
        for m in _SENTENCE_RE.finditer(doc.text, s, e):
            text = m.group(0).strip()
            if len(text) >= MIN_CLAUSE:
                out.append((m.start(), text))
    return out


def _clauses(sentence: str) -> list[re.Match]:
    return [m for m in _CLAUSE_RE.finditer(sentence) if m.group(0).strip()]


def _trim(sentence: str, clauses: list[re.Match], first: int, last: int) -> str:
    """Clauses first..last as written in the sentence, cut to MAX_CHARS at a clause boundary;
    a bracket the cut leaves open is cut off with what follows it."""
    text = ""
    for m in clauses[first : last + 1]:
        candidate = sentence[clauses[first].start() : m.end()]
        if len(candidate) > MAX_CHARS:
            break
        text = candidate
    for open_, close in (("（", "）"), ("(", ")")):
        if text.count(open_) > text.count(close):
            text = text[: text.rindex(open_)]
    return _ENUMERATOR_RE.sub("", text.strip()).strip("，,。；;：: ")


def _figure_fact(sentence: str) -> str | None:
    clauses = _clauses(sentence)
    marks = [i for i, c in enumerate(clauses) if _has_figure(c.group(0))]
    if not marks:
        return None
    first = marks[0]
    if len(clauses[first].group(0).strip()) < MIN_CLAUSE and first > 0:
        first -= 1
    last = first
    while last + 1 < len(clauses) and last + 1 in marks:
        last += 1
    text = _trim(sentence, clauses, first, last)
    return text if text and _has_figure(text) else None


def _problem_fact(sentence: str) -> str | None:
    clauses = _clauses(sentence)
    marks = [i for i, c in enumerate(clauses) if _problem_cue(c.group(0))]
    if not marks:
        return None
    first = marks[0]
    if len(clauses[first].group(0).strip()) < MIN_CLAUSE and first > 0:
        first -= 1
    return _trim(sentence, clauses, first, min(marks[0] + 1, len(clauses) - 1)) or None


def _topic_fact(sentence: str) -> str | None:
    """A short figure-free sentence, or the opening two clauses of a longer one: "全省首创游艇
    大众消费管理模式", a 一是 item's title. One opening clause alone is often a fragment
    ("根据重点项目用地需要"), so it is never taken on its own."""
    clauses = _clauses(sentence)
    if not clauses:
        return None
    text = _trim(sentence, clauses, 0, min(1, len(clauses) - 1))
    return text if MIN_CLAUSE <= len(text) <= MAX_TOPIC else None


def _candidates(doc, unit, skipped, role) -> list[CorpusFact]:
    """The unit's facts by priority: figure (or problem) facts, then figure-free lines."""
    found, topics = [], []
    for pos, sentence in _sentences(doc, *unit, skipped):
        actual = doc.role_at(pos)
        actual = role if actual == "other" else actual
        text = _problem_fact(sentence) if actual == P else _figure_fact(sentence)
        if text:
            found.append(CorpusFact(actual, text, _heading(doc, pos), pos))
        elif topic := _topic_fact(sentence):
            topics.append(CorpusFact(actual, topic, _heading(doc, pos), pos))
    return found + topics


def _heading(doc: ParsedDocument, pos: int) -> str:
    """The label of the level-2 section at pos, cut where a run-in glued to it starts."""
    path = [s for s in doc.section_path(pos) if s.heading.level == 2]
    if not path:
        return ""
    h = path[-1].heading
    glued = [r.start for r in doc.runins if h.start < r.start < h.end]
    end = min(glued, default=h.end)
    return doc.text[h.start : end].strip()


def _pick(per_unit: list[list[CorpusFact]], quota: int) -> list[CorpusFact]:
    """Round-robin over the units until the quota is met, then back in document order."""
    chosen, depth = [], 0
    while len(chosen) < quota and any(depth < len(u) for u in per_unit):
        for facts in per_unit:
            if depth < len(facts) and len(chosen) < quota:
                chosen.append(facts[depth])
        depth += 1
    return sorted(chosen, key=lambda f: f.start)


def _half(part: _Part, which: int):
    """Numbered units alternate between the cases, (一)(三)… and (二)(四)…: a reference cut
    from (六) on would not be read as numbered, as the parser wants a list to start low.
    Sentences are split in two runs, to keep each run's paragraph whole."""
    if part.numbered:
        return part.units[which::2]
    cut = (len(part.units) + 1) // 2
    return part.units[:cut] if which == 0 else part.units[cut:]


def build_specs() -> list[CorpusSpec]:
    specs = []
    for index, entry in enumerate(department_entries()):
        text = (KNOWLEDGE / entry["file"]).read_text(encoding="utf-8")
        doc = parse_document(text)
        parts, skipped = _parts(doc), _skipped(doc)
        for which in (0, 1):
            specs.append(_spec(entry, index, which, doc, parts, skipped))
    return specs


def _spec(entry, index, which, doc, parts, skipped) -> CorpusSpec:
    title_end = doc.text.find("\n")
    spans = [(0, title_end)]
    if which == 0 and parts[0].heading and doc.preamble_end > title_end:
        spans.append((title_end, doc.preamble_end))
    facts: list[CorpusFact] = []
    for part in parts:
        units = _half(part, which)
        if not units or part.role == "other":
            continue  # a part the parser gives no role could not be scored fairly
        if part.heading:
            spans.append(part.heading)
        if part.preamble and which == 0:
            spans.append(part.preamble)
        spans += list(units)
        per_unit = [_candidates(doc, u, skipped, part.role) for u in units]
        by_role: dict[str, list[list[CorpusFact]]] = {}
        for unit_facts in per_unit:
            for role in (A, P, L):
                by_role.setdefault(role, []).append([f for f in unit_facts if f.role == role])
        single = len({p.role for p in parts if p.role != "other"}) == 1
        for role, lists in by_role.items():
            quota = (QUOTA_SINGLE if single else QUOTA[role]) if role == part.role else 2
            facts += _pick(lists, quota)
    facts = sorted({f.start: f for f in facts}.values(), key=lambda f: f.start)
    marked = (which == 0) == (index % 2 == 0)
    style = (_MARKED_STYLES if marked else _PLAIN_STYLES)[index % 4]
    headings = ("", "bare", "", "marker")[index % 4] if marked else ""
    if not marked and index % 4 < 2:
        facts = [_with_plan_cue(f) for f in facts]
    key = entry["file"].removesuffix(".txt")
    return CorpusSpec(
        id=f"{key}-{'ab'[which]}",
        source=f"knowledge/{entry['file']}",
        title=entry["title"],
        unit=entry["unit"],
        period=entry["period"],
        next_period=entry["next_period"],
        marked=marked,
        style=style,
        headings=headings,
        facts=tuple(facts),
        reference=_cut(doc.text, spans),
        note=f"{('odd', 'even')[which]} sections or items of every part (first/second run of "
        "sentences where nothing is numbered)",
    )


def _with_plan_cue(fact: CorpusFact) -> CorpusFact:
    if fact.role != L or fact.text.startswith(PLAN_TIME_CUES + PLAN_VERB_CUES):
        return fact
    if any(cue in fact.text for cue in PLAN_TIME_CUES) or re.match(r"20\d\d年", fact.text):
        return fact
    return CorpusFact(fact.role, "明年" + fact.text, fact.heading, fact.start)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """The spans in order, adjacent ones merged, joined by line breaks."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return "\n".join(text[s:e].strip() for s, e in merged if text[s:e].strip())
