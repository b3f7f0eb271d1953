"""Sentences with positions, and where a fact sits in a text (by character LCS)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from eval.lcs import lcs_length, normalize_chars

# A fact counts as written when this share of its characters reappears, in order, in one sentence.
COVERAGE_THRESHOLD = 0.6
_SENTENCE_END = re.compile(r"[。；;！？\n]")  # ASCII ? and ! stand for lost 《》 in scraped copies


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences (and lines) with their positions; a heading line is its own sentence."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.end()].strip():
            out.append(Sentence(text[start : m.end()], start, m.end()))
        start = m.end()
    if text[start:].strip():
        out.append(Sentence(text[start:], start, len(text)))
    return out


def locate_fact(fact_text: str, sentences: list[Sentence]) -> tuple[float, Sentence | None]:
    """The sentence that best contains the fact, and the share of the fact's characters it holds."""
    target = normalize_chars(fact_text)
    if not target:
        return 0.0, None
    best, where = 0.0, None
    for sentence in sentences:
        score = lcs_length(target, normalize_chars(sentence.text)) / len(target)
        if score > best:
            best, where = score, sentence
    return best, where
