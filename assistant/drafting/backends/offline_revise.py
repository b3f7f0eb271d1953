"""The offline engine's revise operations on one paragraph, each keeping its contract.

精简 keeps a subset of the paragraph's own sentences (never longer, every figure kept); 扩写
on an achievements paragraph regroups its facts' own clauses as 做法 + 成效 ("在做法上，…；从成效
看，…", words in data/revise.yaml) and asks, in a 〔待补：…〕 prompt, for what they do not say
(具体做法, 同比变化, 覆盖范围, 成效数据): the engine knows no more than the facts, so it adds no
stock sentence; elsewhere 扩写 keeps every sentence and asks; 润色 only normalises
punctuation; 重写 writes the facts again as a run-in list.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from assistant.checks import attribute, sentences
from assistant.drafting.ops import revise_words
from assistant.figures import find_figures, has_figure, normalize

_RUNIN = re.compile(r"(?:^|(?<=[。；：:]))[一二三四五六七八九十]{1,3}是")
PLACEHOLDER = "〔待补："
_CLAUSE_BREAK = re.compile(r"[，；;。]|,(?!\d{3})")  # "1,100.76亿元" is one figure


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
    """做法 + 成效 from the facts (achievements), and a 〔待补：…〕 prompt for what is missing."""
    if PLACEHOLDER in text:
        return text  # already asked
    words = revise_words()
    if role == "achievements" and facts:
        regrouped = regroup(text, facts, words)
        if regrouped and len(regrouped) >= len(text):
            return regrouped
    if role != "achievements":
        missing = list(words["missing_by_role"].get(role) or words["missing_by_role"]["other"])
    else:
        missing = _missing_in_results(text, words) or [words["missing"]["method"]]
    prompt = _prompt(missing)
    text = _end(text.strip())
    if text.endswith(("：", ":")):  # "…报告如下：" leads into what follows: ask before it
        parts = sentences(text)
        return "".join(parts[:-1]) + prompt + parts[-1]
    return text + prompt


def regroup(text: str, facts: list[Any], words: dict[str, Any]) -> str | None:
    """The paragraph with the sentences that say its facts written again as 做法 + 成效 from
    the facts' own clauses; sentences that say no fact (a lead, a closing line) stay as they
    are, the lead before, the rest after. None when no sentence says a fact."""
    parts = [piece for s in sentences(text) for piece in _after_colon(s)]
    said = [bool(attribute(s, facts)) or _holds_a_clause(s, facts) for s in parts]
    if not any(said):
        return None
    first = said.index(True)
    lead = "".join(parts[:first])
    rest = [s for s, x in zip(parts[first:], said[first:], strict=True) if not x]
    methods, results = [], []
    attached = tuple(words["attached_results"])
    for fact in facts:
        last_method = False
        for clause in _clauses(fact.text):
            if last_method and clause.startswith(attached):
                methods[-1] += "，" + clause  # the reach of the work just named
                continue
            last_method = not _is_result(clause, words)
            (methods if last_method else results).append(clause)
    kind = "both" if methods and results else "methods_only" if methods else "results_only"
    forms = words["regroup"][kind]
    form = forms[zlib.crc32(text.encode("utf-8")) % len(forms)]
    body = form["text"].format(methods=form["methods"].join(methods), results="，".join(results))
    missing = _missing_in_results(body, words, has_method=bool(methods))
    return lead + body + (_prompt(missing) if missing else "") + "".join(rest)


def _prompt(missing: list[str]) -> str:
    return f"{PLACEHOLDER}{'、'.join(missing)}〕"


def _after_colon(sentence: str) -> list[str]:
    """ "…重点做好：一是…；" -> the lead up to "：" and the rest (a lead says no fact)."""
    head, colon, rest = sentence.rpartition("：")
    return [head + colon, rest] if colon and head and rest.strip() else [sentence]


def _clauses(fact_text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_BREAK.split(fact_text) if c.strip()]


def _holds_a_clause(sentence: str, facts: list[Any]) -> bool:
    key = normalize(sentence)
    return any(len(c) >= 6 and normalize(c) in key for fact in facts for c in _clauses(fact.text))


def _is_result(clause: str, words: dict[str, Any]) -> bool:
    """成效: a result figure, a result word opening the clause, or a `within` one in a clause
    no action word opens; 做法: the rest."""
    if has_figure(clause):
        return True
    head = clause
    adverbs = tuple(words["lead_adverbs"])
    while head.startswith(adverbs):
        head = head[len(next(a for a in adverbs if head.startswith(a))) :]
    if head.startswith(tuple(words["result_words"]["opening"])):
        return True
    if head.startswith(tuple(words["action_words"])):
        return False
    return any(w in clause for w in words["result_words"]["within"])


def _missing_in_results(
    text: str, words: dict[str, Any], has_method: bool | None = None
) -> list[str]:
    names = words["missing"]
    claims = [f for f in find_figures(text) if f.kind != "date"]
    if has_method is None:
        has_method = any(w in text for w in words["method_words"])
    missing = []
    if not has_method:
        missing.append(names["method"])
    if not claims:
        missing.append(names["result"])
    elif not any(w in text for w in words["comparison_words"]):
        missing.append(names["comparison"])
    if not any(w in text for w in words["scope_words"]):
        missing.append(names["scope"])
    return missing


def _end(text: str) -> str:
    text = text.strip()
    return text[:-1] + "。" if text.endswith(("；", "，")) else text
