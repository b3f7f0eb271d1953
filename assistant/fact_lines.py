"""How a paste's lines are read: bullets, section markers and labels, and lines that are no facts.

A line is one of: a section marker ("成绩：", "二、存在问题") that sets the role scope; a heading
("（一）营商环境建设", "国土空间管制方面", assistant.heading_lines) that sets Fact.heading for the
facts after it; a line that is no work fact ("你好，帮我写个总结"), reported to the writer; or a
fact line, split on "；", on run-in lists ("一是…二是…") and on "label：facts" into facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant import roles, structure, topics
from assistant.data_files import read_yaml
from assistant.figures import has_figure

WORDS_PATH = Path(__file__).resolve().parent / "data" / "fact_lines.yaml"
PLAIN_MARKER_MAX_CHARS = 6  # "存在的问题", "主要成效"; "安全生产工作" is a topic (no part word)
LABEL_MAX_CHARS = 8  # "问题：", "工作开展情况：" — a longer prefix before "：" is content
INTRO_MAX_CHARS = 30  # "下一步，我们将重点做好以下工作" is one clause of introduction
ANNOUNCEMENT_MAX_CHARS = 12  # "存在一些问题和不足，…", "当前面临的主要困难和问题"
HEADING_MAX_CHARS = 30  # a topic heading line; a numbered "（一）" one may be longer
NUMBERED_HEADING_MAX_CHARS = 40
PART_TITLE_MIN_CHARS = 4  # "二、存在问题" names its part; "一、成绩" is a label with a number


@lru_cache(maxsize=1)
def words() -> dict[str, Any]:
    return read_yaml(WORDS_PATH, "词表文件")


# Pasted list bullets (input normalisation only; report headings are structure.py's job).
# A chat app's symbols and emoji bullet a line too ("✅ 完成…", "👉 新建…", "★ 亮点"): a 2026-12
# paste copied from a chat had "三是🙂 清理小广告3万张" in its draft.
_ORDINALS = "|".join(words()["ordinal_words"])
_SYMBOLS = "★☆▶►▷➤➢✔✓√※\u2600-\u27bf\U0001f300-\U0001faff\ufe0f"
BULLET = re.compile(
    rf"^\s*(?:(?P<dash>[-–—•·●○◆◇▪■□>{_SYMBOLS}]+|[*＊]+(?=\s))|(?P<num>\d{{1,3}}\s*(?:[.．](?!\d)|[、)）]))"
    r"|(?P<nump>[（(]\s*\d{1,3}\s*[)）])|(?P<circ>[①-⑳])|(?P<cn>[一二三四五六七八九十]{1,3}\s*[、.．])"
    r"|(?P<cnp>[（(][一二三四五六七八九十]{1,3}[)）])"
    rf"|(?P<ord>[第其][一二三四五六七八九十]{{1,3}}[，,、：:]|(?:{_ORDINALS})[，,]))\s*"
)
_LABEL = re.compile(
    rf"^\s*[【\[]?((?:\d{{4}}年度?)?[^：:【】\[\]\d]{{1,{LABEL_MAX_CHARS}}})[】\]]?\s*[：:]\s*"
)
_YEAR = re.compile(r"^\d{4}年度?")
_YEAR_LABEL = re.compile(r"^(\d{4}年度?)\s*[：:]\s*(.+)$")
SENTENCE_END = re.compile(r"[。！？!?；;]")
DIGIT = re.compile(r"[0-9０-９]")
BRACKETED = re.compile(r"[【\[〔](.+?)[】\]〕]")
_CN_NUMBERED = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")
TRAILING = "。；;，,、 \t"


@dataclass
class Segment:
    text: str
    line: int
    marker: str | None  # role from an explicit marker
    marker_word: str = ""
    heading: str = ""
    title: bool = False  # an item title under the heading ("1. 占道整治" under "（一）市容管理")
    listed: int = 0  # the items of one run-in list of the writer's share a number ("一是…二是…")


@dataclass
class Lines:
    """The result of splitting a paste: its fact segments and the lines that are no facts."""

    segments: list[Segment] = field(default_factory=list)
    not_facts: list[str] = field(default_factory=list)
    repeated: list[Segment] = field(default_factory=list)  # a fact said again word for word
    # the writer's own part headings by role ("二、存在的不足和困难" -> 存在的不足和困难)
    part_titles: dict[str, str] = field(default_factory=dict)


def style(line: str) -> str:
    """The numbering style a line opens with: "cn" 一、 "cnp" （一） "num" 1. … "" none."""
    m = BULLET.match(line)
    if not m:
        return ""
    return next(name for name, value in m.groupdict().items() if value)


def strip_marker(text: str) -> str:
    """Text without its leading bullet, list number or run-in marker ("一是")."""
    text = BULLET.sub("", text, count=1)
    first = next(iter(structure.marker_candidates(text[:4])), None)
    if first is not None and first.kind == "runin" and first.start == 0:
        text = text[first.end :]
    return text.strip()


# ---------------------------------------------------------------- section markers and labels


def marker_role(word: str) -> str | None:
    """Role of a section marker word such as 成绩, 存在问题, 下一步, 明年, 2025年计划."""
    period_role = period_work_role(word)
    if period_role:
        return period_role
    word = _YEAR.sub("", word) or word
    cue = roles.cue_role(f"{word}：")
    if cue and cue[1] == word:
        return cue[0]
    role = roles.heading_role(word)
    if role != "other":
        return role
    return cue[0] if cue else None


def period_work_role(word: str) -> str | None:
    """The role of a label that names a period's work ("医保局上半年工作", "2024年工作情况",
    "明年工作"); None for any other word."""
    rest = next((word[: -len(w)] for w in words()["work_words"] if word.endswith(w)), None)
    if not rest:
        return None
    for role, periods in words()["period_words"].items():
        if role != "either" and any(rest.endswith(p) for p in periods):
            return role
    return "achievements" if re.search(r"\d{4}年度?$", rest) else None


def label(text: str) -> tuple[str, str, str] | None:
    """An explicit marker before "：" -> (role, marker word, rest of the text)."""
    match = _LABEL.match(text)
    if not match:  # a longer label only when it announces the problems ("当前面临的困难和问题：")
        name, colon, rest = text.partition("：")
        return ("problems", name.strip(), rest) if colon and announces_problems(name) else None
    word = match.group(1).strip()
    role = marker_role(word)
    return (role, word, text[match.end() :]) if role else None


def year_label(text: str) -> tuple[str, str] | None:
    """A year before "：" and the facts after it ("2025年：深化…；开展…") -> (year, rest): the
    part it opens rests on the period (2025年 is planned in a 2024 report), which the caller
    knows; None for any other text."""
    match = _YEAR_LABEL.match(text.strip())
    return (match.group(1), match.group(2).strip()) if match else None


def year_header(line: str) -> str | None:
    """A line that is only a year ("2025年：", "2025年度"), which opens the facts of that year
    as `year_label` does; None for any other line."""
    body = BULLET.sub("", line, count=1).strip().rstrip("：:").strip()
    return body if _YEAR.fullmatch(body) else None


def announces_problems(clause: str) -> bool:
    """Whether a clause only announces the problems ("也存在一些问题", "当前面临的困难和问题"):
    a problems word at its end, and every word one of announcing ("有效需求不足", "人员短板",
    "人才队伍建设存在问题" state a problem)."""
    spec = words()["problem_announcement"]
    clause = clause.strip()
    if clause.removeprefix("同时").removeprefix("但").lstrip("，, ") in spec["seen"]:
        return True  # "同时也要看到，…": the problems are seen, whatever they are
    for tail in spec["tails"]:  # "目前存在的问题主要是：…"
        clause = clause.removesuffix(tail)
    if len(clause) > ANNOUNCEMENT_MAX_CHARS or not clause.endswith(tuple(spec["ends"])):
        return False
    if marker_role(clause) != "problems":
        return False
    allowed = set(spec["words"]) | set(spec["ends"]) | set(spec["joins"])
    return all(w in allowed for w in topics.cut(clause))


def announced(text: str) -> tuple[str, str, str] | None:
    """A fact whose first clause only announces the problems ("也存在一些问题，养老服务专业人才缺乏")
    -> ("problems", the clause, the rest), as a marker before "：" is read; None otherwise."""
    clause, comma, rest = text.partition("，")
    if comma and rest.strip() and announces_problems(clause):
        # "但也存在一些问题，主要是基层司法所人员不足": the tail announces too
        tail = next((t for t in words()["problem_announcement"]["tails"] if rest.startswith(t)), "")
        return "problems", clause.strip(), rest[len(tail) :].strip(" ：:，,") or rest.strip()
    # run on into the first problem: "存在的不足主要是基层团组织活力不足，…" (a 团县委 paste)
    for tail in words()["problem_announcement"]["tails"]:
        head, found, after = text.partition(tail)
        after = after.strip(" ：:，,")
        if found and after and announces_problems(head + tail):
            return "problems", (head + tail).strip(), after
    return None


def is_period_word(text: str) -> bool:
    """A period and nothing else ("下半年", "明年", "2025年"): a list's time, not its topic."""
    rest = _YEAR.sub("", text.strip())
    return not rest or any(rest in periods for periods in words()["period_words"].values())


def names_a_part(word: str) -> bool:
    """Whether a label is a section marker, not a topic: "问题", "2025年工作安排", "医保局上半年
    工作", "当前面临的困难和问题"."""
    if word in marker_words() or _period_marker(word) in marker_words():
        return True
    return period_work_role(word) is not None or announces_problems(word)


def header_role(line: str) -> tuple[str, str] | None:
    """A line that is only a section marker ("问题：", "明年", "二、存在的主要问题") -> (role, word)."""
    body = BULLET.sub("", line, count=1).strip().rstrip("：:").strip()
    bracketed = BRACKETED.fullmatch(body)  # "【主要成绩】", "【下步打算】": a label by its marks
    body = bracketed.group(1).strip() if bracketed else body
    if not body or len(body) > 16 or has_figure(body):
        return None
    numbered = _CN_NUMBERED.match(line) or _is_part_heading(line)
    ends = tuple(words()["part_heading_ends"])
    labelled = line.rstrip().endswith(("：", ":")) or (numbered and body.endswith(ends))
    # "二、存在的不足和困难" and a plain "短板弱项" name the part; "执法力量不足" is a problem
    labelled = labelled or announces_problems(body)
    labelled = labelled or (bracketed is not None and marker_role(body) is not None)
    # a plain line that names a period's work ("县统计局上半年工作") is a marker as its label is
    labelled = labelled or period_work_role(body) is not None
    if not labelled and body not in marker_words() and _period_marker(body) not in marker_words():
        # a plain short line that names the problems ("存在的问题", "主要问题") is their marker; a
        # plain "重点工作" or "创新做法" may head facts of its part, and stays a heading
        plain = not style(line) and len(body) <= PLAIN_MARKER_MAX_CHARS and body.endswith(ends)
        if not plain or roles.heading_role(body) != "problems":
            return None  # "- 执法力量不足" is a fact with a cue, not a marker
    role = marker_role(body)
    return (role, body) if role else None


def results_marker_first(line: str, later: list[str]) -> tuple[str, str] | None:
    """A paste's first line, plain and short, that names the results part ("工作成效", "主要成绩"),
    when a later line marks another part: the results' marker, as "存在不足" and "2026年打算" are
    (a 气象局 paste in markdown, 2026-12: "### 工作成效" had headed its facts as a topic)."""
    body = BULLET.sub("", line, count=1).strip()
    if style(line) or len(body) > PLAIN_MARKER_MAX_CHARS or has_figure(body):
        return None
    if not body.endswith(tuple(words()["part_heading_ends"])):
        return None
    if roles.heading_role(body) != "achievements":
        return None
    other = (header_role(text) for text in later)
    return ("achievements", body) if any(h and h[0] != "achievements" for h in other) else None


def part_title(line: str, role: str) -> str | None:
    """The writer's heading of a part, from a numbered marker line that names the part in
    full ("二、存在的不足和困难", "一、2024年主要工作情况"); None for a label ("问题：", "明年")
    or a line another role's heading would read as."""
    if not (_CN_NUMBERED.match(line) or _is_part_heading(line)):
        return None
    body = BULLET.sub("", line, count=1).strip().rstrip("：:").strip()
    if len(body) < PART_TITLE_MIN_CHARS or roles.heading_role(body) != role:
        return None
    return body


def _period_marker(body: str) -> str:
    """The marker word of a line that names its period first ("2025年打算", "明年工作计划",
    "下一步工作打算" -> 打算, 计划); "" when the line does not open with a period."""
    prefixes = [p for periods in words()["period_words"].values() for p in periods]
    rest = _YEAR.sub("", body)
    rest = next((rest[len(p) :] for p in prefixes if rest.startswith(p)), rest)
    if rest == body:
        return ""
    for join in words()["period_marker_joins"]:
        rest = rest[len(join) :] if rest.startswith(join) and rest != join else rest
    return rest


@lru_cache(maxsize=1)
def marker_words() -> frozenset[str]:
    return frozenset(word for group in roles.FACT_LABELS.values() for word in group)


def _is_part_heading(line: str) -> bool:
    doc = structure.parse_document(line.strip())
    return bool(doc.headings) and doc.headings[0].start == 0 and doc.headings[0].level == 1


# ---------------------------------------------------------------- lines that are no facts


def is_not_fact(line: str) -> bool:
    """A greeting or a request to the assistant ("你好，帮我写个总结"), or a line that only
    introduces a list ("今年以来我局重点抓了以下几项工作："), not a work fact."""
    body = strip_marker(line)
    vocab = words()["non_fact"]
    if body.startswith(tuple(vocab["requests"])):  # "请注意字数在2000字左右": to us, not a fact
        return True
    if has_figure(body):
        return False
    if body.startswith(tuple(vocab["greetings"]) + tuple(vocab["introductions"])):
        return True
    intro = list_intro(body)
    if intro and not intro[1]:
        return True
    return any(word in body for word in vocab["requests"])


def list_intro(text: str) -> tuple[str, str] | None:
    """(introduction, the rest) of a text that opens by introducing a list ("下一步，我们将重点
    做好以下工作：继续推进…"); None when it does not."""
    for colon in ("：", ":"):
        head, found, rest = text.partition(colon)
        head = head.strip()
        if not found or len(head) > INTRO_MAX_CHARS or re.search(r"[。！？!?；;]", head):
            continue  # a paragraph that ends "…现将有关情况报告如下：" is the writer's text
        if head.endswith(tuple(words()["non_fact"]["intro_ends"])):
            return head, rest.strip()
    return None
