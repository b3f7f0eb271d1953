"""A whole paste split into its facts, in order: line by line, with the section markers and the
writer's headings (assistant.fact_lines, assistant.heading_lines) deciding where each fact belongs.

A line may hold more than one fact: its sub-headings run inline as in a web copy, its
sentences each carry a figure, a plan sentence follows a problem, or it holds its own list.
"""

from __future__ import annotations

import re

from assistant import metadata, roles
from assistant.fact_lines import (
    BULLET,
    TRAILING,
    Lines,
    Segment,
    announced,
    header_role,
    is_not_fact,
    is_period_word,
    label,
    list_intro,
    marker_role,
    names_a_part,
    part_title,
    results_marker_first,
    strip_marker,
    style,
    words,
    year_header,
    year_label,
)
from assistant.figures import has_figure
from assistant.heading_lines import (
    heading_label,
    heading_line,
    heading_shaped,
    labels_in_use,
    lead_is_heading,
    runin_starts,
    sentence_heading,
    split_list,
    topic_end,
)
from assistant.paste_lines import (
    indented_parents,
    signature_rows,
    speech_head_rows,
    table_rows,
    unfold,
)
from assistant.punctuation import full_width

REPEAT_MIN_CHARS = 6  # a fact this long said twice is one fact pasted twice
INNER_STYLES = ("num", "ord", "nump", "circ")  # the numbers of items under a "（一）" heading
_SEGMENT_SPLIT = re.compile(r"[；;]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？!?])")


def split_paste(paste: str, title: str | None = None) -> Lines:
    """Split a paste into fact segments (paste order) and the lines that are no facts."""
    out = Lines()
    raw_lines = enumerate(paste.splitlines(), 1)
    lines = table_rows([(n, raw.strip()) for n, raw in raw_lines if raw.strip()], out)
    lines = [(n, full_width(line)) for n, line in lines]
    lines = [row for n, line in lines for row in unfold(n, line)]
    signed = signature_rows(lines)
    if signed:
        signature = " ".join(line for _, line in lines[-signed:])
        out.not_facts.append(words()["signature"].format(lines=signature))
        lines = lines[:-signed]
    head = speech_head_rows(lines)
    if head:
        out.not_facts.append(" ".join(line for _, line in lines[:head]).rstrip(TRAILING))
        lines = lines[head:]
    if title:
        first = next((i for i, (_, line) in enumerate(lines) if line == title), None)
        if first is not None:
            del lines[first]  # only the first occurrence is the title
        elif lines and lines[0][1].startswith(title + "。"):  # a paragraph opening with it
            lines[0] = (lines[0][0], lines[0][1][len(title) + 1 :].strip())
    scope: tuple[str, str] | None = None
    heading, numbered = "", False  # numbered: set by a "（一）" or "一、" heading line
    pending: tuple[int, str, str] | None = None  # a heading line no fact has come under yet
    plain_in_use = _plain_headings_in_use(lines)
    parents = indented_parents(paste)
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
        if not header and scope is None and pending is None and not out.segments:
            header = results_marker_first(line, [text for _, text in lines[i + 1 :]])
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
        own = sentence_heading(line)
        if own:  # "（一）经济增长进一步加快，综合实力显著提高。2011年，…": its heading, its facts
            keep_pending()
            heading, numbered, pending = own[0], True, None
            _fact_line(own[1], number, scope, heading, out, labelled, numbered)
            continue
        after = lines[i + 1][1] if i + 1 < len(lines) else None
        name = heading_line(line, after, plain_in_use, above_indented=number in parents)
        name = name or _sibling_heading(line, [text for _, text in lines[i + 1 : i + 3]])
        if name and i and _continues_plans(line, lines[i - 1][1]):
            name = None
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
        if label(bare) or year_label(bare) or not numbered and _turns_part(bare, scope):
            # "存在问题：…", "不足主要是…", "下一步，将…" open another part: no heading above
            heading, numbered = "", False
        named = _fact_line(line, number, scope, heading, out, labelled, numbered)
        if named and not numbered and topic_end(named, "label_topic_ends"):
            heading = named  # "要素保障方面：…" lasts to the next heading; "…情况：一是…" does not
    out.segments, out.repeated = _without_repeats(out.segments)
    return out


def _continues_plans(line: str, before: str) -> bool:
    """Whether a plain short line goes on a list of plans ("明年争取水利投资7亿元以上 / 推进县城第二
    水源工程建设 / 完成12座…", a 水利局 paste, 2026-12): after a plan the writer gave its time word,
    a task of no figure is the next plan, not a heading over the ones after it."""
    if style(line) or style(before) or topic_end(strip_marker(line), "topic_ends_always"):
        return False
    return bool(roles.leading_plan_cue(strip_marker(before)))


def _turns_part(text: str, scope: tuple[str, str] | None) -> bool:
    """Whether a line turns to another part than its scope's (the results, where none is
    marked): it announces the problems ("不足主要是项目储备不足…") or opens with a plan's time
    word ("下一步，将聚焦…"); a "民生方面" label above it headed facts of the part before."""
    role = scope[0] if scope and scope[0] else "achievements"
    if announced(text):
        return role != "problems"
    cue = roles.leading_plan_cue(_drop_conjunction(text))
    return cue in roles.PLAN_TIME_CUES and role != "plans"


def _without_repeats(segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """The segments with a fact said again word for word left out (a line pasted twice), and
    those left out; a short line may stand twice under two headings ("宣传教育")."""
    seen: set[str] = set()
    kept, repeated = [], []
    for seg in segments:
        key = re.sub(r"[\W_]+", "", seg.text)
        if len(key) >= REPEAT_MIN_CHARS and key in seen:
            repeated.append(seg)
            continue
        seen.add(key)
        kept.append(seg)
    return kept, repeated


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
    text = "".join(_cut_turn(s) for s in _SENTENCE_SPLIT.split(text))
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


def _opening_clauses(sentence: str) -> list[str] | None:
    """[opening, the rest] of a sentence that opens with a report's opening (a time span, then
    what the unit did, no figure: "今年以来，区退役军人事务局坚持把服务退役军人作为中心任务")
    and runs on with a comma into its first figure; None for any other sentence."""
    if _SENTENCE_SPLIT.search(sentence.strip(TRAILING)):
        return None  # a run of sentences: its opening sentence is cut by _sentence_facts
    clauses = sentence.split("，")
    first = next((i for i, c in enumerate(clauses) if has_figure(c)), 0)
    if first < 2:  # the time span and at least one clause of its own before the figures
        return None
    opening = "，".join(clauses[:first])
    if not metadata.is_opening_sentence(opening):
        return None
    return [opening + "。", "，".join(clauses[first:])]


def _cut_turn(sentence: str) -> str:
    """A sentence with a sentence end put before the clause of contrast that turns to a problem
    ("…罚没款560万元，但大案要案偏少" -> "…罚没款560万元。但大案要案偏少"); as written otherwise."""
    contrast = "|".join(words()["contrast_conjunctions"])
    for m in re.finditer(rf"[，,](?:{contrast})", sentence):
        head, tail = sentence[: m.start()], sentence[m.start() + 1 :]
        if _turns(head, tail):
            return f"{head}。{tail}"
    return sentence


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
    # "今年以来，区退役军人事务局坚持…作为中心任务，全年接收安置退役士兵186人…": the
    # paragraph's opening, run on into its first figure with a comma, is a line of its own
    pieces[0:1] = _opening_clauses(pieces[0]) or pieces[:1]
    if len(text) > 200:  # a run of sentences on one line: one fact per sentence
        pieces = [s for piece in pieces for s in _SENTENCE_SPLIT.split(piece)]
    else:
        pieces = [s for piece in pieces for s in _sentence_facts(piece)]
    outer, inline = scope, False
    for piece in pieces:
        piece = _drop_conjunction(strip_marker(piece.strip()).strip(TRAILING))
        intro = list_intro(piece)
        if intro and not label(piece):
            # "…。2026年，我们将重点做好以下工作：一是…" run on in one paragraph: the
            # introduction is no fact, its cue names the part of what follows
            scope, inline = _cue_scope(intro[0], scope), True
            piece = intro[1]
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
