"""The product's rules, written once: fact coverage, invented figures, numbering, run-in lists.

The guard (assistant.guard), the structure lint (eval/lint.py) and the eval metrics
(eval/metrics.py) all call these; none of them keeps its own copy. The role of the text at a
position is `ParsedDocument.role_at` (assistant.structure).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from assistant import roles, structure, topics
from assistant.data_files import DATA_DIR, read_yaml
from assistant.figures import Figure, figure_keys, find_figures, normalize
from assistant.structure import Heading, ParsedDocument, parse_document

# ---------------------------------------------------------------- fact coverage
# The one definition of "a text covers a fact", for the guard (which paragraph carries a
# fact), the splitter, revision, the case builder and the eval's fact recall: one run of up
# to WINDOW sentences holds every result figure of the fact (by key: "300辆" still carries a
# "300余辆" fact, figure recall reports the lost "余") and most of its wording. Wording is
# the fact's character pairs, figures left out (they are checked as figures), a pair inside
# a stock word or a role cue counting half: a reference writes "明年围绕宣传抓整治" as
# "围绕宣传抓整治" and "…还需进一步完善" as "…不完善", and a stock verb alone ("进一步加强")
# is no sign of the fact. Measured on the dev and corpus cases (eval/README.md): a reference
# carries each of its facts with a share of 0.647 or more (corpus 0.857), an offline draft
# 0.824 or more; the references of other documents carry 1 in 162 (dev), 5 in 224 (corpus).

COVERED = 0.6  # weighted share of a fact's wording a text must hold to carry the fact
FRAME_WEIGHT = 0.5  # weight of a pair inside a stock word or a role cue
WINDOW = 3  # sentences (or "；" clauses) in a row that may carry one fact
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9*]")
SENTENCE = re.compile(r"[^。；！？]*[。；！？]?")  # a sentence or a clause that ends in "；"


def sentences(text: str) -> list[str]:
    """The text's sentences, each with its end mark; together they are the whole text."""
    return [s for s in SENTENCE.findall(text) if s]


def char_pairs(text: str) -> set[str]:
    """The text's pairs of neighbouring characters, whitespace and punctuation left out."""
    chars = "".join(_WORD.findall(normalize(text)))
    return {chars[i : i + 2] for i in range(len(chars) - 1)} or ({chars} if chars else set())


def _text(fact: Any) -> str:
    return fact if isinstance(fact, str) else fact.text


@lru_cache(maxsize=1)
def _frame_words() -> re.Pattern[str]:
    words = set(topics.stock_words()) | set(roles.PLAN_TIME_CUES) | set(roles.PROBLEM_FACT_CUES)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=8192)
def wording(fact_text: str) -> Mapping[str, float]:
    """A fact's wording: its character pairs with their weights (see the note above); read
    only, as it is cached."""
    text = normalize(fact_text)
    # the plans part says its time once ("2026年，…将…：一是再建3座"): a plan's own opening
    # time word is no wording a draft must repeat; it was half of "明年再建3座"
    lead = next((cue for cue in roles.PLAN_TIME_CUES if text.startswith(cue)), "")
    text = text[len(lead) :] if len(_WORD.findall(text[len(lead) :])) >= 2 else text
    kind = ["word" if _WORD.match(c) else "" for c in text]
    for m in _frame_words().finditer(text):
        kind[m.start() : m.end()] = ["frame" if k else k for k in kind[m.start() : m.end()]]
    for fig in find_figures(text):
        kind[fig.start : fig.end] = ["figure"] * (fig.end - fig.start)
    at = [i for i, k in enumerate(kind) if k]
    pairs: dict[str, float] = {}
    for a, b in zip(at, at[1:], strict=False):
        if "figure" in (kind[a], kind[b]):
            continue
        weight = FRAME_WEIGHT if "frame" in (kind[a], kind[b]) else 1.0
        pairs[text[a] + text[b]] = max(pairs.get(text[a] + text[b], 0.0), weight)
    if not pairs:  # all figures: its plain pairs stand for it
        pairs = dict.fromkeys(char_pairs(text), 1.0)
    return MappingProxyType(pairs)


@dataclass(frozen=True)
class Evidence:
    """A text read once for coverage: the figure keys and the character pairs of each run of
    up to WINDOW sentences (a fact is said in one place, not gathered from a whole page)."""

    windows: tuple[tuple[frozenset[str], frozenset[str]], ...]  # (figure keys, pairs)


def window_for(fact: Any) -> int:
    """Sentences in a row that may carry the fact: WINDOW, or as many as the fact has itself
    (a pasted line of four sentences is said in four, and must be found there)."""
    return max(WINDOW, len([s for s in sentences(_text(fact)) if s.strip()]))


@lru_cache(maxsize=4096)
def evidence(text: str, size: int = WINDOW) -> Evidence:
    parts = [s for s in sentences(text) if s.strip()] or [text]
    runs = [parts[i : i + size] for i in range(max(1, len(parts) - size + 1))]
    return Evidence(
        tuple((frozenset(figure_keys("".join(r))), frozenset(char_pairs("".join(r)))) for r in runs)
    )


def _share(pairs: Mapping[str, float], text_pairs: frozenset[str]) -> float:
    total = sum(pairs.values())
    return sum(w for p, w in pairs.items() if p in text_pairs) / total if total else 0.0


def fact_score(text: str, fact: Any) -> float:
    """The weighted share of the fact's wording in the text's best run of sentences."""
    pairs = wording(_text(fact))
    windows = evidence(text, window_for(fact)).windows
    return max(_share(pairs, text_pairs) for _, text_pairs in windows)


def claims(fact: Any) -> list[Figure]:
    """The fact's figures that are results, not when: a year, a date or a period ("2025年")
    is said in an opening and a plan line alike, so it is no evidence that a text carries it."""
    figures = getattr(fact, "figures", None)
    figures = find_figures(_text(fact)) if figures is None else figures
    return [f for f in figures if f.kind != "date"]


def carries(text: str, fact: Any) -> bool:
    """Whether a text covers a fact: one run of up to `window_for(fact)` of its sentences holds
    every result figure of the fact (by key) and at least COVERED of its weighted wording."""
    pairs = wording(_text(fact))
    wanted = {f.key for f in claims(fact)}
    return any(
        wanted <= keys and _share(pairs, text_pairs) >= COVERED
        for keys, text_pairs in evidence(text, window_for(fact)).windows
    )


def carries_under(text: str, heading: str, fact: Any) -> bool:
    """Whether a paragraph covers a fact, read alone or after the sub-heading right above it
    (`heading`, its title): a heading may say a fact's opening clause and the body the rest
    ("（一）城乡配套设施功能不完善 / 停车场、公用娱乐休闲场所严重不足。")."""
    return carries(text, fact) or bool(heading) and carries(heading + "，" + text, fact)


def attribute(text: str, facts: Iterable[Any]) -> list[str]:
    """Ids of the facts a text carries."""
    return [f.id for f in facts if carries(text, f)]


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(start, line) of each non-blank line: the unit that carries a fact in a whole text."""
    out, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start, line))
        start += len(line) + 1
    return out


@lru_cache(maxsize=8)
def _heading_layout(text: str) -> tuple[dict[int, str], int]:
    """Start -> title of each line of a text that is a sub-heading and nothing more, and where
    the first part (一、…) begins (the text's length when it has none)."""
    out = {}
    headings = parse_document(text).headings
    for h in headings:
        line_end = text.find("\n", h.start)
        line = text[h.start : line_end if line_end >= 0 else len(text)].strip()
        if h.level >= 2 and not h.inline and h.end - h.start >= len(line) - 1:
            out[h.start] = h.title
    first_part = min((h.start for h in headings if h.level == 1), default=len(text))
    return out, first_part


def locate(text: str, fact: Any) -> tuple[float, int | None]:
    """Where in a whole text a fact is covered: (the best paragraph's wording share, its start),
    the start None when no paragraph carries the fact. A body line carries it together with the
    sub-heading right above it when that heading says the fact's opening clause. A paragraph of
    the parts wins over the opening, which may name a fact in passing ("突出…等重点工作")."""
    best, where, above = (False, False, 0.0), None, ""
    titles, first_part = _heading_layout(text)
    for start, line in paragraphs(text):
        score, covered = fact_score(line, fact), carries_under(line, above, fact)
        key = (covered, covered and start >= first_part, score)
        if key > best:
            best, where = key, (start if covered else None)
        above = titles.get(start + len(line) - len(line.lstrip()), "")
    return best[2], where


# ---------------------------------------------------------------- invented figures


def allowed_keys(sources: Iterable[Any], *context: str | None) -> set[str]:
    """Figure keys a draft may contain: those of the sources (facts or texts) and the context."""
    keys: set[str] = set()
    for source in sources:
        if isinstance(source, str):
            keys |= figure_keys(source)
        else:
            keys |= {f.key for f in source.figures}
    for text in context:
        keys |= figure_keys(text or "")
    return keys


def figure_scopes(
    sources: Iterable[Any],
    period: str | None,
    next_period: str | None,
    unit: str | None,
    title: str | None,
) -> tuple[set[str], set[str]]:
    """(keys for the title and opening, keys for everything else).

    The unit's and title's figures ("5个街道联合执法队") may stand in the title and the opening
    only; elsewhere the unit counts only where it is written out in full (see `unsourced`), so a
    model's "完成5个项目" is not excused by the unit's 5.
    """
    body = allowed_keys(sources, period, next_period)
    return body | allowed_keys([], unit, title), body


def _spans(text: str, names: Iterable[str | None]) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for name in names
        if name and find_figures(name)
        for m in re.finditer(re.escape(name), text)
    ]


def numbering_spans(doc: ParsedDocument) -> list[tuple[int, int]]:
    """Where heading markers and run-in markers sit: numbering, never a figure."""
    spans = [(h.start, h.start + len(h.marker)) for h in doc.headings]
    return spans + [(r.start, r.end) for r in doc.runins]


def unsourced(
    text: str,
    allowed: set[str],
    names: Iterable[str | None] = (),
    doc: ParsedDocument | None = None,
) -> list[Figure]:
    """Figures in text whose key is not allowed: invented, to be marked 〔待核〕.

    Figures inside a verbatim occurrence of one of `names` (the unit, the title) are part of
    that name, not a claim; a numbering marker is not a figure.
    """
    figures = [f for f in find_figures(text) if f.key not in allowed]
    if not figures:
        return []
    skip = _spans(text, names) + numbering_spans(doc or parse_document(text))
    return [f for f in figures if not any(a <= f.start and f.end <= b for a, b in skip)]


def invented_figures(
    text: str,
    sources: Iterable[Any],
    *,
    period: str | None = None,
    next_period: str | None = None,
    unit: str | None = None,
    title: str | None = None,
    doc: ParsedDocument | None = None,
) -> list[Figure]:
    """`unsourced` over a whole draft's text: the title and opening (before the first heading)
    may use the unit's and title's figures, the rest may not."""
    doc = doc or parse_document(text)
    frame, body = figure_scopes(sources, period, next_period, unit, title)
    names = (unit, title)
    split = doc.headings[0].start if doc.headings else len(text)
    found = [f for f in unsourced(text, frame, names, doc) if f.start < split]
    return found + [f for f in unsourced(text, body, names, doc) if f.start >= split]


# ---------------------------------------------------------------- numbering


@dataclass(frozen=True)
class NumberingProblem:
    """A heading out of the 一、→（一）→1.→（1） order."""

    kind: str  # missing_marker | skipped_level | out_of_sequence
    heading: Heading
    expected: int  # skipped_level: the level wanted; otherwise the number wanted


def numbering_problems(doc: ParsedDocument) -> list[NumberingProblem]:
    """No level skipped, numbers continuous and restarting under each parent."""
    found: list[NumberingProblem] = []
    last = {1: 0, 2: 0, 3: 0, 4: 0}
    level = 0
    for h in doc.headings:
        if h.level > level + 1:
            found.append(NumberingProblem("skipped_level", h, level + 1))
        if h.missing_marker:
            found.append(NumberingProblem("missing_marker", h, last[h.level] + 1))
        elif h.number != last[h.level] + 1:
            found.append(NumberingProblem("out_of_sequence", h, last[h.level] + 1))
        last[h.level] = h.number
        for deeper in range(h.level + 1, 5):
            last[deeper] = 0
        level = h.level
    return found


@dataclass(frozen=True)
class Unaccepted:
    """A marker the parser saw but did not accept: it does not continue its numbering."""

    kind: str  # heading | runin
    level: int
    number: int
    start: int
    marker: str


def unaccepted_markers(doc: ParsedDocument) -> list[Unaccepted]:
    """Numbering written but out of sequence: a repeated "（二）", a "三是" after "一是"."""
    text = doc.text
    accepted = {h.start for h in doc.headings} | {r.start for r in doc.runins}
    covered = [(h.start, h.end) for h in doc.headings]
    out = []
    for cand in structure.marker_candidates(text):
        if cand.start in accepted or any(s <= cand.start < e for s, e in covered):
            continue
        if cand.kind == "runin":
            if _runin_claim(text, cand):
                out.append(Unaccepted("runin", 0, cand.number, cand.start, cand.marker))
        elif cand.kind in ("l1", "l2", "l4") or (cand.kind == "l3" and cand.number > 1):
            # only markers that open a line claim to be headings; inline ones are ordinary text
            line_start = text.rfind("\n", 0, cand.start) + 1
            if text[line_start : cand.start].strip(" \t\u3000\xa0"):
                continue
            if structure.breaks_sentence(text, cand.start):
                continue  # a page number splitting a sentence: scraping residue, not a heading
            out.append(Unaccepted("heading", cand.level, cand.number, cand.start, cand.marker))
    return out


def _runin_claim(text: str, cand: Any) -> bool:
    """Whether a rejected "N是" claims to continue a list (so its gap is a finding)."""
    if cand.number < 2 or structure.runin_blocked(text, cand.start):
        return False
    before = text[cand.start - 1] if cand.start else ""
    if before and "\u4e00" <= before <= "\u9fff" and before not in "。；":
        return False  # mid-word ("进一步要", "统二是"): not a list marker
    # the item before it is there: the parser just did not group them
    return _previous_runin_number(text, cand.start, cand.marker[-1]) != cand.number - 1


def _previous_runin_number(text: str, pos: int, verb: str) -> int | None:
    """Number of the nearest "N是" before pos in the same paragraph, whatever follows it."""
    start = text.rfind("\n", 0, pos) + 1
    pattern = re.compile(f"([{structure.CN_DIGITS}]{{1,3}}){verb}")
    last = None
    for m in pattern.finditer(text, start, pos):
        last = m
    return structure.cn_to_int(last.group(1)) if last else None


def verbatim_headings(doc: ParsedDocument, sources: Iterable[str]) -> set[int]:
    """Starts of the headings whose marker and title stand as written in a source text (a
    pasted "(1)电梯安全" kept in a fact): the writer's own words, not the draft's numbering."""
    texts = [normalize(s) for s in sources if s]
    return {
        h.start
        for h in doc.headings
        if h.marker and any(normalize(doc.text[h.start : h.end]) in t for t in texts)
    }


# ---------------------------------------------------------------- titles


@lru_cache(maxsize=1)
def _doc_kinds() -> tuple[str, ...]:
    return tuple(read_yaml(DATA_DIR / "lint.yaml", "结构检查词表")["doc_kinds"])


def word_count(text: str) -> int:
    """Characters of words in a text (汉字, letters, digits, the mask *), punctuation aside."""
    return len(_WORD.findall(text))


def names_a_doc_kind(title: str) -> bool:
    """Whether a title names its 文种 (总结, 计划, 报告…: GB/T 9704-2012 §7.3.1), for the lint's
    title rule and for a title a writer types into the chat."""
    compact = re.sub(r"\s+", "", title)
    return any(kind in compact for kind in _doc_kinds())
