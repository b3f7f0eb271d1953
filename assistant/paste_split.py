"""A whole paste split into its facts, in order: line by line, with the section markers and the
writer's headings (assistant.fact_lines) deciding where each fact belongs.

A line may hold more than one fact: its sub-headings run inline as in a web copy, its
sentences each carry a figure, a plan sentence follows a problem, or it holds its own list.
"""

from __future__ import annotations

import re

from assistant import metadata, roles, structure
from assistant.fact_lines import (
    BULLET,
    NUMBERED_HEADING_MAX_CHARS,
    TRAILING,
    Lines,
    Segment,
    announced,
    header_role,
    heading_label,
    heading_line,
    heading_shaped,
    is_not_fact,
    is_period_word,
    label,
    labels_in_use,
    lead_is_heading,
    list_intro,
    marker_role,
    names_a_part,
    part_title,
    runin_starts,
    split_list,
    strip_marker,
    style,
    topic_end,
    words,
    year_header,
    year_label,
)
from assistant.figures import has_figure
from assistant.punctuation import full_width
from assistant.structure.markers import marker_candidates

INNER_STYLES = ("num", "ord", "nump", "circ")  # the numbers of items under a "（一）" heading
LEAD_MIN_TITLE_CHARS = 4
LEAD_TITLE_MAX_CHARS = 12  # a first clause that heads the figures after it: "抓项目促投资"
TITLED_ITEM_MAX_CHARS = 16  # a numbered line's first sentence that is its title: "兜底保障。"
_SEGMENT_SPLIT = re.compile(r"[；;]+")
_SENTENCE_TITLE = re.compile(r"([^。！？；]+)[。！？；](.+)", re.S)
_CLAUSE_TITLE = re.compile(r"([^，,。！？；]+)[，,](.+)", re.S)
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？!?])")


def split_paste(paste: str, title: str | None = None) -> Lines:
    """Split a paste into fact segments (paste order) and the lines that are no facts."""
    out = Lines()
    raw_lines = enumerate(paste.splitlines(), 1)
    lines = _table_rows([(n, raw.strip()) for n, raw in raw_lines if raw.strip()], out)
    lines = [(n, full_width(line)) for n, line in lines]
    lines = [row for n, line in lines for row in _unfold_inline_headings(n, line)]
    if title:
        first = next((i for i, (_, line) in enumerate(lines) if line == title), None)
        if first is not None:
            del lines[first]  # only the first occurrence is the title
    scope: tuple[str, str] | None = None
    heading, numbered = "", False  # numbered: set by a "（一）" or "一、" heading line
    pending: tuple[int, str, str] | None = None  # a heading line no fact has come under yet
    plain_in_use = _plain_headings_in_use(lines)
    labelled = labels_in_use([BULLET.sub("", line, count=1).strip() for _, line in lines])

    def keep_pending() -> None:
        # a heading line with no fact under it ("基金收支平衡压力加大" above "2025年打算") is the
        # writer's line all the same: a fact, never dropped
        if pending:
            marker, word = scope if scope else (None, "")
            out.segments.append(Segment(pending[1], pending[0], marker, word, pending[1]))

    for i, (number, line) in enumerate(lines):
        introduced = _introduced_part(line)
        if introduced:  # "2025年，我镇将重点抓好以下工作：" is a marker, as "明年：" is
            keep_pending()
            scope, heading, numbered, pending = introduced, "", False, None
            continue
        if is_not_fact(line):  # before markers: "以下是我的工作要点：" is no plans marker
            out.not_facts.append(line.rstrip(TRAILING + "：:！!？?"))
            continue
        header = header_role(line)
        if header:
            own = part_title(line, header[0])
            if own:
                out.part_titles.setdefault(header[0], own)
            keep_pending()
            scope, heading, numbered, pending = header, "", False, None
            continue
        year = year_header(line)
        if year:  # "2025年：" over its facts: their time, not their topic
            keep_pending()
            scope, heading, numbered, pending = ("", year), "", False, None
            continue
        name = heading_line(line, lines[i + 1][1] if i + 1 < len(lines) else None, plain_in_use)
        name = name or _sibling_heading(line, [text for _, text in lines[i + 1 : i + 3]])
        if name:
            inner = style(line) in INNER_STYLES
            if numbered and inner:
                # a "1." heading under a "（一）" one: the draft has no third level, so it is
                # the title of an item of its theme, said before the facts it heads
                marker, word = scope if scope else (None, "")
                out.segments.append(Segment(name, number, marker, word, heading, title=True))
                pending = None
                continue
            keep_pending()
            pending = (number, name, heading if pending is None else pending[2])
            heading, numbered = name, style(line) in ("cn", "cnp")
            continue
        pending = None
        bare = BULLET.sub("", line, count=1).strip()
        if label(bare) or year_label(bare):
            heading, numbered = "", False  # "存在问题：…" opens another part: no heading above
        named = _fact_line(line, number, scope, heading, out, labelled, numbered)
        if named and not numbered and topic_end(named, "label_topic_ends"):
            heading = named  # "要素保障方面：…" lasts to the next heading; "…情况：一是…" does not
    return out


def _sibling_heading(line: str, after: list[str]) -> str | None:
    """A "（一）" line with no fact under it whose sibling heads facts ("（一）深化医共体建设，推动
    优质资源下沉。/（二）加强基层人才队伍建设 / 招聘…100名"): a heading of the writer's too, its
    body asked for, so the writer's numbering stays; None for a list of numbered facts."""
    if len(after) < 2 or style(line) not in ("cn", "cnp") or style(after[0]) != style(line):
        return None
    body = BULLET.sub("", line, count=1).strip().rstrip("。；;：:")
    if not heading_shaped(body, style(line)) or header_role(after[0]) or header_role(line):
        return None  # "二、执法力量不足 / 三、明年计划": a fact, then the plans' marker
    return body if heading_line(after[0], after[1]) else None


def _introduced_part(line: str) -> tuple[str, str] | None:
    """The part a line that only introduces a list names by its cue ("2025年，我镇将重点抓好以下
    工作：" -> plans, "存在的主要问题有以下几点：" -> problems); None for any other line."""
    intro = list_intro(strip_marker(line))
    return _cue_scope(intro[0], None) if intro and not intro[1] else None


def _cue_scope(text: str, scope: tuple[str, str] | None) -> tuple[str, str] | None:
    """The part a framing clause's cue names ("下一步，我们将…", "下半年") as a marker scope,
    worded by the clause; `scope` where it names no problems or plans."""
    cue = roles.cue_role(text)
    return (cue[0], text) if cue and cue[0] != "achievements" else scope


def _table_rows(lines: list[tuple[int, str]], out: Lines) -> list[tuple[int, str]]:
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
        named = [
            f"{header[k]}{c}" if k < len(header) and header[k] and c[:1].isdigit() else c
            for k, c in enumerate(cells)
            if c
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


def _unfold_inline_headings(number: int, line: str) -> list[tuple[int, str]]:
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


def _plain_headings_in_use(lines: list[tuple[int, str]]) -> bool:
    """Whether the writer heads facts with a plain line (no number, no bullet) somewhere."""
    return any(
        not style(line) and not header_role(line) and heading_line(line, nxt)
        for (_, line), (_, nxt) in zip(lines, lines[1:], strict=False)
    )


def _fact_line(
    line: str,
    number: int,
    scope: tuple[str, str] | None,
    heading: str,
    out: Lines,
    labelled: bool = False,
    numbered: bool = False,
) -> str | None:
    """Add the facts of one line; returns the heading a "label：facts" line names, if any.
    `numbered`: the line is under a "（一）" heading of the writer's."""
    body = BULLET.sub("", line, count=1).strip()
    intro = list_intro(body)
    if intro:  # "下一步，我们将重点做好以下工作：…": the introduction is no fact, its cue is kept
        scope, body = _cue_scope(intro[0], scope), intro[1]
    marked = label(body)
    named = None
    dated = None if marked else year_label(body)
    if dated:  # "2025年：…": the role waits for the period ("" is no marker), the year is kept
        scope, body = ("", dated[0]), dated[1]
    if marked:
        scope, body = (marked[0], marked[1]), marked[2]
        starts = runin_starts(body)
        if not names_a_part(marked[1]) and starts and starts[0][0] == 0:
            named = (marked[1], body)  # "整改落实情况：一是…": a role and a heading
    named = named or heading_label(body, labelled)
    if named and numbered and heading and style(line) in INNER_STYLES:
        # "1.疾病防控：…" under "（二）公共卫生" titles an item of that heading, as a "1." line
        # of its own does; the heading stays the writer's
        marker, word = scope if scope else (None, "")
        out.segments.append(Segment(named[0], number, marker, word, heading, title=True))
        body, named = named[1], None
    elif named:  # the line's own label is more specific than a heading above it
        heading, body = named
    lead, items = split_list(body)
    item_heading = heading
    if lead and names_a_part(lead) and marker_role(lead):  # "当前面临的困难和问题：一是…"
        scope, item_heading = (marker_role(lead), lead), ""  # a heading above is of its part
    elif lead and is_period_word(lead):  # "下半年，一是…": the list's time, and its cue
        scope = _cue_scope(lead, scope)
    elif lead and lead_is_heading(lead):
        item_heading = lead
    elif lead:
        scope = _add_pieces(lead, number, scope, heading, out)
    start = len(out.segments)
    for item in items:
        scope = _add_pieces(item, number, scope, item_heading, out)
    if len(items) > 1:  # the writer's own list stays one list (assistant.outline)
        for seg in out.segments[start:]:
            seg.listed = start + 1
    return named[0] if named else None


def _sentence_facts(text: str) -> list[str]:
    """The facts of a short run of sentences: one per sentence when each has a figure of its own
    ("新建公厕3座。改造农贸市场4个。"), else cut before a sentence that opens with a plan word
    ("…不规范。明年…"); a sentence of detail stays with the fact before it."""
    sentences = [s for s in _SENTENCE_SPLIT.split(text) if s.strip(TRAILING)]
    if len(sentences) > 1 and all(has_figure(s) for s in sentences):
        return sentences
    if (
        len(sentences) > 1
        and metadata.is_opening_sentence(sentences[0])
        and has_figure(sentences[1])
    ):
        # "今年以来，市科技局…扎实推进各项工作。全市高新技术企业达到386家…": the opening is
        # the paragraph's own line, not a part of its first figure's fact
        return [sentences[0], *_sentence_facts("".join(sentences[1:]))]
    out: list[str] = []
    for sentence in _SENTENCE_SPLIT.split(text):
        if out and (roles.leading_plan_cue(sentence.strip()) or _turns(out[-1], sentence)):
            out.append(sentence)
        elif out:
            out[-1] += sentence
        else:
            out.append(sentence)
    return out


def _turns(before: str, sentence: str) -> bool:
    """Whether a sentence turns to another part: it names a problem or a plan where the text
    before it names neither ("…完成客运量320万人次。同时，也存在一些问题：…", "…。2025年，我局
    将…"), as the last 一是 item of a one-paragraph report runs on into the rest."""
    was = roles.cue_role(before)
    return _leaves(was[0] if was else "", sentence)


def _leaves(role: str, sentence: str) -> bool:
    """Whether a sentence's cue names a problem or a plan, and not `role`."""
    cue = roles.cue_role(sentence.strip())
    return bool(cue) and cue[0] in ("problems", "plans") and cue[0] != role


def _drop_conjunction(text: str) -> str:
    """A fact without the conjunction that tied it to the one before ("但基层统计力量薄弱")."""
    for word in words()["leading_conjunctions"]:
        if text.startswith(word) and len(text) > len(word) + 2:
            return text[len(word) :].lstrip("，, ")
    return text


def _add_pieces(
    text: str, number: int, scope: tuple[str, str] | None, heading: str, out: Lines
) -> tuple[str, str] | None:
    """Split on "；" (and on sentences in a long run) and add each piece; returns the scope."""
    pieces = _SEGMENT_SPLIT.split(text)
    if len(text) > 200:  # a run of sentences on one line: one fact per sentence
        pieces = [s for piece in pieces for s in _SENTENCE_SPLIT.split(piece)]
    else:
        pieces = [s for piece in pieces for s in _sentence_facts(piece)]
    outer, inline = scope, False
    for piece in pieces:
        piece = _drop_conjunction(strip_marker(piece.strip()).strip(TRAILING))
        marked = label(piece) or announced(piece)
        if marked:
            scope = (marked[0], marked[1])  # an inline marker carries to the line's end,
            inline = True  # or to a sentence that turns to another part ("2025年，我局将…")
            piece = strip_marker(marked[2]).strip(TRAILING)
        elif inline and scope and _leaves(scope[0], piece):
            scope, inline = outer, False
        if piece:
            marker, word = scope if scope else (None, "")
            out.segments.append(Segment(piece, number, marker, word, heading))
    return scope
