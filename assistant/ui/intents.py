"""Read a chat message: new facts to draft, or a revision ("精简（三）", "把第二部分写得更具体")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.drafting.editor import heading_numbers
from assistant.figures import find_figures
from assistant.structure import cn_to_int

# words -> revise op (assistant.drafting.REVISE_OPS values); checked in this order
OP_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rewrite", ("重写", "重新写", "另写", "换个写法", "换一种写法", "推倒重来")),
    (
        "condense",
        (
            "精简",
            "压缩",
            "简短",
            "简洁",
            "删减",
            "缩短",
            "短一些",
            "短一点",
            "简练",
            "浓缩",
            "太长",
        ),
    ),
    (
        "expand",
        (
            "扩写",
            "具体",
            "详细",
            "展开",
            "充实",
            "丰富",
            "多写",
            "详实",
            "详尽",
            "扩充",
            "长一些",
            "太短",
        ),
    ),
    ("polish", ("润色", "通顺", "文采", "优化", "打磨", "顺一顺", "改得好一些")),
)
TITLE_WORDS = ("换个标题", "换标题", "改标题", "改个标题", "换一个标题", "标题换", "标题改", "题目")
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("problems", ("问题", "不足", "短板")),
    ("plans", ("计划", "打算", "下一步", "明年", "下半年工作")),
    ("achievements", ("成绩", "成效", "工作开展情况", "工作情况", "亮点", "做法")),
)
_PARA_RE = re.compile(r"(?<![A-Za-z])[Pp]\s*(\d{1,3})(?!\d)")
_SUB_RE = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]")
_PART_RE = re.compile(r"第([一二三四五六七八九十]{1,3}|\d{1,2})(?:个)?(?:部分|大部分|大项|块|节)")
_PART_MARK_RE = re.compile(r"(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,3})、")
_OPENING = ("开头", "开篇", "导语", "前言")
_CLOSING = ("结尾", "结束语", "结语", "收尾")


@dataclass(frozen=True)
class Intent:
    """kind: paste | revise | title | unclear. target: "part:2", "sub:P04" or a paragraph id."""

    kind: str
    op: str = ""
    target: str = ""
    instruction: str = ""
    label: str = ""


def looks_like_facts(text: str) -> bool:
    """A paste of facts rather than an instruction: several lines, or long with figures."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 3 or (len(text) > 60 and len(find_figures(text)) >= 2)


def read_message(text: str, draft: Any, default_target: str = "") -> Intent:
    text = (text or "").strip()
    if draft is None or looks_like_facts(text):
        return Intent("paste")
    if any(word in text for word in TITLE_WORDS):
        return Intent("title", label="标题")
    op = next((op for op, words in OP_WORDS if any(w in text for w in words)), "free")
    target, label = find_target(text, draft)
    if not target and default_target:
        target, label = default_target, ""
    if not target:
        return Intent("unclear", op=op, instruction=text)
    return Intent(
        "revise", op=op, target=target, instruction=text if op == "free" else "", label=label
    )


def _number(token: str) -> int:
    return int(token) if token.isdigit() else cn_to_int(token)


def find_target(text: str, draft: Any) -> tuple[str, str]:
    """The place in `draft` a message names -> (target, label); ("", "") when none is named."""
    sections = draft.sections
    if m := _PARA_RE.search(text):
        pid = f"P{int(m.group(1)):02d}"
        if draft.paragraph(pid):
            return pid, pid
    numbers = heading_numbers(draft)
    part_index = None
    if m := _PART_RE.search(text) or _PART_MARK_RE.search(text):
        wanted = (1, _number(m.group(1)))
        part_index = next(
            (i for i in range(len(sections)) if numbers.get(f"part:{i}") == wanted), None
        )
    if part_index is None:
        for role, words in ROLE_WORDS:
            if any(w in text for w in words):
                part_index = next(
                    (i for i, s in enumerate(sections) if s.heading and s.role == role), None
                )
                break
    if m := _SUB_RE.search(text):
        wanted = (2, cn_to_int(m.group(1)))
        candidates = [part_index] if part_index is not None else range(len(sections))
        for i in candidates:
            for para in sections[i].paragraphs:
                if para.kind == "heading" and numbers.get(para.id) == wanted:
                    return f"sub:{para.id}", para.text
    if (
        part_index is None
        and any(w in text for w in _OPENING)
        and sections
        and not sections[0].heading
    ):
        part_index = 0
    if (
        part_index is None
        and any(w in text for w in _CLOSING)
        and sections
        and not sections[-1].heading
    ):
        part_index = len(sections) - 1
    if part_index is not None:
        return f"part:{part_index}", sections[part_index].heading or "开头/结尾段"
    return "", ""


def title_options(draft: Any) -> list[str]:
    """Usual title forms for a 工作总结 (with the plan) built from the draft's unit and periods."""
    unit, period, nxt = draft.unit or "", draft.period or "", draft.next_period or ""
    options = [
        f"{unit}{period}工作总结及{nxt or '下一步'}工作计划",
        f"{unit}关于{period}工作情况和{nxt or '下一步'}工作打算的报告",
        f"{unit}{period}工作总结和{nxt or '下一步'}工作思路",
        f"{unit}{period}工作总结",
    ]
    return list(dict.fromkeys(options))
