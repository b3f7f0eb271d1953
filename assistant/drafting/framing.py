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
MIN_GROUNDED = 0.4  # weighted share of a borrowed sentence's topic words in the theme's facts
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_NUMBERING = re.compile(
    r"[一二三四五六七八九十]+是|^[（(]?[一二三四五六七八九十0-9]+[)）、.．]|第[一二三四五六七八九十]"
)
_QUOTES = re.compile(r"[“”\"《》〈〉「」『』]")
_HEADING_LINE = re.compile(
    r"^\s*[（(][一二三四五六七八九十]+[)）][^。]{2,40}?(?=[一二三四五六七八九十]是|$)"
)


_ITEM_TITLE = re.compile(r"^[一二三四五六七八九十]+是[^，。]{2,20}。$")
_SUMS_UP = re.compile(r"^(?:通过|经过)|(?:明显|进一步|不断|显著)(?:提高|提升|改善|增强|加强)")


@dataclass(frozen=True)
class Framing:
    kind: str  # lead | close
    text: str
    chunk_id: str
    title: str


def has_proper_noun(text: str) -> bool:
    """A word jieba tags nr/ns/nt/nz, other than the common words it is known to mis-tag."""
    _load_jieba()
    import jieba.posseg as pseg

    common = topics.not_proper_words()
    return any(p.flag.startswith(PROPER_FLAGS) and p.word not in common for p in pseg.cut(text))


def borrowable(sentence: str) -> bool:
    """No figure, no proper noun, no quotes, no numbering, a sentence's length."""
    body = sentence.rstrip("。！？")
    if not MIN_CHARS <= len(body) <= MAX_CHARS or "：" in body or ":" in body:
        return False
    if _QUOTES.search(body) or _NUMBERING.search(body) or re.search(r"[0-9０-９A-Za-z%＊*]", body):
        return False
    return not find_figures(body) and not has_proper_noun(body)


def _full_width(text: str) -> str:
    for half, full in ((",", "，"), (";", "；"), (":", "："), ("?", "？"), ("!", "！")):
        text = text.replace(half, full)
    return text


def _shorten(sentence: str) -> str:
    """A long sentence cut after its first clauses, so that it still reads whole."""
    body = sentence.rstrip("。！？")
    if len(body) <= MAX_CHARS:
        return body + "。"
    kept = ""
    for clause in body.split("，"):
        if len(kept) + len(clause) + 1 > MAX_CHARS:
            break
        kept = f"{kept}，{clause}" if kept else clause
    return kept + "。" if len(kept) >= MIN_CHARS else ""


@lru_cache(maxsize=512)
def _candidates(chunk_id: str, title: str, text: str) -> tuple[Framing, ...]:
    """A chunk's lead sentences (its first, and the first after a list item's title such as
    "一是开展业务培训。") and closing sentences (its last, and any that sums up: "通过……，
    ……明显提高")."""
    found = []
    for para in _full_width(text).split("\n"):
        para = _HEADING_LINE.sub("", para.strip()).strip()
        sentences = [s.strip() for s in _SENTENCE.findall(para) if s.strip()]
        picks = []
        for i, sentence in enumerate(sentences):
            after_title = i > 0 and bool(_ITEM_TITLE.match(sentences[i - 1]))
            if (i == 0 and len(sentences) > 1) or after_title:
                picks.append(("lead", _shorten(sentence)))
            if (i == len(sentences) - 1 and i > 0) or _SUMS_UP.search(sentence):
                picks.append(("close", _shorten(sentence)))
        for kind, sentence in dict.fromkeys(picks):
            if sentence and borrowable(sentence):
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
    table = topics.idf()
    shared = sum(table.word(w) for w in words if w in facts_text)
    return shared / sum(table.word(w) for w in words), shared


def with_unit(sentence: str, self_words: list[str], own: str) -> str:
    """The exemplar's self-reference ("我局", "我办") replaced by the writer's."""
    for word in self_words:
        sentence = sentence.replace(word, own)
    return sentence


@lru_cache(maxsize=256)
def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in topics.cut(title) if len(w) >= 2 and topics.is_content(w))


def names_its_source(item: Framing, own_text: str) -> bool:
    """The sentence holds a word of its exemplar's title (the unit's place, "金井") that the
    writer's own text does not: it would carry the other unit into the draft."""
    return any(w in item.text and w not in own_text for w in _title_words(item.title))


def best(pool: list[Framing], kind: str, facts_text: str, used: set[str]) -> Framing | None:
    """The best-grounded unused sentence of this kind for the theme, if one fits;
    `facts_text` is the theme's facts (and the writer's unit)."""
    ranked = []
    for item in pool:
        if item.kind != kind or item.text in used or names_its_source(item, facts_text):
            continue
        share, weight = grounded_share(item.text, facts_text)
        if share >= MIN_GROUNDED and weight > 0:
            ranked.append((weight, share, item.text, item))
    if not ranked:
        return None
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return ranked[0][3]
