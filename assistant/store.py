"""Chroma vector store: embedded and persistent by default, a Chroma server when host is set.

One collection per knowledge base (store.collection); its ledger lives beside it (ledger.py).
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
LEDGER_SUFFIX = ".ledger"  # <collection>.ledger holds that collection's ledger in a server

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def mismatch_error(index_model: str, current_model: str) -> IndexMismatchError:
    return IndexMismatchError(
        f"知识库索引是用嵌入模型 {index_model} 建立的，当前设置的模型是 {current_model}，"
        "两者的向量不能混用。请运行 zongjie kb reindex 用当前模型重建索引。",
        hint="也可以改回原来的嵌入设置，或删除数据目录中的 kb 与 chroma 文件夹后重新导入文档。",
    )


REPAIR_HINT = (
    "向量库可能已损坏：请运行 zongjie kb repair，它把损坏的向量库移到一旁，"
    "再按知识库清单（保存着全部文本）重建。"
)
SERVER_HINT = "请检查 store.host/store.port 设置与 Chroma 服务是否已启动。"


def store_hint(settings: Settings) -> str:
    return SERVER_HINT if settings.uses_chroma_server else REPAIR_HINT


def where_label(settings: Settings) -> str:
    if settings.uses_chroma_server:
        return f"Chroma 服务 {settings.store.host}:{settings.store.port}"
    return f"目录 {settings.chroma_path}"


def _chroma_settings():
    import chromadb  # noqa: F401  (slow import, only when a store is opened)
    from chromadb.config import Settings as ChromaSettings

    logging.getLogger("chromadb").setLevel(logging.ERROR)
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def server_client(settings: Settings):
    import chromadb

    try:
        return chromadb.HttpClient(
            host=settings.store.host, port=settings.store.port, settings=_chroma_settings()
        )
    except Exception as exc:  # connection refused, ...
        raise StoreError(
            f"无法打开知识库（{where_label(settings)}）：{exc}", hint=SERVER_HINT
        ) from exc


def check_collection_name(name: str) -> None:
    if name.endswith(LEDGER_SUFFIX):
        raise StoreError(
            f"集合名 {name} 以 {LEDGER_SUFFIX} 结尾，这个后缀留给知识库清单使用。",
            hint="请在 store.collection 中换一个名字。",
        )


def _client(settings: Settings):
    if settings.uses_chroma_server:
        return server_client(settings)
    import chromadb

    try:
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(
            path=str(settings.chroma_path), settings=_chroma_settings()
        )
    except Exception as exc:  # unreadable directory, malformed database, ...
        raise StoreError(
            f"无法打开知识库（{where_label(settings)}）：{exc}", hint=store_hint(settings)
        ) from exc


def forget_clients() -> None:
    """Drop chromadb's per-path client cache (after the directory was moved aside)."""
    try:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # an older or newer chromadb without the cache: nothing to forget
        pass


def drop_collection(settings: Settings) -> None:
    """Delete this knowledge base's vector collection, and only it (never its ledger)."""
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
        name = settings.store.collection
        check_collection_name(name)
        self._client = _client(settings)
        try:
            self._col = self._client.get_or_create_collection(
                name=name,
                metadata={MODEL_KEY: model_name, "hnsw:space": "cosine"},
                embedding_function=None,
            )
        except Exception as exc:
            raise StoreError(
                f"无法打开知识库集合 {name}（{where_label(settings)}）：{exc}",
                hint=store_hint(settings),
            ) from exc
        index_model = (self._col.metadata or {}).get(MODEL_KEY)
        if index_model != model_name:
            if self.count() == 0:  # nothing indexed yet: adopt the current model
                self._client.delete_collection(name)
                self._col = self._client.create_collection(
                    name=name,
                    metadata={MODEL_KEY: model_name, "hnsw:space": "cosine"},
                    embedding_function=None,
                )
            else:
                raise mismatch_error(str(index_model), model_name)
        self._max_batch = int(getattr(self._client, "get_max_batch_size", lambda: 1000)() or 1000)

    def _call(self, what: str, fn, *args, **kwargs):
        """A Chroma call; its failure (server away, malformed database) as one StoreError."""
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise StoreError(
                f"知识库{what}失败（{where_label(self.settings)}，集合 "
                f"{self.settings.store.collection}）：{exc}",
                hint=store_hint(self.settings),
            ) from exc

    def count(self) -> int:
        return self._call("计数", self._col.count)

    def add(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        step = max(1, min(self._max_batch, 1000))
        for i in range(0, len(ids), step):
            self._call(
                "写入",
                self._col.upsert,
                ids=list(ids[i : i + step]),
                embeddings=vectors[i : i + step],
                documents=list(texts[i : i + step]),
                metadatas=list(metadatas[i : i + step]),
            )

    def delete(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        step = max(1, min(self._max_batch, 1000))
        for i in range(0, len(ids), step):
            self._call("删除", self._col.delete, ids=ids[i : i + step])

    def ids(self) -> list[str]:
        return list(self._call("读取", self._col.get, include=[])["ids"])

    def query(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the n nearest chunks matching `where`."""
        if n <= 0:
            return []
        result = self._call(
            "检索",
            self._col.query,
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
