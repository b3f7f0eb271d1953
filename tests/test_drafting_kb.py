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


def test_roles_without_markers_come_from_the_classifier_that_read_the_kb(kb, settings):
    """No per-fact search any more: the classifier, trained on knowledge/ and the KB, decides;
    a plan cue at the start of a fact acts as a marker."""
    from assistant import role_model
    from assistant.facts import parse_facts

    ledger = parse_facts(PASTE, period="2023年", kb=kb, settings=settings)
    got = {f.text: (f.role, f.role_reason) for f in ledger.facts}
    assert got["明年新建公厕3座"] == ("plans", "cue: 明年")
    assert got["查处非法营运黑车300余辆"][0] == "achievements"
    assert got["城市配套设施建设跟不上发展需要"][0] == "problems"
    for text in ("查处非法营运黑车300余辆", "城市配套设施建设跟不上发展需要"):
        assert got[text][1].startswith("classifier: "), got
    # this KB holds a built-in report only: nothing new to learn, the shipped model is used
    assert role_model.classifier(settings, kb=kb).key == role_model.shipped_model().key
