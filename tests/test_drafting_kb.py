"""Drafting with a real knowledge base: exemplars of the part's role, kept as chunk ids."""

from __future__ import annotations

import pytest

from assistant.drafting.chain import draft
from assistant.drafting.model import DraftRequest

pytestmark = pytest.mark.slow

PASTE = "查处非法营运黑车300余辆\n清理残标野广告45000余条\n城市配套设施建设跟不上发展需要\n明年新建公厕3座\n"


@pytest.fixture(scope="module")
def kb(knowledge_dir, tmp_path_factory):
    from assistant.kb import KnowledgeBase
    from assistant.settings import Settings

    settings = Settings().with_data_dir(tmp_path_factory.mktemp("kb"))
    base = KnowledgeBase(settings)
    report = base.ingest([knowledge_dir / "seed003.txt"])
    assert report.chunks > 5
    return base


def test_exemplars_match_the_part_and_are_cited(kb, settings):
    result = draft(DraftRequest(PASTE, period="2023年"), settings, kb=kb)
    assert result.exemplars, "the knowledge base supplied exemplars"
    by_id = {e["chunk_id"]: e for e in result.exemplars}
    for section in result.sections:
        for para in section.paragraphs:
            for chunk_id in para.chunk_ids:
                assert by_id[chunk_id]["role"] == section.role  # exemplars of the same role
    cited = [p for s in result.sections for p in s.paragraphs if p.chunk_ids and p.fact_ids]
    assert cited, "paragraphs keep the exemplar chunks they were drafted with"


def test_roles_fall_back_to_similar_corpus_chunks(kb):
    from assistant.facts import parse_facts

    ledger = parse_facts(PASTE, period="2023年", kb=kb)
    reasons = {f.text: f.role_reason for f in ledger.facts}
    assert reasons["明年新建公厕3座"] == "cue: 明年"
    similar = [r for r in reasons.values() if r.startswith("similar to corpus ")]
    assert similar, reasons
    assert all(r.endswith(")") and "chunks (" in r for r in similar)
