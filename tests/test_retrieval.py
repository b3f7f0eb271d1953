"""Hybrid retrieval over a small real knowledge base: ranking, filters, modes, LangChain retriever."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from langchain_core.retrievers import BaseRetriever

from assistant.errors import InputError
from assistant.kb import KnowledgeBase
from assistant.lexical import BM25Index, tokenize
from assistant.retrieval import rrf_fuse
from assistant.settings import Settings

SAMPLES = Path(__file__).resolve().parent / "data" / "kb"


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    settings = Settings().with_data_dir(tmp_path_factory.mktemp("kb") / "data")
    base = KnowledgeBase(settings)
    report = base.ingest([SAMPLES])
    assert report.files == 3 and not report.errors
    return base


def doc_id(kb: KnowledgeBase, title_part: str) -> str:
    return next(d.doc_id for d in kb.list_documents() if title_part in d.title)


def test_tokenize_drops_punctuation_and_keeps_figures():
    tokens = tokenize("查处非法营运黑车300余辆，处罚机动车乱停乱放。")
    assert "黑车" in tokens and "300" in tokens
    assert "，" not in tokens and "。" not in tokens


def test_bm25_ranks_by_term_overlap_and_respects_mask():
    docs = [["公厕", "新建"], ["黑车", "查处", "黑车"], ["督查", "通报"]]
    index = BM25Index(docs)
    top = index.top(["黑车"], 3)
    assert [i for i, _ in top] == [1]  # only documents with a positive score
    assert index.top(["黑车"], 3, mask=np.array([True, False, True])) == []
    both = index.top(["公厕", "督查"], 3)
    assert {i for i, _ in both} == {0, 2}


def test_rrf_fuse_rewards_agreement():
    fused = rrf_fuse([(["a", "b", "c"], 1.0), (["b", "d"], 1.0)], rrf_k=60)
    assert fused[0][0] == "b"
    assert {i for i, _ in fused} == {"a", "b", "c", "d"}


def test_figure_fact_finds_its_source_paragraph(kb):
    hits = kb.search("查处非法营运黑车300余辆", k=3)
    assert "黑车300余辆" in hits[0].text
    assert hits[0].title == "治理办2021年工作总结"
    assert hits[0].role == "achievements"
    assert hits[0].heading_path.startswith("一、主要做法和成效")
    assert hits[0].score >= hits[-1].score


def test_semantic_paraphrase_is_found_without_shared_figures(kb):
    hits = kb.search("防洪排涝和自来水供应", k=2, mode="dense")
    assert any(h.title.startswith("水务局") for h in hits)


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_every_mode_finds_the_exact_fact(kb, mode):
    hits = kb.search("全年累计督查179次", k=3, mode=mode)
    assert any("督查179次" in h.text for h in hits)


def test_role_filter(kb):
    hits = kb.search("垃圾", k=10, role="problems")
    assert hits and all(h.role == "problems" for h in hits)
    plans = kb.search("新建公厕", k=10, role="plans")
    assert plans and all(h.role == "plans" for h in plans)
    assert "公厕3座" in plans[0].text


def test_unit_period_and_exclude_filters(kb):
    water = kb.search("工作情况", k=10, unit="水务局")
    assert water and all(h.unit == "水务局" for h in water)
    period = kb.search("整治", k=10, period="2022年")
    assert period and all(h.period == "2022年" for h in period)
    excluded = doc_id(kb, "治理办")
    hits = kb.search("查处非法营运黑车300余辆", k=10, exclude_doc=excluded)
    assert hits and all(h.doc_id != excluded for h in hits)
    assert kb.search("查处非法营运黑车", k=5, unit="没有这个单位") == []


def test_langchain_retriever(kb):
    retriever = kb.retriever(k=2, role="achievements")
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("清理牛皮癣小广告")
    assert 1 <= len(docs) <= 2
    assert "牛皮癣" in docs[0].page_content
    assert docs[0].metadata["role"] == "achievements"
    assert {"title", "heading_path", "score", "doc_id", "chunk_id"} <= set(docs[0].metadata)


def test_bad_queries_get_chinese_messages(kb):
    with pytest.raises(InputError, match="空"):
        kb.search("   ")
    with pytest.raises(InputError, match="段落类型"):
        kb.search("黑车", role="achievement")
    with pytest.raises(InputError):
        kb.retriever(role="nonsense")


def test_empty_knowledge_base_returns_nothing_without_loading_anything(settings):
    kb = KnowledgeBase(settings)
    assert kb.search("黑车") == []
    assert kb._store is None  # opening and searching an empty base touches no store


def test_warm_and_concurrent_searches_agree(kb):
    from concurrent.futures import ThreadPoolExecutor

    kb.warm()
    assert kb._store is not None and kb._view is not None
    queries = ["查处非法营运黑车", "新建公厕", "河道清淤", "执法力量不足"] * 2
    expected = [[h.chunk_id for h in kb.search(q, k=3)] for q in queries]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda q: [h.chunk_id for h in kb.search(q, k=3)], queries))
    assert got == expected
