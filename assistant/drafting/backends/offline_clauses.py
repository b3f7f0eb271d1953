"""Facts as the clauses of a run-in list, and the lists themselves: "一是…；二是…。".

A fact goes in verbatim, trimmed (a plan loses the time word its part's heading says); a
fact that goes on from the one before joins its item; an item title opens its item.
"""

from __future__ import annotations

import re
from typing import Any

from assistant import metadata
from assistant.drafting.phrases import load_phrases
from assistant.figures import has_figure
from assistant.structure import int_to_cn

TRIM = "。；;，,、：: \t"
SHORT_CLAUSE = 40  # run-in items shorter than this are joined with "；", longer ones with "。"
MAX_RUNIN = 20  # a theme with more facts is written as plain paragraphs, not "二十一是"
FACTS_PER_PARAGRAPH = 6
TITLE_MAX_CHARS = 12  # a sentence this short with no comma and no figure heads what follows it


def fact_clause(fact: Any, role: str, next_period: str | None, unit: str | None = None) -> str:
    """A fact as a clause for a run-in list: trimmed; a plan loses the time word the part's
    heading already says ("明年", "下一步"); the next period itself ("2025年", a figure) only
    when the paragraph's lead names it (`next_period` given); and the subject the part's lead
    names ("我局将", the `unit` itself: "团县委将深入实施…")."""
    text = fact.text.strip().strip(TRIM)
    if role == "plans":
        words = ([next_period] if next_period else []) + load_phrases()["plan_leading_words"]
        words += [f"{unit}将"] if unit else []
        subject_starts = tuple(metadata.words()["time_word_subject_starts"])
        within = tuple(load_phrases()["within_period"])
        for _ in range(2):  # "明年我们将做好…": the time word, then the subject
            word = next((w for w in words if text.startswith(w)), "")
            rest = text[len(word) :].lstrip("，, ")
            if not word or len(rest) < 4 or rest.startswith(subject_starts):
                break
            if word == next_period and text[len(word) :].startswith(within):
                break  # "2026年底前完成…": the year is the deadline, not the part's
            text = rest
    return text


def join_continuations(clauses: list[str]) -> list[str]:
    """A fact that goes on from the one before ("其中区城发集团…" after the group's total)
    is said in that fact's item, not as an item of its own."""
    words = tuple(load_phrases()["continuation_words"])
    out: list[str] = []
    for clause in clauses:
        if out and clause.startswith(words):
            out[-1] = f"{out[-1]}，{clause}"
        else:
            out.append(clause)
    return out


def fold_titles(facts: list[Any], clauses: list[str]) -> list[str]:
    """An item title the writer put over facts ("1. 占道整治" under "（一）市容管理") opens one
    item with them: "占道整治。查处占道经营300起，新建便民摊区3处"."""
    out: list[str] = []
    open_title = False
    for fact, clause in zip(facts, clauses, strict=True):
        if getattr(fact, "title", False):
            out.append(clause + "。")
            open_title = True
        elif open_title:
            said = out[-1].rsplit("。", 1)[-1]  # the item's sentence so far
            # short clauses run on with "，"; sentences ("推进48个…，年度计划投资6.66亿元")
            # keep their full stops, or an item becomes one sentence of a thousand characters
            sentence = "，" in clause or "，" in said or len(clause) >= SHORT_CLAUSE
            if out[-1].endswith("。"):
                out[-1] += clause
            else:
                out[-1] += ("。" if sentence else "，") + clause
        else:
            out.append(clause)
    return [c.removesuffix("。") for c in out]


def runin_list(clauses: list[str]) -> str:
    """一是…；二是…。 (or with full stops when the items are long)."""
    if len(clauses) == 1:
        return clauses[0] + "。"
    short = all(len(c) < SHORT_CLAUSE and "。" not in c for c in clauses)
    sep = "；" if short else "。"
    items = [f"{int_to_cn(i)}是{c}" for i, c in enumerate(clauses, start=1)]
    return sep.join(items) + "。"


def body_paragraphs(clauses: list[str]) -> list[str]:
    """Up to MAX_RUNIN facts as one run-in list; more as plain paragraphs of a few sentences
    each (a list that runs to "二十一是" reads as a ledger, not a report)."""
    if len(clauses) <= MAX_RUNIN:
        return [runin_list(clauses)]
    sentences = [c.rstrip("。") + "。" for c in clauses]
    paragraphs: list[list[str]] = [[]]
    for i, sentence in enumerate(sentences):
        current = paragraphs[-1]
        full = len(current) >= FACTS_PER_PARAGRAPH
        # a short line that heads the sentences after it ("做实就业安置。") opens a paragraph
        # near the end of one, rather than ending it with its facts on the next
        heads = i + 1 < len(sentences) and _heads_what_follows(sentence)
        if current and (full or heads and len(current) >= FACTS_PER_PARAGRAPH - 2):
            paragraphs.append([])
        paragraphs[-1].append(sentence)
    return ["".join(p) for p in paragraphs]


def _heads_what_follows(sentence: str) -> bool:
    body = sentence.rstrip("。")
    return (
        len(body) <= TITLE_MAX_CHARS and not re.search(r"[，,；;]", body) and not has_figure(body)
    )
