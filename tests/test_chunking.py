"""Chunks of the real reports: paragraphs or items under a heading, with role, path and metadata."""

from __future__ import annotations

import json

import pytest

from assistant.chunking import MAX_CHARS, chunk_document
from assistant.loaders import load_document
from assistant.structure import parse_document


def _catalog(knowledge_dir):
    return json.loads((knowledge_dir / "catalog.json").read_text(encoding="utf-8"))


def _chunks(knowledge_dir, name):
    text = (knowledge_dir / name).read_text(encoding="utf-8")
    entry = next(e for e in _catalog(knowledge_dir) if e["file"] == name)
    meta = {k: entry[k] for k in ("title", "unit", "period")} | {"doc_id": name}
    return text, chunk_document(text, meta)


def test_every_knowledge_chunk_is_well_formed(knowledge_dir):
    for entry in _catalog(knowledge_dir):
        text, chunks = _chunks(knowledge_dir, entry["file"])
        assert chunks, entry["file"]
        for chunk in chunks:
            assert chunk.text and chunk.text == text[chunk.start : chunk.end].strip()
            assert len(chunk.text) <= MAX_CHARS
            assert chunk.embed_text.startswith(chunk.heading_path)
            assert chunk.embed_text.endswith(chunk.text)
            assert (chunk.title, chunk.unit, chunk.period) == (
                entry["title"],
                entry["unit"],
                entry["period"],
            )
            assert chunk.role in ("achievements", "problems", "plans", "other")
        assert [c.position for c in chunks] == list(range(len(chunks)))
        assert len({c.chunk_id for c in chunks}) == len(chunks)
        starts = [c.start for c in chunks]
        assert starts == sorted(starts)
        # most chunks are in the 80-600 range; only a few short tail sentences fall below
        short = [c for c in chunks if len(c.text) < 80]
        assert len(short) <= max(2, len(chunks) // 5), [c.text for c in short]


def test_chunk_roles_follow_the_parts(knowledge_dir):
    _, chunks = _chunks(knowledge_dir, "seed000.txt")
    by_part = {}
    for chunk in chunks:
        by_part.setdefault(chunk.heading_path.split(" > ")[0], set()).add(chunk.role)
    assert by_part == {
        "": {"other"},
        "一、207年工作开展情况": {"achievements"},
        "二、存在的主要问题": {"problems"},
        "三、208年工作计划": {"plans"},
    }


def test_heading_path_of_an_item(knowledge_dir):
    _, chunks = _chunks(knowledge_dir, "seed000.txt")
    chunk = next(c for c in chunks if "设岗定责公示" in c.text)
    assert chunk.heading_path == "一、207年工作开展情况 > (二)突出“四个重点”,确保工作取得实效"
    assert chunk.embed_text.startswith(chunk.heading_path + "\n一是设岗定责公示")


def test_problem_span_inside_achievements_becomes_a_problems_chunk(knowledge_dir):
    _, chunks = _chunks(knowledge_dir, "seed001.txt")
    problem = [c for c in chunks if c.role == "problems"]
    assert len(problem) == 1
    assert problem[0].text.startswith("在总结成绩的同时,我们也清楚的看到")
    assert problem[0].heading_path.startswith("一、2017年工作情况")
    # the lost-marker heading still gives its items a path
    assert any(c.heading_path.endswith("保持高压态势,违建防控进一步压实") for c in chunks)


def test_problem_span_inside_plans_part(knowledge_dir):
    _, chunks = _chunks(knowledge_dir, "seed002-2.txt")
    plans = [c for c in chunks if c.heading_path.startswith("二、下一步工作计划")]
    assert plans[0].role == "problems" and "但也存在着一些问题" in plans[0].text
    assert plans[1].role == "plans" and plans[1].text.startswith("下一步,我县将")


def test_inline_report_splits_at_runin_items(knowledge_dir):
    _, chunks = _chunks(knowledge_dir, "seed004.txt")
    first = [
        c for c in chunks if c.heading_path == "一、上半年工作情况 > (一)优化管理,提升市容环境秩序"
    ]
    assert [c.text[:2] for c in first] == ["一是", "二是", "三是", "四是", "五是"]
    plans = [c for c in chunks if c.role == "plans"]
    assert len(plans) == 8 and plans[-1].text.startswith("八是党建品牌创建初见成效")
    assert all(c.heading_path == "二、下半年工作计划" for c in plans)


def test_chunk_ids_are_stable_and_depend_on_the_document(knowledge_dir):
    name = "seed003.txt"
    _, a = _chunks(knowledge_dir, name)
    _, b = _chunks(knowledge_dir, name)
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    text = (knowledge_dir / name).read_text(encoding="utf-8")
    other = chunk_document(text, {"doc_id": "another"})
    assert {c.chunk_id for c in a}.isdisjoint(c.chunk_id for c in other)


def test_chunking_a_loaded_document_carries_its_metadata(seeds_dir):
    doc = load_document(seeds_dir / "004_2dd3c96ad6cb9ecc.txt")
    chunks = chunk_document(doc)
    assert {c.doc_id for c in chunks} == {doc.doc_id}
    assert {(c.title, c.unit, c.period) for c in chunks} == {
        ("城管局2023年上半年工作总结及下半年工作计划", "城管局", "2023年上半年")
    }
    assert "党课" not in "".join(c.text for c in chunks)


@pytest.mark.corpus
def test_corpus_chunks(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        parsed = parse_document(text)
        chunks = chunk_document(text, {"doc_id": path.stem}, parsed=parsed)
        assert all(0 < len(c.text) <= MAX_CHARS for c in chunks), path.name
        roles = {c.role for c in chunks}
        assert {"achievements", "problems", "plans"} <= roles, path.name
        covered = sum(len(c.text) for c in chunks)
        assert covered > 0.9 * len(text.replace("\n", "").replace("\u3000", "")) - 2000


def test_plain_text_without_headings():
    chunks = chunk_document("全年查处黑车300余辆。\n清理牛皮癣3000余处。\n")
    assert len(chunks) == 1
    assert chunks[0].heading_path == "" and chunks[0].role == "other"
    assert chunks[0].embed_text == chunks[0].text == "全年查处黑车300余辆。\n清理牛皮癣3000余处。"
