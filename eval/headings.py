"""Heading soft recall: each reference level-2 heading matched to a draft heading by embedding similarity."""

from __future__ import annotations

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.structure import ParsedDocument

#: cosine similarity at or above which two headings name the same topic; calibrated on the
#: seed reports' headings by `python -m eval.calibrate` (see eval/README.md)
HEADING_MATCH_THRESHOLD = 0.935


class HeadingEmbedder:
    """Embeds heading titles once each (the same titles recur across systems and cases)."""

    def __init__(self, embeddings: Embeddings):
        self.embeddings = embeddings
        self._cache: dict[str, np.ndarray] = {}

    def vectors(self, titles: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(titles) if t not in self._cache]
        if todo:
            for title, vector in zip(todo, self.embeddings.embed_documents(todo), strict=True):
                v = np.asarray(vector, dtype=np.float32)
                self._cache[title] = v / (np.linalg.norm(v) or 1.0)
        if not titles:
            return np.zeros((0, 1), dtype=np.float32)
        return np.vstack([self._cache[t] for t in titles])

    def warm(self, references, drafts: list[str]) -> None:
        """Embed every heading of these references and draft texts in one batch."""
        from assistant.structure import parse_document

        titles = [t for ref in references for t, _ in level2_titles(ref.doc)]
        titles += [t for text in drafts for t, _ in draft_titles(parse_document(text))]
        self.vectors(titles)

    def similarity(self, left: list[str], right: list[str]) -> np.ndarray:
        """Cosine similarity matrix (len(left), len(right))."""
        if not left or not right:
            return np.zeros((len(left), len(right)), dtype=np.float32)
        return self.vectors(left) @ self.vectors(right).T


def _part_role(doc: ParsedDocument, pos: int) -> str:
    path = doc.section_path(pos)
    return path[0].role if path else "other"


def level2_titles(doc: ParsedDocument) -> list[tuple[str, str]]:
    """(title, role of its part) of the level-2 headings."""
    return [
        (h.title, _part_role(doc, h.start))
        for h in doc.headings
        if h.level == 2 and h.title.strip()
    ]


def draft_titles(doc: ParsedDocument) -> list[tuple[str, str]]:
    """(title, role of its part) of every sub-heading (levels 2-4): a topic may sit lower in a draft."""
    return [
        (h.title, _part_role(doc, h.start))
        for h in doc.headings
        if h.level >= 2 and h.title.strip()
    ]


def heading_soft_recall(
    draft: ParsedDocument,
    reference: ParsedDocument,
    embedder: HeadingEmbedder,
    threshold: float = HEADING_MATCH_THRESHOLD,
) -> dict:
    """Share of the reference's level-2 headings with a draft heading at or above `threshold`.

    A heading is matched only against draft headings in the part of the same role (a plans
    heading cannot be recalled by an achievements heading); "other" parts match anything.
    """
    wanted = level2_titles(reference)
    if not wanted:
        return {"heading_soft_recall": None, "heading_matches": []}
    have = draft_titles(draft)
    sims = embedder.similarity([t for t, _ in wanted], [t for t, _ in have])
    matches = []
    for i, (title, role) in enumerate(wanted):
        allowed = [j for j, (_, r) in enumerate(have) if role == "other" or r in (role, "other")]
        j = max(allowed, key=lambda k: sims[i, k]) if allowed else None
        best = float(sims[i, j]) if j is not None else 0.0
        matches.append(
            {
                "reference": title,
                "draft": have[j][0] if j is not None else "",
                "similarity": round(best, 4),
                "matched": best >= threshold,
            }
        )
    return {
        "heading_soft_recall": sum(m["matched"] for m in matches) / len(matches),
        "heading_matches": matches,
    }


# ---------------------------------------------------------------- grounding in the paste

#: share of a heading's content words that must occur in the writer's paste
GROUNDED_SHARE = 2 / 3


def heading_grounding(draft: ParsedDocument, paste: str) -> dict:
    """How far the draft's （一）-level headings come from the writer's own words.

    A heading's content words are its jieba words of 2+ characters that are not stock 公文
    words (assistant/data/stock_words.yaml, e.g. 坚持, 强化, 取得新成效). A heading is
    grounded when at least 2/3 of them occur in the paste; a catch-all has no content word
    or a catch-all word (其他, 各项工作). `None` when the draft has no such heading.
    """
    from assistant import topics

    titles = [h.title.strip() for h in draft.headings if h.level == 2 and h.title.strip()]
    if not titles:
        return {"heading_grounding": None, "catch_all_headings": None, "heading_grounds": []}
    rows = []
    for title in titles:
        words = list(dict.fromkeys(topics.content_words(title)))
        found = [w for w in words if w in paste]
        share = len(found) / len(words) if words else 0.0
        catch_all = not words or any(w in title for w in topics.catch_all_words())
        rows.append(
            {
                "heading": title,
                "content_words": words,
                "missing": [w for w in words if w not in found],
                "grounded": bool(words) and share >= GROUNDED_SHARE - 1e-9,
                "catch_all": catch_all,
            }
        )
    return {
        "heading_grounding": sum(r["grounded"] for r in rows) / len(rows),
        "catch_all_headings": sum(r["catch_all"] for r in rows) / len(rows),
        "heading_grounds": rows,
    }
