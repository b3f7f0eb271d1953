"""Candidate markers and the tests a marker must pass to be a heading: boundary, title, residue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.data_files import read_yaml
from assistant.roles import heading_role
from assistant.structure.model import _CIRCLED, cn_to_int

_MARKER_RE = re.compile(
    r"(?P<l2p>[（(](?P<n2>[一二三四五六七八九十]{1,3})[）)])"
    r"|(?P<l2c>[㈠-㈩])"
    r"|(?P<l4>[（(](?P<n4>\d{1,2})[）)])"
    r"|(?P<l1>(?P<n1>[一二三四五六七八九十]{1,3})(?P<p1>[、.．，,]))"
    r"|(?P<ri>(?P<nr>[一二三四五六七八九十]{1,3})(?P<rv>是|要)(?=[\u4e00-\u9fff“\"\d*（(《]))"
    r"|(?P<l3>(?<![\d.．])(?P<n3>\d{1,2})(?P<p3>[、.．])(?![\d%％]))"
    r"|(?P<bare>(?P<nb>[一二三四五六七八九十]{1,2})(?=[\u4e00-\u9fff]))"
)
# where a heading title stops: sentence end, a gap, the next marker, a run-in "一是"
_TITLE_STOP_RE = re.compile(
    r"[\n\r。！？!?；;：:]|[ \t\u3000\xa0]"
    r"|[（(][一二三四五六七八九十]{1,3}[）)]|[㈠-㈩]"
    r"|(?<![统唯第同之万专单逐合归如不每任某这那另步均])[一二三四五六七八九十]是(?=[\u4e00-\u9fff\d*])"
    r"|(?<=[\u4e00-\u9fff])\d{1,2}[、.．](?![\d%％])"
)
_SPACES = " \t\u3000\xa0"
_SENTENCE_END = "。！？；;：:!?"
_CLOSERS = '”’"」』）)'
# characters before "一是" that make it part of a word: 统一是, 唯一是, 进一步要求
_RUNIN_BAD_PRECEDERS = set("统唯第同之万专单逐合归如不每任某这那另步均十")
# characters after a bare numeral that make it a word: 一是, 一些, 一方面, 一年来, 二十
_BARE_BAD_FOLLOWERS = set(
    "是要些方面年名个次批级把直样般致切起同律线定则道流体场份天月周项种点类件十"
)

LINE, SENTENCE, TITLE, SPACE, NONE = "line", "sentence", "title", "space", "none"


# ---------------------------------------------------------------- candidate markers


@dataclass
class _Candidate:
    level: int
    number: int
    marker: str
    style: str
    start: int
    end: int
    kind: str  # l1 l2 l3 l4 bare runin


def _candidate(m: re.Match) -> _Candidate:
    g = m.group
    s, e = m.start(), m.end()
    if g("l2p"):
        open_, close = g("l2p")[0], g("l2p")[-1]
        return _Candidate(2, cn_to_int(g("n2")), g("l2p"), f"{open_}一{close}", s, e, "l2")
    if g("l2c"):
        return _Candidate(2, _CIRCLED.index(g("l2c")) + 1, g("l2c"), "㈠", s, e, "l2")
    if g("l4"):
        open_, close = g("l4")[0], g("l4")[-1]
        return _Candidate(4, int(g("n4")), g("l4"), f"{open_}1{close}", s, e, "l4")
    if g("l1"):
        return _Candidate(1, cn_to_int(g("n1")), g("l1"), f"一{g('p1')}", s, e, "l1")
    if g("ri"):
        return _Candidate(0, cn_to_int(g("nr")), g("ri"), f"一{g('rv')}", s, e, "runin")
    if g("l3"):
        return _Candidate(3, int(g("n3")), g("l3"), f"1{g('p3')}", s, e, "l3")
    return _Candidate(2, cn_to_int(g("nb")), g("nb"), "一", s, e, "bare")


def _boundary(text: str, pos: int, title_ends: set[int]) -> str:
    i = pos - 1
    while i >= 0 and text[i] in _SPACES:
        i -= 1
    if i < 0 or text[i] in "\n\r":
        return LINE
    if i + 1 in title_ends:
        return TITLE
    ch = text[i]
    if ch in _SENTENCE_END:
        return SENTENCE
    if ch in _CLOSERS and i > 0 and text[i - 1] in _SENTENCE_END:
        return SENTENCE
    if i < pos - 1:
        return SPACE
    return NONE


def _title(text: str, start: int, limit: int = 60) -> tuple[str, int, bool]:
    """Title after a marker: (title, end offset, whether a stop was found within limit)."""
    i = start
    n = len(text)
    while i < n and text[i] in _SPACES:
        i += 1
    window_end = min(n, i + limit)
    pos = i + 1
    while True:
        m = _TITLE_STOP_RE.search(text, pos, window_end)
        if m is None:
            # the text simply ends: that is a stop too
            return text[i:window_end].strip(), window_end, window_end == n
        if m.start() - i >= 2 or m.group(0) in "\n\r。！？!?":
            title = text[i : m.start()].rstrip(",，、")
            return title, i + len(title), True
        pos = m.end()


# how level-1 titles end ("…工作情况", "存在的主要问题"); words that continue a title after one
WORDS_PATH = Path(__file__).resolve().parents[1] / "data" / "structure_words.yaml"


@lru_cache(maxsize=1)
def words() -> dict:
    """Title endings and joiners (assistant/data/structure_words.yaml)."""
    return read_yaml(WORDS_PATH, "结构词表文件")


_TITLE_ENDINGS = tuple(words()["title_endings"])
_TITLE_JOINERS = tuple(words()["title_joiners"])


# how a body often opens right after a glued level-1 title ("三、加强政府自身建设我们必须…")
_BODY_OPENING_RE = re.compile(
    "|".join(words()["body_openings"]) + r"|(?:20|19)\d\d年|\d{3}年"  # years are grammar
)


def _cut_inline_title(title: str, stopped: bool = True) -> str | None:
    """Where an inline level-1 title stops when its body runs on without a break.

    "存在的主要问题执法力量不足" -> "存在的主要问题"; "208年工作计划208年,我办将…" -> "208年工作计划".
    The first cut after a title ending ("情况", "计划", …) that gives the title a role wins
    ("目标完成情况", not "目标"); else, in a stopped title, the first cut after an ending; else
    the title stops where a body opening ("我们", "2019年") starts. `stopped` says the title ran
    to a real stop rather than to the end of the search window. None: no cut found.
    """
    cuts = []
    for i in range(2, len(title) + 1):
        if not any(title.endswith(e, 0, i) for e in _TITLE_ENDINGS):
            continue
        rest = title[i:]
        if not rest and not stopped:
            continue  # the window, not the title, ends here
        if rest.startswith(_TITLE_JOINERS) or rest.startswith(_TITLE_ENDINGS):
            continue
        cuts.append(i)
    for i in cuts:
        if heading_role(title[:i]) != "other":
            return title[:i]
    if stopped and cuts:
        return title[: cuts[0]]
    m = _BODY_OPENING_RE.search(title, 4)
    if m and m.start() <= 25:
        return title[: m.start()]
    return title if stopped else None


# verbs and time words that open a paragraph body, rarely the middle of a heading's last clause;
# adverbs count only before a verb ("全面落实…" opens a body, "乡村全面振兴" ends a title)
_BODY_VERB_RE = re.compile(
    "|".join(words()["body_verbs"])
    + r"|(?:20|19)\d\d年"
    + f"|(?:{'|'.join(words()['body_adverbs'])})"
    + f"(?={'|'.join(words()['body_adverb_verbs'])})"
)


def _cut_glued_level2(title: str) -> str | None:
    """A level-2 title that runs into its body: "…，保持经济稳定增长坚持把投资…" -> "…，保持经济稳定增长".

    Level-2 titles are one or more clauses; the body is glued to the last one. The cut is at
    the first body-opening verb at least 4 characters into the last clause (6 into a title
    with one clause). None when there is no such verb.
    """
    for m in _BODY_VERB_RE.finditer(title, 4):
        comma = max(title.rfind("，", 0, m.start()), title.rfind(",", 0, m.start()))
        into_clause = m.start() - (comma + 1)
        if into_clause >= (4 if comma >= 0 else 6):
            return title[: m.start()]
    return None


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _breaks_sentence(text: str, pos: int, heading_lines: set[int]) -> bool:
    """A line-start marker whose previous line stops mid-sentence: scraped page residue."""
    i = _line_start(text, pos) - 1
    while i >= 0 and text[i] in _SPACES + "\r\n":
        i -= 1
    if i < 0:
        return False
    prev_start = _line_start(text, i)
    if prev_start in heading_lines:
        return False
    prev = text[prev_start : i + 1].strip(_SPACES)
    return len(prev) > 60 and prev[-1] not in _SENTENCE_END + _CLOSERS + "…"


@dataclass(frozen=True)
class MarkerCandidate:
    """A numbering marker as written, before the parser decides whether it is a heading."""

    kind: str  # "l1" "l2" "l3" "l4" "bare" (a level-2 numeral with no brackets) "runin"
    level: int  # 1..4 for headings, 0 for run-ins
    number: int
    marker: str
    style: str
    start: int
    end: int


def marker_candidates(text: str) -> list[MarkerCandidate]:
    """Every marker the parser considers, accepted or not (for lints that report rejects)."""
    out = []
    for m in _MARKER_RE.finditer(text):
        c = _candidate(m)
        out.append(MarkerCandidate(c.kind, c.level, c.number, c.marker, c.style, c.start, c.end))
    return out


def runin_blocked(text: str, pos: int) -> bool:
    """Whether the "N是" at pos is part of a word ("统一是", "唯一是"), not a list marker."""
    return pos > 0 and text[pos - 1] in _RUNIN_BAD_PRECEDERS


def breaks_sentence(text: str, pos: int) -> bool:
    """A line-start marker whose previous line stops mid-sentence (scraped page residue)."""
    return _breaks_sentence(text, pos, set())
