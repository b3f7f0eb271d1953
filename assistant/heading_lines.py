"""The writer's own structure inside a paste's lines: heading lines ("（一）营商环境建设",
"国土空间管制方面"), labels before facts ("要素保障方面：…") and lists inside a fact ("…整改落实
情况：一是…二是…"). The words are assistant/data/fact_lines.yaml's (assistant.fact_lines).
"""

from __future__ import annotations

import re

from assistant import roles, structure
from assistant.fact_lines import (
    BRACKETED,
    BULLET,
    DIGIT,
    HEADING_MAX_CHARS,
    NUMBERED_HEADING_MAX_CHARS,
    SENTENCE_END,
    TRAILING,
    header_role,
    is_not_fact,
    label,
    strip_marker,
    style,
    words,
)
from assistant.figures import find_figures, has_figure

LABEL_HEADING_MAX_CHARS = 20
SIBLING_LABEL_MAX_CHARS = 8  # "有害生物防治：…" among other labels of its kind
TOPIC_PHRASE_MAX_CHARS = 8  # "医疗服务能力"; longer noun runs are facts ("省级卫生村创建")
# how high a numbering style sits: 一、 above （一） above 1. above （1） above ① above "-"
_RANK = {"cn": 1, "cnp": 2, "": 2, "num": 3, "ord": 3, "nump": 4, "circ": 5, "dash": 6}
_HEADING_LABEL = re.compile(
    rf"^(?P<label>[^：:。；;！？!?]{{2,{LABEL_HEADING_MAX_CHARS}}}?)"
    r"(?:[：:]|(?<=方面)(?:[，,]|(?=[一二三四五六七八九十][是要]|\d{1,2}[.、．])))(?P<rest>.+)$"
)


# ---------------------------------------------------------------- the writer's headings


def heading_shaped(body: str, line_style: str, digits_only: bool = False) -> bool:
    """Short, no figure but dates, no sentence end, at most one comma. `digits_only`: only a
    figure written with digits counts ("二期", "三批" in a short line name a phase or a batch)."""
    longest = NUMBERED_HEADING_MAX_CHARS if line_style in ("cn", "cnp") else HEADING_MAX_CHARS
    if not 2 <= len(body) <= longest or SENTENCE_END.search(body):
        return False
    if body.count("，") + body.count(",") > 1 or body.endswith(("：", ":")):
        return False
    figures = [f for f in find_figures(body) if f.kind != "date"]
    return not any(DIGIT.search(f.text) for f in figures) if digits_only else not figures


def sentence_heading(line: str) -> tuple[str, str] | None:
    """A "（一）" line that opens with its heading as a sentence and goes on with its facts, as
    reports write a sub-section in one paragraph ("（一）经济增长进一步加快，综合实力显著提高。
    2011年，全区…") -> (heading, the facts); None for any other line."""
    if style(line) not in ("cn", "cnp"):
        return None
    body = BULLET.sub("", line, count=1).strip()
    head, stop, rest = body.partition("。")
    if not stop or not rest.strip() or not heading_shaped(head, style(line)):
        return None
    return head, rest.strip()


def topic_end(body: str, key: str) -> bool:
    return body.endswith(tuple(words()[key]))


def _topic_phrase(body: str) -> bool:
    """A short line of nouns that names a field of work ("医疗服务能力", "公共卫生", "营商环境"):
    no verb but a last one ("乡村振兴"), so "加强队伍建设" or "爱国卫生运动深入开展" is a fact."""
    if len(body) > TOPIC_PHRASE_MAX_CHARS:
        return False
    from assistant import topics  # jieba is loaded only when a paste has such a line

    return topics.noun_run(body) == body and len(topics.cut(body)) <= 4


def heading_line(
    line: str, next_line: str | None, plain_in_use: bool = False, above_indented: bool = False
) -> str | None:
    """The heading a line sets for the facts after it, or None when the line is a fact.

    The judgement rests on the line's shape and on the next line: a heading has a fact after
    it, and a sibling line of the same numbering style makes both facts ("一、执法力量不足 /
    二、查处黑车300余辆"). A plain short line is a heading above bulleted facts, or when it
    ends like a topic ("…方面", "…工作") and a fuller fact follows; "加强队伍建设 / 完善考核机制"
    stay two facts. `plain_in_use`: the paste already heads facts with plain lines, so a plain
    short line above a fuller fact is a sibling heading ("加快现代产业发展 / …7家 / 严守民生
    安全底线 / …5057万元"). `above_indented`: the next line is bulleted deeper than this one, so
    a short bulleted line heads it whatever its bullet ("◆ 数字政府建设" above "  - …143个").
    """
    if next_line is None or header_role(next_line):
        return None
    own, nxt = style(line), style(next_line)
    body = BULLET.sub("", line, count=1).strip().rstrip("：:")
    bracketed = BRACKETED.fullmatch(body)
    body = bracketed.group(1).strip() if bracketed else body  # "【文物保护】" heads as 文物保护
    if not heading_shaped(body, own) or is_not_fact(line):
        return None
    next_body = strip_marker(next_line)
    if topic_end(body, "topic_ends_always") or above_indented:
        return body
    if own == "dash" or (own and own == nxt):
        return None
    if own in ("cn", "cnp"):
        return body
    if own:  # "1. 市容管理" above "- 查处…" or plain facts
        return body if not nxt or _RANK[nxt] > _RANK[own] else None
    if nxt:
        return body  # a plain line above bulleted facts
    if heading_shaped(next_body, nxt, digits_only=True):
        return None  # no fuller fact follows
    if topic_end(body, "topic_ends") or _topic_phrase(body):
        # "下一步做好稳外贸稳外资工作" (a 商务局 paste) opens with a plan's time word: a plan
        return None if roles.leading_plan_cue(body) else body
    sibling = plain_in_use and len(body) <= LABEL_HEADING_MAX_CHARS and not re.search("[：:]", body)
    # a line that states a problem or a plan ("部分村卫生所设备老化，信息化水平不高", "明年实现…")
    # is a fact of its own even in a paste of plain headings
    return body if sibling and not roles.cue_role(body) else None


def heading_label(text: str, siblings: bool = False) -> tuple[str, str] | None:
    """A label before facts: "要素保障方面：…" -> (heading, the facts after it). `siblings`: the
    paste heads lines with such short labels ("森林防火：… / 林长制：… / 林下经济：…"), so any
    short one is a topic, whatever jieba makes of its words."""
    m = _HEADING_LABEL.match(text)
    if not m:
        return None
    name, rest = m.group("label").strip(), m.group("rest").strip(TRAILING + "：:")
    if not rest or name in words()["not_heading_labels"] or label(text):
        return None
    if has_figure(name) or "，" in name or "," in name:
        return None
    runin = runin_starts(rest)
    short = (
        siblings and len(name) <= SIBLING_LABEL_MAX_CHARS and text[len(m.group("label"))] in "：:"
    )
    if not (
        topic_end(name, "label_heading_ends")
        or _topic_phrase(name)
        or (runin and runin[0] == 0)
        or (short and heading_shaped(name, ""))
    ):
        return None
    return name, rest


def labels_in_use(bodies: list[str]) -> bool:
    """Whether two lines or more open with a topic label before "：" ("林长制：…", "森林防火：…")."""
    return sum(heading_label(body, siblings=True) is not None for body in bodies) >= 2


# ---------------------------------------------------------------- lists inside a fact


def runin_starts(text: str) -> list[tuple[int, int]]:
    """(start, end) of each marker of a run-in list ("一是…二是…") or inline "1.…2.…" list."""
    doc = structure.parse_document(text)
    if len(doc.runins) >= 2:
        return [(r.start, r.end) for r in doc.runins]
    inline = [h for h in doc.headings if h.level >= 3 and h.marker and (h.inline or h.start == 0)]
    if len(inline) >= 2:
        return [(h.start, h.start + len(h.marker)) for h in inline]
    return []


def split_list(text: str) -> tuple[str, list[str]]:
    """A fact that holds its own list -> (lead text, items); ("", [text]) when it holds none."""
    starts = runin_starts(text)
    if not starts:
        return "", [text]
    lead = text[: starts[0][0]].strip(TRAILING + "：:")
    bounds = [s for s, _ in starts[1:]] + [len(text)]
    items = [text[end:stop].strip(TRAILING) for (_, end), stop in zip(starts, bounds, strict=True)]
    return lead, [item for item in items if item]


def lead_is_heading(lead: str) -> bool:
    """A list's lead that names its topic ("整改落实情况") rather than stating a fact."""
    return heading_shaped(lead, "") and len(lead) <= LABEL_HEADING_MAX_CHARS
