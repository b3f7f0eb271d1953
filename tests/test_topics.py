"""Word weights from the reports (computed once, cached on disk) and contiguous topic groups."""

from __future__ import annotations

import time

from assistant import topics


def test_word_weights_are_computed_once_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(topics, "_IDF", None)
    first = topics.idf()
    cached = list((tmp_path / "zongjie").glob("idf-*.json"))
    assert len(cached) == 1 and first.sentences > 1000
    # a rare topical word weighs more than a common one
    assert first.word("耕地") > first.word("建设")
    monkeypatch.setattr(topics, "_IDF", None)
    start = time.perf_counter()
    again = topics.idf()
    assert time.perf_counter() - start < 1.0  # read back, not recomputed
    assert again.words == first.words and again.sentences == first.sentences
    assert again.terms == first.terms


def test_terms_are_word_runs_that_several_reports_write():
    table = topics.idf()  # of knowledge/ alone: the same on every install
    assert {p.parent.name for p in topics.corpus_paths()} == {"knowledge"}
    # a term of the trade, in several reports; a run of one sentence ("为5名台胞提供") is none
    assert table.term("耕地保护") >= 2 and table.term("中心组学习") >= 2
    assert table.term("台胞提供") < 2 and table.term("规定享受") < 2
    assert table.term("耕地") == 0  # one word is no run


def test_groups_split_where_the_topic_changes():
    facts = [
        "完成耕地保护责任制考核，耕地恢复面积1915亩",
        "开展耕地占补平衡专项整治，新增耕地指标650亩",
        "落实耕地保护田长制，巡查耕地120次",
        "开展党组理论学习中心组学习12次",
        "召开党组会30次，落实党组理论学习制度",
        "党组书记讲党课4次，党员理论学习全覆盖",
    ]
    sims = topics.similarity_matrix([topics.features(f) for f in facts])
    assert topics.contiguous_groups(sims, 2, 3) == [(0, 3), (3, 6)]


def test_content_words_leave_out_stock_words_and_figures():
    words = topics.content_words("强化耕地保护，完成耕地恢复面积1915亩，取得新成效")
    assert "耕地" in words and "保护" in words
    assert not {"强化", "完成", "取得"} & set(words)
    assert not any(ch.isdigit() for w in words for ch in w)
