"""Hybrid search: BM25 over jieba tokens plus dense vectors, fused by a weighted sum of scores.

Fusion is a convex combination of min-max normalised scores over each retriever's top
candidates. On eval/retrieval it beats reciprocal rank fusion, which lets the much weaker
dense ranking (writers' facts are figure-heavy, so BM25 is strong) push good lexical hits
out of the top 5; bench/bench_retrieval.py measures both.

The ledger's chunks are the searchable set; dense hits that the ledger does not know
(vectors from an interrupted ingest) are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.errors import ConfigError, InputError
from assistant.ledger import ChunkRecord, Ledger
from assistant.lexical import BM25Index, tokenize
from assistant.roles import ROLES

MODES = ("hybrid", "bm25", "dense")
FUSIONS = ("score", "rrf")

# Fusion weight and depth, tuned on eval/retrieval (see bench/bench_retrieval.py).
DENSE_WEIGHT = 0.25
CANDIDATES = 50


@dataclass(frozen=True)
class Hit:
    text: str
    title: str
    heading_path: str
    role: str
    score: float
    doc_id: str
    chunk_id: str
    unit: str
    period: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Filters:
    role: str | None = None
    unit: str | None = None
    period: str | None = None
    exclude_doc: str | None = None

    def __post_init__(self) -> None:
        if self.role and self.role not in ROLES:
            raise InputError(
                f"未知的段落类型 {self.role!r}。",
                hint=f"可选：{'、'.join(ROLES)}（工作成效、存在问题、工作计划、其他）。",
            )

    def matches(self, chunk: ChunkRecord) -> bool:
        return (
            (not self.role or chunk.role == self.role)
            and (not self.unit or chunk.unit == self.unit)
            and (not self.period or chunk.period == self.period)
            and (not self.exclude_doc or chunk.doc_id != self.exclude_doc)
        )


class LexicalView:
    """The ledger's chunks in a fixed order with a BM25 index and metadata columns."""

    def __init__(self, ledger: Ledger):
        self.generation = ledger.generation
        self.chunks: list[ChunkRecord] = list(ledger.chunks.values())
        self.position = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.bm25 = BM25Index([c.tokens.split() for c in self.chunks])
        self._columns = {
            name: np.array([getattr(c, name) or "" for c in self.chunks], dtype=object)
            for name in ("role", "unit", "period", "doc_id")
        }

    def mask(self, filters: Filters) -> np.ndarray | None:
        mask = None
        for name, value, equal in (
            ("role", filters.role, True),
            ("unit", filters.unit, True),
            ("period", filters.period, True),
            ("doc_id", filters.exclude_doc, False),
        ):
            if not value:
                continue
            column = self._columns[name] == value
            column = column if equal else ~column
            mask = column if mask is None else mask & column
        return mask


def rrf_fuse(rankings: list[tuple[list[str], float]], rrf_k: int) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion of ranked id lists; best first."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, chunk_id in enumerate(ids):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (rrf_k + rank + 1)
    return sorted(scores.items(), key=lambda item: -item[1])


def score_fuse(
    rankings: list[tuple[list[tuple[str, float]], float]],
) -> list[tuple[str, float]]:
    """Weighted sum of min-max normalised scores; an id absent from a list scores 0 there."""
    scores: dict[str, float] = {}
    for scored, weight in rankings:
        if not scored:
            continue
        values = [s for _, s in scored]
        low, high = min(values), max(values)
        span = high - low
        for chunk_id, score in scored:
            norm = (score - low) / span if span > 0 else 1.0
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight * norm
    return sorted(scores.items(), key=lambda item: -item[1])


class HybridSearcher:
    """Runs BM25, dense or hybrid search over one ledger view and one vector store."""

    def __init__(
        self,
        view: LexicalView,
        dense: Callable[[str, int, Filters], list[tuple[str, float]]],
        rrf_k: int = 60,
        fusion: str = "score",
    ):
        self.view = view
        self.dense = dense
        if fusion not in FUSIONS:
            raise ConfigError(
                f"未知的融合方式 retrieval.fusion = {fusion!r}。",
                hint=f"可选：{'、'.join(FUSIONS)}。",
            )
        self.rrf_k = rrf_k
        self.fusion = fusion  # "score" (shipped) or "rrf" (retrieval.rrf_k applies)

    def search(
        self, query: str, k: int = 5, filters: Filters | None = None, mode: str = "hybrid"
    ) -> list[Hit]:
        query = (query or "").strip()
        if not query:
            raise InputError("检索内容是空的，请输入要查找的文字。")
        if mode not in MODES:
            raise InputError(f"未知的检索方式 {mode!r}，可选：{'、'.join(MODES)}。")
        filters = filters or Filters()
        if k <= 0 or not self.view.chunks:
            return []
        depth = max(CANDIDATES, k)
        if mode == "bm25":
            return self._hits(self._bm25(query, k, filters))
        if mode == "dense":
            return self._hits(self._dense(query, k, filters))
        lexical = self._bm25(query, depth, filters)
        dense = self._dense(query, depth, filters)
        if self.fusion == "rrf":
            fused = rrf_fuse(
                [([i for i, _ in lexical], 1.0), ([i for i, _ in dense], 1.0)], self.rrf_k
            )
        else:
            fused = score_fuse([(lexical, 1.0), (dense, DENSE_WEIGHT)])
        return self._hits(fused[:k])

    def _bm25(self, query: str, n: int, filters: Filters) -> list[tuple[str, float]]:
        top = self.view.bm25.top(tokenize(query), n, self.view.mask(filters))
        return [(self.view.chunks[i].chunk_id, score) for i, score in top]

    def _dense(self, query: str, n: int, filters: Filters) -> list[tuple[str, float]]:
        known = self.view.position
        # ask for a few extra: vectors of an interrupted ingest may still sit in the store
        return [(i, s) for i, s in self.dense(query, n + 8, filters) if i in known][:n]

    def _hits(self, scored: list[tuple[str, float]]) -> list[Hit]:
        hits = []
        for chunk_id, score in scored:
            c = self.view.chunks[self.view.position[chunk_id]]
            hits.append(
                Hit(
                    text=c.text,
                    title=c.title,
                    heading_path=c.heading_path,
                    role=c.role,
                    score=round(float(score), 6),
                    doc_id=c.doc_id,
                    chunk_id=c.chunk_id,
                    unit=c.unit,
                    period=c.period,
                )
            )
        return hits


class KnowledgeRetriever(BaseRetriever):
    """LangChain retriever over the knowledge base; Document.metadata carries the Hit fields."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kb: Any
    k: int = 5
    role: str | None = None
    unit: str | None = None
    period: str | None = None
    exclude_doc: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.kb.search(
            query,
            k=self.k,
            role=self.role,
            unit=self.unit,
            period=self.period,
            exclude_doc=self.exclude_doc,
        )
        docs = []
        for hit in hits:
            meta = hit.to_dict()
            text = meta.pop("text")
            docs.append(Document(page_content=text, metadata=meta, id=hit.chunk_id))
        return docs
