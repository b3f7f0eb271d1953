"""Framing sentences borrowed from retrieved exemplars: a theme's lead and closing sentence.

Only sentences that carry nothing of their source are borrowed: no figure (the one figure
parser), no proper noun (jieba POS nr/ns/nt/nz, with its HMM, so unknown names are caught),
no quotation or title marks, no list or heading numbering. Their own unit's self-reference
("我局") becomes the writer's. A sentence is borrowed for a theme only when its topic words
are mostly the theme's facts' words, so it frames what the writer did, not what another unit
did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assistant import topics
from assistant.figures import find_figures
from assistant.lexical import _load_jieba

PROPER_FLAGS = ("nr", "ns", "nt", "nz")
MIN_CHARS, MAX_CHARS = 12, 60
MIN_GROUNDED = 0.5  # share of a borrowed sentence's topic words found in the theme's facts
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_NUMBERING = re.compile(
    r"[一二三四五六七八九十]+是|^[（(]?[一二三四五六七八九十0-9]+[)）、.．]|第[一二三四五六七八九十]"
)
_QUOTES = re.compile(r"[“”\"《》〈〉「」『』]")
_HEADING_LINE = re.compile(
    r"^\s*[（(][一二三四五六七八九十]+[)）][^。]{2,40}?(?=[一二三四五六七八九十]是|$)"
)


@dataclass(frozen=True)
class Framing:
    kind: str  # lead | close
    text: str
    chunk_id: str
    title: str


def has_proper_noun(text: str) -> bool:
    _load_jieba()
    import jieba.posseg as pseg

    return any(p.flag.startswith(PROPER_FLAGS) for p in pseg.cut(text))


def borrowable(sentence: str) -> bool:
    """No figure, no proper noun, no quotes, no numbering, a sentence's length."""
    body = sentence.rstrip("。！？")
    if not MIN_CHARS <= len(body) <= MAX_CHARS or "：" in body or ":" in body:
        return False
    if _QUOTES.search(body) or _NUMBERING.search(body) or re.search(r"[0-9０-９A-Za-z%＊*]", body):
        return False
    return not find_figures(body) and not has_proper_noun(body)


def _paragraphs(text: str) -> list[str]:
    out = []
    for para in text.split("\n"):
        para = _HEADING_LINE.sub("", para.strip()).strip()
        if para:
            out.append(para)
    return out


@lru_cache(maxsize=512)
def _candidates(chunk_id: str, title: str, text: str) -> tuple[Framing, ...]:
    found = []
    for para in _paragraphs(text):
        sentences = [s.strip() for s in _SENTENCE.findall(para) if s.strip()]
        if len(sentences) < 2:
            continue  # a one-sentence paragraph is all fact or all heading
        for kind, sentence in (("lead", sentences[0]), ("close", sentences[-1])):
            if sentence.endswith("。") and borrowable(sentence):
                found.append(Framing(kind, sentence, chunk_id, title))
    return tuple(found)


def candidates(hits: list[Any]) -> list[Framing]:
    """Borrowable lead and closing sentences of the retrieved exemplar chunks."""
    out: list[Framing] = []
    for hit in hits:
        out.extend(_candidates(str(hit.chunk_id), str(hit.title or ""), str(hit.text or "")))
    return out


def grounded_share(sentence: str, facts_text: str) -> tuple[float, float]:
    """(share of the sentence's topic words in the facts, weight of the shared words)."""
    words = set(topics.content_words(sentence))
    if not words:
        return 0.0, 0.0
    shared = [w for w in words if w in facts_text]
    table = topics.idf()
    return len(shared) / len(words), sum(table.word(w) for w in shared)


def with_unit(sentence: str, self_words: list[str], own: str) -> str:
    """The exemplar's self-reference ("我局", "我办") replaced by the writer's."""
    for word in self_words:
        sentence = sentence.replace(word, own)
    return sentence


def best(pool: list[Framing], kind: str, facts_text: str, used: set[str]) -> Framing | None:
    """The best-grounded unused sentence of this kind for the theme, if one fits."""
    ranked = []
    for item in pool:
        if item.kind != kind or item.text in used:
            continue
        share, weight = grounded_share(item.text, facts_text)
        if share >= MIN_GROUNDED and weight > 0:
            ranked.append((weight, share, item.text, item))
    if not ranked:
        return None
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return ranked[0][3]
