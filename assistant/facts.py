"""The fact ledger: a writer's pasted facts, each with its figures, role and why that role."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant import metadata, roles, structure
from assistant.errors import InputError, ZongjieError
from assistant.figures import Figure, find_figures

MAX_PASTE_CHARS = 50_000  # ~150 kB of UTF-8 Chinese; a whole report's facts fit well within
MAX_FACT_CHARS = 600  # one fact longer than this is a pasted document, not a fact
MAX_FACTS = 300
LABEL_MAX_CHARS = 8  # "问题：", "工作开展情况：" — a longer prefix before "：" is content

# Pasted list bullets (input normalisation only; report headings are structure.py's job).
_BULLET = re.compile(
    r"^\s*(?:[-–—•·●○◆◇▪■□>]+|[*＊]+(?=\s)|\d{1,3}\s*(?:[.．](?!\d)|[、)）])|[（(]\s*\d{1,3}\s*[)）]"
    r"|[①-⑳]|[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])\s*"
)
_LABEL = re.compile(rf"^\s*[【\[]?([^：:【】\[\]\d]{{1,{LABEL_MAX_CHARS}}})[】\]]?\s*[：:]\s*")
_SEGMENT_SPLIT = re.compile(r"[；;]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[。！？!?])")
_TRAILING = "。；;，,、 \t"


@dataclass
class Fact:
    """One pasted fact."""

    id: str
    text: str
    figures: list[Figure]
    role: str
    role_reason: str
    line: int = 0  # 1-based line in the paste

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "role": self.role,
            "role_reason": self.role_reason,
            "figures": [f.text for f in self.figures],
            "line": self.line,
        }


@dataclass
class FactLedger:
    """All facts of one paste plus the fields inferred from it."""

    facts: list[Fact]
    unit: str | None = None
    period: str | None = None
    next_period: str | None = None
    warnings: list[str] = field(default_factory=list)
    inferred: dict[str, bool] = field(default_factory=dict)  # field -> inferred from the paste
    title: str | None = None  # the paste's first line when it was a title, not a fact

    def by_id(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)

    def by_role(self, role: str) -> list[Fact]:
        return [f for f in self.facts if f.role == role]

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "period": self.period,
            "next_period": self.next_period,
            "title": self.title,
            "facts": [f.to_dict() for f in self.facts],
            "warnings": list(self.warnings),
        }


@dataclass
class _Segment:
    text: str
    line: int
    marker: str | None  # role from an explicit marker
    marker_word: str = ""


def _label(text: str) -> tuple[str, str, str] | None:
    """An explicit marker before "：" -> (role, marker word, rest of the text)."""
    match = _LABEL.match(text)
    if not match:
        return None
    word = match.group(1).strip()
    role = _marker_role(word)
    return (role, word, text[match.end() :]) if role else None


def _marker_role(word: str) -> str | None:
    """Role of a section marker word such as 成绩, 存在问题, 下一步, 明年."""
    cue = roles.cue_role(f"{word}：")
    if cue and cue[1] == word:
        return cue[0]
    role = roles.heading_role(word)
    if role != "other":
        return role
    return cue[0] if cue else None


def _header_role(line: str) -> tuple[str, str] | None:
    """A line that is only a section marker ("问题：", "明年", "二、存在的主要问题") -> (role, word)."""
    body = _BULLET.sub("", line, count=1).strip().rstrip("：:").strip()
    if not body or len(body) > 16 or any(f.kind != "date" for f in find_figures(body)):
        return None
    numbered = _CN_NUMBERED.match(line) or _is_part_heading(line)
    labelled = line.rstrip().endswith(("：", ":")) or (numbered and body.endswith(_HEADING_ENDS))
    if not labelled and body not in _MARKER_WORDS:
        return None  # "- 执法力量不足" is a fact with a cue, not a marker
    role = _marker_role(body)
    return (role, body) if role else None


def _is_part_heading(line: str) -> bool:
    doc = structure.parse_document(line.strip())
    return bool(doc.headings) and doc.headings[0].start == 0 and doc.headings[0].level == 1


_CN_NUMBERED = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．]")
# "二、存在的主要问题" is a part heading; "一、执法力量不足" is a numbered fact
_HEADING_ENDS = (
    "情况",
    "问题",
    "计划",
    "打算",
    "安排",
    "成效",
    "成绩",
    "做法",
    "思路",
    "方向",
    "重点",
)
_MARKER_WORDS = {word for words in roles.FACT_LABELS.values() for word in words}
_TITLE_WORDS = ("总结", "计划", "要点", "汇报", "报告", "情况")
_UNIT_SUFFIXES = ("局", "办", "委", "镇", "乡", "街道", "区", "县", "市", "中心", "站", "所", "院")
_UNIT_SUFFIXES += ("厅", "部", "处", "科", "队", "公司", "政府", "办公室", "委员会")


def title_line(paste: str) -> str | None:
    """The paste's first line when it is a title ("某局2023年工作要点"), not a fact."""
    first = next((line.strip() for line in paste.splitlines() if line.strip()), "")
    if not 6 <= len(first) <= 50 or _BULLET.match(first) or re.search(r"[，。；;,：:]", first):
        return None
    figures = find_figures(first)
    if not figures or any(f.kind != "date" for f in figures):
        return None  # a title names its period: "2023年工作要点"
    if first.endswith(_TITLE_WORDS):
        return first
    return first if header_unit(first) else None


def header_unit(line: str | None) -> str | None:
    """The unit of a header line of unit and period only: "株洲县城市管理和行政执法局 2023年"."""
    if not line:
        return None
    rest = line
    for fig in reversed(find_figures(line)):
        rest = rest[: fig.start] + rest[fig.end :]
    rest = re.sub(r"[\s·|/—-]+|[上下]半年|前三季度|第?[一二三四1-4]季度|全年|年度", "", rest)
    return rest if 2 <= len(rest) <= 30 and rest.endswith(_UNIT_SUFFIXES) else None


def _segments(paste: str, title: str | None) -> list[_Segment]:
    segments: list[_Segment] = []
    scope: tuple[str, str] | None = None
    for number, raw in enumerate(paste.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if title and line == title:
            title = None  # only the first occurrence is the title
            continue
        header = _header_role(line)
        if header:
            scope = header
            continue
        line = _BULLET.sub("", line, count=1)
        line_scope = scope
        pieces = _SEGMENT_SPLIT.split(line)
        if len(line) > 200:  # a run of sentences on one line: one fact per sentence
            pieces = [s for piece in pieces for s in _SENTENCE_SPLIT.split(piece)]
        for piece in pieces:
            piece = _BULLET.sub("", piece.strip(), count=1).strip(_TRAILING)
            if not piece:
                continue
            label = _label(piece)
            if label:
                line_scope = (label[0], label[1])  # an inline marker carries to the line's end
                piece = label[2].strip(_TRAILING)
                if not piece:
                    continue
            marker, word = line_scope if line_scope else (None, "")
            segments.append(_Segment(piece, number, marker, word))
    return segments


def _check_size(paste: str) -> None:
    if paste is None or not paste.strip():
        raise InputError(
            "没有收到任何事实。" if not paste else "粘贴的内容只有空白。",
            hint="请粘贴本期工作的要点，每行一条，例如“查处非法营运黑车300余辆”。",
        )
    if len(paste) > MAX_PASTE_CHARS:
        raise InputError(
            f"粘贴内容共 {len(paste)} 字，超过单次起草上限 {MAX_PASTE_CHARS} 字，未作处理。",
            hint="请只粘贴工作要点（不要粘贴整篇文稿），或分几次起草。",
        )


def _similar_role(text: str, kb: Any) -> tuple[str, str] | None:
    """Role of the most similar corpus chunk among the three roles, with its score."""
    try:
        hits = kb.search(text, k=6)
    except ZongjieError:
        return None
    for hit in hits:
        if hit.role in ("achievements", "problems", "plans"):
            return hit.role, f"similar to corpus {hit.role} chunks ({hit.score:.2f})"
    return None


def _decide_role(seg: _Segment, next_period: str | None, kb: Any) -> tuple[str, str]:
    if seg.marker:
        return seg.marker, f"marker: {seg.marker_word}"
    if next_period and next_period in seg.text:
        return "plans", f"cue: {next_period}"
    cue = roles.cue_role(seg.text)
    if cue:
        return cue[0], f"cue: {cue[1]}"
    if kb is not None:
        similar = _similar_role(seg.text, kb)
        if similar:
            return similar
        return "achievements", "default: achievements (no marker, cue or similar corpus chunk)"
    return "achievements", "default: achievements (no marker or cue; knowledge base not used)"


def parse_facts(
    paste: str,
    unit: str | None = None,
    period: str | None = None,
    next_period: str | None = None,
    kb: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> FactLedger:
    """Parse a pasted block into a FactLedger; raises InputError on unusable input."""
    _check_size(paste)
    given = {"unit": unit, "period": period, "next_period": next_period}
    title = title_line(paste)
    unit = unit or metadata.infer_unit(paste, title=title) or header_unit(title)
    period = period or metadata.infer_period(paste, title=title)
    next_period = next_period or (metadata.next_period(period) if period else None)
    found = {"unit": unit, "period": period, "next_period": next_period}
    inferred = {name: not given[name] and bool(found[name]) for name in given}
    segments = _segments(paste, title)
    if not segments:
        raise InputError("粘贴的内容里没有可用的事实（只有分节标记或符号）。")
    if len(segments) > MAX_FACTS:
        raise InputError(
            f"共识别出 {len(segments)} 条事实，超过单次起草上限 {MAX_FACTS} 条，未作处理。",
            hint="请分几次起草，或合并相近的事实。",
        )
    for seg in segments:
        if len(seg.text) > MAX_FACT_CHARS:
            raise InputError(
                f"第 {seg.line} 行有一条 {len(seg.text)} 字的长句，无法拆成单条事实（每条不超过 {MAX_FACT_CHARS} 字）。",
                hint="请用换行、分号或项目符号把它拆成多条要点。",
            )
    facts = []
    for index, seg in enumerate(segments, start=1):
        role, reason = _decide_role(seg, next_period, kb)
        facts.append(
            Fact(f"F{index:02d}", seg.text, find_figures(seg.text), role, reason, seg.line)
        )
        if progress:
            progress(index, len(segments))
    ledger = FactLedger(facts, unit, period, next_period, inferred=inferred, title=title)
    if title:
        ledger.warnings.append(f"第一行“{title}”作为标题，未作为事实。")
    bare = [f.id for f in facts if not f.figures]
    if bare and len(bare) == len(facts):
        ledger.warnings.append(
            "所有事实都没有数字，草稿只能作定性表述，建议补充工作量、完成率等数据。"
        )
    elif bare:
        ledger.warnings.append(f"以下事实没有数字，将作定性表述：{'、'.join(bare)}。")
    if not unit:
        ledger.warnings.append("未能从内容中识别单位名称，请填写单位。")
    if not period:
        ledger.warnings.append("未能从内容中识别总结时段（如“2023年”），请填写时段。")
    return ledger
