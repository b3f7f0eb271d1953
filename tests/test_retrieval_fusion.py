"""retrieval.fusion and retrieval.rrf_k take effect (they were read and then ignored)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.kb import KnowledgeBase
from assistant.retrieval import HybridSearcher
from assistant.settings import Settings, load_settings

SAMPLES = Path(__file__).resolve().parent / "data" / "kb"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kb") / "data"
    report = KnowledgeBase(Settings().with_data_dir(path)).ingest([SAMPLES])
    assert report.files == 3 and not report.errors
    return path


def _kb(data_dir: Path, **retrieval) -> KnowledgeBase:
    settings = Settings().with_data_dir(data_dir)
    return KnowledgeBase(replace(settings, retrieval=replace(settings.retrieval, **retrieval)))


def test_rrf_fusion_and_its_constant_are_used(data_dir):
    query = "查处非法营运黑车"
    shipped = _kb(data_dir).search(query, k=3)
    for rrf_k in (1, 1000):
        hits = _kb(data_dir, fusion="rrf", rrf_k=rrf_k).search(query, k=3)
        assert hits and all(h.score <= 2 / (rrf_k + 1) + 1e-9 for h in hits)
    assert shipped[0].score > 2 / 1001  # score fusion: min-max scores, not reciprocal ranks


def test_an_unknown_fusion_is_one_clear_message(data_dir, monkeypatch):
    with pytest.raises(ConfigError, match="融合方式"):
        HybridSearcher(None, None, fusion="average")
    monkeypatch.setenv("ZONGJIE_RETRIEVAL_FUSION", "rrf")
    assert load_settings().retrieval.fusion == "rrf"
