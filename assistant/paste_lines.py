"""A paste's raw lines as the lines a writer types: a spreadsheet row (cells split by tabs) is one
fact line; a web copy's inline sub-headings ("…：（一）项目建设提速增效。全年实施…（二）…") and a
numbered or 一是 item that opens with its title ("1.兜底保障。全年发放…") become a heading line
and its facts. assistant.paste_split reads the lines that result.
"""

from __future__ import annotations

import re

from assistant import metadata, structure
from assistant.fact_lines import (
    BULLET,
    NUMBERED_HEADING_MAX_CHARS,
    Lines,
    header_role,
    style,
    words,
)
from assistant.figures import has_figure
from assistant.heading_lines import heading_shaped
from assistant.structure.markers import marker_candidates

LEAD_MIN_TITLE_CHARS = 4
LEAD_TITLE_MAX_CHARS = 12  # a first clause that heads the figures after it: "抓项目促投资"
TITLED_ITEM_MAX_CHARS = 16  # a numbered line's first sentence that is its title: "兜底保障。"
_SENTENCE_TITLE = re.compile(r"([^。！？；]+)[。！？；](.+)", re.S)
_CLAUSE_TITLE = re.compile(r"([^，,。！？；]+)[，,](.+)", re.S)


def table_rows(lines: list[tuple[int, str]], out: Lines) -> list[tuple[int, str]]:
    """A table copied from a spreadsheet (cells split by tabs) as the lines a writer types: a
    row is one fact, its cells joined by "，", a bare figure named by its column ("年度目标
    1200套"); a header row of no figure names the columns and is no fact."""
    lines = [(n, _untab_marker(line)) for n, line in lines]
    rows = [(n, [c.strip() for c in line.split("\t")]) for n, line in lines]
    result: list[tuple[int, str]] = []
    header: list[str] = []
    for i, (number, cells) in enumerate(rows):
        cells_ = [c for c in cells if c]
        if len(cells) < 2 or len(cells_) < 2:
            header = []
            result.append((number, lines[i][1]))
            continue
        figured = any(has_figure(c) for c in cells_)
        starts = i == 0 or len(rows[i - 1][1]) < 2
        if starts and not figured and i + 1 < len(rows) and len(rows[i + 1][1]) >= 2:
            header = cells
            out.not_facts.append(words()["table_header"].format(cells="／".join(cells_)))
            continue
        numbering = {k for k, h in enumerate(header) if h in words()["row_number_headers"]}
        named = [
            f"{header[k]}{c}" if k < len(header) and header[k] and c[:1].isdigit() else c
            for k, c in enumerate(cells)
            if c and k not in numbering
        ]
        result.append((number, "，".join(named)))
    return result


def _untab_marker(line: str) -> str:
    """ "1.\t查处…" (a word processor's list) is a numbered line, not a row of two cells."""
    first, tab, rest = line.partition("\t")
    marker = BULLET.match(first.strip() + " ")
    if tab and first.strip() and marker and marker.end() >= len(first.strip()):
        return f"{first.strip()} {rest.strip()}"
    return line


def unfold(number: int, line: str) -> list[tuple[int, str]]:
    """A line that runs its sub-headings inline, as a web copy does ("…：（一）项目建设提速增效。
    全年实施…（二）乡村振兴扎实推进。…"), as the lines a writer types: each heading on a line
    of its own, its facts after it."""
    heads = [h for h in structure.parse_document(line).headings if _unfolds(h)]
    if len(heads) < 2 or not any(h.inline for h in heads):
        return _unfold_titled_item(number, line)
    out = _unfold_titled_runin(number, line[: heads[0].start].strip())
    stops = [h.start for h in heads[1:]] + [len(line)]
    for head, stop in zip(heads, stops, strict=True):
        body = line[head.start + len(head.marker) : stop].strip()
        if head.level == 1:  # a part's marker runs into its text: "二、2025年工作思路深入贯彻…"
            title, rest = head.title, body[len(head.title) :].strip()
        else:
            title, rest = _title_of(body, NUMBERED_HEADING_MAX_CHARS)
        if title:  # its text may be a list of titled items of its own
            out += [(number, head.marker + title), *_unfold_titled_runin(number, rest)]
        else:  # a lone sentence keeps its number: a numbered fact, or a heading of its own
            out.append((number, head.marker + body))
    return [(n, text) for n, text in out if text]


def _unfolds(head) -> bool:
    """A heading a web copy runs inline that becomes a line of its own: a （一） sub-heading, or
    a part's marker ("一、2024年工作总结（一）…")."""
    if not head.marker:
        return False
    if head.level == 1:
        return head.inline and bool(header_role(head.marker + head.title))
    return head.level == 2


def _unfold_titled_item(number: int, line: str) -> list[tuple[int, str]]:
    """A numbered line that opens with its title sentence ("1.兜底保障。全年发放…") as its
    heading line and its facts; the line itself otherwise ("1.完成亮化12公里。…")."""
    marker = BULLET.match(line)
    if not marker:
        return _unfold_titled_runin(number, line)
    if style(line) == "dash":
        return [(number, line)]
    title, rest = _title_of(line[marker.end() :].strip(), TITLED_ITEM_MAX_CHARS, clauses=False)
    if not title or re.search(r"[，,：:]", title):
        return [(number, line)]
    return [(number, line[: marker.end()] + title), (number, rest)]


def _unfold_titled_runin(number: int, line: str) -> list[tuple[int, str]]:
    """A line of one 一是 item that opens with its title ("一是城市更新。完成老旧小区改造32个…", a
    住建局 paste of 2026-12) as a numbered title line and its facts, as "1.城市更新。…" is."""
    runins = [c for c in marker_candidates(line) if c.kind == "runin"]
    if len(runins) > 1:
        return _unfold_titled_runins(number, line, runins)
    if not runins or runins[0].start != 0:
        return [(number, line)]
    title, rest = _title_of(line[runins[0].end :].strip(), TITLED_ITEM_MAX_CHARS, clauses=False)
    if not title or re.search(r"[，,：:]", title):
        return [(number, line)]
    return [(number, f"{runins[0].number}.{title}"), (number, rest)]


def _unfold_titled_runins(number: int, line: str, runins: list) -> list[tuple[int, str]]:
    """A line of a whole 一是…四是 list whose every item opens with its title ("一是推进城乡融合
    进程。完善60个村庄…二是加快现代产业发展。…", the 平潭 农业农村局 web copy) as its text
    before the list, then each title line and its facts; the line itself otherwise."""
    if [c.number for c in runins] != list(range(1, len(runins) + 1)):
        return [(number, line)]  # "融合一是" inside a word, or a list cut short
    stops = [c.start for c in runins[1:]] + [len(line)]
    out = [(number, line[: runins[0].start].strip())]
    for runin, stop in zip(runins, stops, strict=True):
        item = line[runin.end : stop].strip()
        title, rest = _title_of(item, TITLED_ITEM_MAX_CHARS, clauses=False)
        if not title or not rest or re.search(r"[，,：:]", title):
            return [(number, line)]
        out += [(number, f"{runin.number}.{title}"), (number, rest)]
    return [(n, text) for n, text in out if text]


def _title_of(body: str, longest: int, clauses: bool = True) -> tuple[str, str]:
    """(title, rest) of a sub-section written on one line: its first sentence when that is
    heading-shaped ("项目建设提速增效。…"), else (with `clauses`) a short first clause before
    figures ("抓项目促投资，全年…35个"); ("", body) when it opens with a fact."""
    runins = [c for c in marker_candidates(body) if c.kind == "runin"]
    first = next((c for c in runins if c.number == 1), None)
    # "融合一是" may be a word ("…合一是"); a "二是" after it says it is the list's first marker
    listed = first and any(c.number == 2 and c.start > first.start for c in runins)
    if listed and first.start >= LEAD_MIN_TITLE_CHARS:
        # the heading runs into its first item: "突出党建引领，激发担当作为一是持续加强…"
        title = body[: first.start].strip().rstrip("。：:")
        if heading_shaped(title, "cnp"):
            return title, body[first.start :].strip()
    m = _SENTENCE_TITLE.fullmatch(body)
    if m and not m.group(2).strip():
        return "", body  # a lone sentence is a fact
    if m and len(m.group(1).strip()) <= longest and heading_shaped(m.group(1).strip(), "cnp"):
        return m.group(1).strip(), m.group(2).strip()
    m = _CLAUSE_TITLE.fullmatch(body) if clauses else None
    if m and len(m.group(1).strip()) <= LEAD_TITLE_MAX_CHARS and heading_shaped(m.group(1), "cnp"):
        if has_figure(m.group(2)):
            return m.group(1).strip(), m.group(2).strip()
    return "", body


def indented_parents(paste: str) -> set[int]:
    """Numbers of the bulleted lines that the next line sits under, bulleted and indented deeper
    ("◆ 数字政府建设" above "  - 政务云平台承载业务系统143个"): the writer's outline, whatever
    the bullets; the line numbers are the paste's own, as split_paste keeps them."""
    rows = [(n, raw) for n, raw in enumerate(paste.splitlines(), 1) if raw.strip()]
    return {
        number
        for (number, line), (_, after) in zip(rows, rows[1:], strict=False)
        if _indent(after) > _indent(line) and style(line.strip()) and style(after.strip())
    }


def _indent(line: str) -> int:
    """Width of a line's leading blanks, a tab as four and a full-width space as two."""
    blanks = line[: len(line) - len(line.lstrip())]
    return sum(4 if ch == "\t" else 2 if ch == "\u3000" else 1 for ch in blanks)


_SIGNATURE_DATE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九]{4})年[0-9〇一二三四五六七八九十]{1,3}月[0-9〇一二三四五六七八九十]{1,3}日$"
)


def speech_head_rows(lines: list[tuple[int, str]]) -> int:
    """How many first lines are a speech's head (a 政府工作报告 pasted whole): its title ("政 府
    工 作 报 告"), the meeting, the speaker and the salutation; 0 when there is none."""
    count = 0
    for index, (_, line) in enumerate(lines):
        if metadata.is_speech_head(line):
            count = index + 1
        elif index or not metadata.is_short_title(line):
            break  # the title counts only with the head lines after it
    return count


def signature_rows(lines: list[tuple[int, str]]) -> int:
    """How many last lines are the document's signature (落款): a full date alone ("2025年12月
    20日"), with the unit's name on the line above it ("县统计局"); 0 when there is none."""
    if not lines or not _SIGNATURE_DATE.match(re.sub(r"\s+", "", lines[-1][1])):
        return 0
    above = lines[-2][1].strip() if len(lines) > 1 else ""
    return 2 if above and metadata.names_a_unit_in_header(above) else 1
