"""Chroma store: persistence, filters, and refusal of an index built with another model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import IndexMismatchError, user_message
from assistant.kb import KnowledgeBase
from assistant.settings import EmbeddingSettings
from assistant.store import VectorStore, where_clause

SAMPLES = Path(__file__).resolve().parent / "data" / "kb"


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_vectors_persist_and_filters_apply(settings):
    store = VectorStore(settings, "model-a")
    vectors = np.stack([unit([1, 0, 0]), unit([0.9, 0.1, 0]), unit([0, 1, 0])])
    metas = [
        {"doc_id": "d1", "role": "achievements", "unit": "城管局", "period": "2022年"},
        {"doc_id": "d2", "role": "problems", "unit": "城管局", "period": "2023年"},
        {"doc_id": "d2", "role": "achievements", "unit": "水务局", "period": "2023年"},
    ]
    store.add(["a", "b", "c"], vectors, ["甲", "乙", "丙"], metas)
    reopened = VectorStore(settings, "model-a")
    assert reopened.count() == 3
    q = unit([1, 0, 0])
    assert [i for i, _ in reopened.query(q, 3)][:2] == ["a", "b"]
    assert reopened.query(q, 1)[0][1] == pytest.approx(1.0, abs=1e-4)  # cosine similarity
    assert [i for i, _ in reopened.query(q, 3, where_clause(role="problems"))] == ["b"]
    assert [i for i, _ in reopened.query(q, 3, where_clause(exclude_doc="d1"))] == ["b", "c"]
    both = where_clause(role="achievements", unit="水务局", period="2023年")
    assert [i for i, _ in reopened.query(q, 3, both)] == ["c"]
    reopened.delete(["a"])
    assert sorted(reopened.ids()) == ["b", "c"]
    assert where_clause() is None


def test_store_refuses_an_index_from_another_model(settings):
    store = VectorStore(settings, "model-a")
    store.add(["a"], unit([[1, 0]]), ["甲"], [{"doc_id": "d"}])
    with pytest.raises(IndexMismatchError) as info:
        VectorStore(settings, "model-b")
    text = user_message(info.value)
    assert "model-a" in text and "model-b" in text and "重建索引" in text
    assert "zongjie kb reindex" in text


def test_empty_collection_adopts_the_current_model(settings):
    VectorStore(settings, "model-a")
    assert VectorStore(settings, "model-b").count() == 0


def test_knowledge_base_refuses_search_and_ingest_with_another_model(settings, tmp_path):
    kb = KnowledgeBase(settings)
    kb.ingest([SAMPLES / "水务局2023年上半年工作总结.txt"])
    other = settings.__class__(
        data_dir=settings.data_dir,
        embedding=EmbeddingSettings(backend="sentence-transformers", model=str(tmp_path / "m")),
    )
    switched = KnowledgeBase(other)
    assert switched.list_documents()  # listing needs no vectors and still works
    with pytest.raises(IndexMismatchError, match="重建索引"):
        switched.search("河道清淤")
    with pytest.raises(IndexMismatchError):
        switched.ingest([SAMPLES / "治理办2021年工作总结.txt"])
    assert len(KnowledgeBase(settings).list_documents()) == 1


def test_reindex_rebuilds_vectors_from_the_ledger(settings):
    kb = KnowledgeBase(settings)
    kb.ingest([SAMPLES / "治理办2021年工作总结.txt"])
    before = {h.chunk_id for h in kb.search("督查179次", k=3)}
    assert kb.reindex() == len(kb.ledger.chunks)
    fresh = KnowledgeBase(settings)
    assert sorted(fresh.store.ids()) == sorted(fresh.ledger.chunks)
    assert {h.chunk_id for h in fresh.search("督查179次", k=3)} == before
