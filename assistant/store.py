"""Chroma vector store: embedded and persistent by default, a Chroma server when host is set.

The collection records the embedding model's name; an index built with another model is
refused with IndexMismatchError rather than silently returning nonsense.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.errors import IndexMismatchError, StoreError
from assistant.settings import Settings

MODEL_KEY = "embedding_model"

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def mismatch_error(index_model: str, current_model: str) -> IndexMismatchError:
    return IndexMismatchError(
        f"知识库索引是用嵌入模型 {index_model} 建立的，当前设置的模型是 {current_model}，"
        "两者的向量不能混用。请运行 zongjie kb reindex 用当前模型重建索引。",
        hint="也可以改回原来的嵌入设置，或删除数据目录中的 kb 与 chroma 文件夹后重新导入文档。",
    )


def _client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    logging.getLogger("chromadb").setLevel(logging.ERROR)
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.uses_chroma_server:
            return chromadb.HttpClient(
                host=settings.store.host, port=settings.store.port, settings=chroma_settings
            )
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:  # connection refused, unreadable directory, ...
        where = (
            f"Chroma 服务 {settings.store.host}:{settings.store.port}"
            if settings.uses_chroma_server
            else f"目录 {settings.chroma_path}"
        )
        raise StoreError(
            f"无法打开知识库（{where}）：{exc}",
            hint="请检查 store.host/store.port 设置与服务是否已启动，或数据目录是否可写。",
        ) from exc


def drop_collection(settings: Settings) -> None:
    """Delete the collection (re-indexing with another model starts from nothing)."""
    client = _client(settings)
    try:
        client.delete_collection(settings.store.collection)
    except Exception:  # chromadb raises NotFoundError/ValueError by version for a missing one
        pass


class VectorStore:
    """One Chroma collection of chunk vectors (cosine), tagged with the embedding model."""

    def __init__(self, settings: Settings, model_name: str):
        self.settings = settings
        self.model_name = model_name
        self._client = _client(settings)
        name = settings.store.collection
        try:
            self._col = self._client.get_or_create_collection(
                name=name,
                metadata={MODEL_KEY: model_name, "hnsw:space": "cosine"},
                embedding_function=None,
            )
        except Exception as exc:
            raise StoreError(f"无法打开知识库集合 {name}：{exc}") from exc
        index_model = (self._col.metadata or {}).get(MODEL_KEY)
        if index_model != model_name:
            if self._col.count() == 0:  # nothing indexed yet: adopt the current model
                self._client.delete_collection(name)
                self._col = self._client.create_collection(
                    name=name,
                    metadata={MODEL_KEY: model_name, "hnsw:space": "cosine"},
                    embedding_function=None,
                )
            else:
                raise mismatch_error(str(index_model), model_name)
        self._max_batch = int(getattr(self._client, "get_max_batch_size", lambda: 1000)() or 1000)

    def count(self) -> int:
        return self._col.count()

    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        step = max(1, min(self._max_batch, 1000))
        for i in range(0, len(ids), step):
            self._col.upsert(
                ids=list(ids[i : i + step]),
                embeddings=vectors[i : i + step],
                documents=list(texts[i : i + step]),
                metadatas=list(metadatas[i : i + step]),
            )

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        step = max(1, min(self._max_batch, 1000))
        for i in range(0, len(ids), step):
            self._col.delete(ids=ids[i : i + step])

    def ids(self) -> list[str]:
        return list(self._col.get(include=[])["ids"])

    def query(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the n nearest chunks matching `where`."""
        if n <= 0:
            return []
        result = self._col.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=n,
            where=where or None,
            include=["distances"],
        )
        ids = result["ids"][0] if result["ids"] else []
        dists = result["distances"][0] if result.get("distances") else [0.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=False)]


def where_clause(
    role: str | None = None,
    unit: str | None = None,
    period: str | None = None,
    exclude_doc: str | None = None,
) -> dict[str, Any] | None:
    """Chroma metadata filter for the search filters that are set."""
    terms: list[dict[str, Any]] = []
    if role:
        terms.append({"role": role})
    if unit:
        terms.append({"unit": unit})
    if period:
        terms.append({"period": period})
    if exclude_doc:
        terms.append({"doc_id": {"$ne": exclude_doc}})
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}
