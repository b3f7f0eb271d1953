"""The offline engine's revise operations on one paragraph, each keeping its contract.

精简 keeps a subset of the paragraph's own sentences (never longer, every figure kept); 扩写
keeps every sentence and asks, in a 〔待补：…〕 prompt, for what the paragraph does not say
(具体做法, 同比变化, 覆盖范围, 成效数据): the engine knows no more than the facts, so it adds no
stock sentence; 润色 only normalises punctuation; 重写 writes the facts again as a run-in list.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.checks import attribute, sentences
from assistant.drafting.ops import revise_words
from assistant.figures import find_figures

_RUNIN = re.compile(r"(?:^|(?<=[。；：:]))[一二三四五六七八九十]{1,3}是")
PLACEHOLDER = "〔待补："


def condense(text: str, facts: list[Any]) -> str:
    """Drop the sentences that carry no fact and no figure (stock framing), keep a lead that
    opens a list ("…重点抓好以下工作："); with nothing to drop, drop the 一是/二是 markers."""
    kept = [
        s
        for s in sentences(text)
        if attribute(s, facts) or find_figures(s) or s.rstrip().endswith("：") or PLACEHOLDER in s
    ]
    if kept and len("".join(kept)) < len(text):
        return _end("".join(kept))
    shorter = _RUNIN.sub("", text)
    return shorter if len(shorter) < len(text) else text


def expand(text: str, facts: list[Any], role: str = "achievements") -> str:
    """Every sentence kept; a 〔待补：…〕 prompt names what the paragraph does not say yet."""
    if PLACEHOLDER in text:
        return text  # already asked
    words = revise_words()
    if role != "achievements":
        missing = list(words["missing_by_role"].get(role) or words["missing_by_role"]["other"])
    else:
        missing = _missing_in_results(text, words)
    prompt = f"{PLACEHOLDER}{'、'.join(missing)}〕"
    text = _end(text.strip())
    if text.endswith(("：", ":")):  # "…报告如下：" leads into what follows: ask before it
        parts = sentences(text)
        return "".join(parts[:-1]) + prompt + parts[-1]
    return text + prompt


def _missing_in_results(text: str, words: dict[str, Any]) -> list[str]:
    names = words["missing"]
    claims = [f for f in find_figures(text) if f.kind != "date"]
    missing = []
    if not any(w in text for w in words["method_words"]):
        missing.append(names["method"])
    if not claims:
        missing.append(names["result"])
    elif not any(w in text for w in words["comparison_words"]):
        missing.append(names["comparison"])
    if not any(w in text for w in words["scope_words"]):
        missing.append(names["scope"])
    return missing or [names["method"]]


def _end(text: str) -> str:
    text = text.strip()
    return text[:-1] + "。" if text.endswith(("；", "，")) else text
