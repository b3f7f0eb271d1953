"""KnowledgeBase: the one facade over ingest, store and retrieval used by the CLI, drafting and UI.

Opening is cheap (reads the ledger only); the embedding model, Chroma and the BM25 index
are loaded on first use and kept for the life of the object.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.embeddings import get_embeddings, model_name_for
from assistant.errors import InputError, StoreError
from assistant.ingest import Ingestor, IngestReport, Progress, store_metadata
from assistant.ledger import Ledger
from assistant.retrieval import Filters, Hit, HybridSearcher, KnowledgeRetriever, LexicalView
from assistant.settings import Settings
from assistant.store import VectorStore, drop_collection, mismatch_error, where_clause

KNOWLEDGE_DIR = Path(__file__).resolve().parents[1] / "knowledge"


@dataclass(frozen=True)
class DocInfo:
    doc_id: str
    title: str
    unit: str
    period: str
    chunks: int
    roles: dict[str, int] = field(default_factory=dict)
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The `kb list --json` record."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "unit": self.unit,
            "period": self.period,
            "chunks": self.chunks,
            "roles": dict(self.roles),
        }


class KnowledgeBase:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.model_name = model_name_for(settings)
        self._ledger: Ledger | None = None
        self._mtime: Any = None
        self._store: VectorStore | None = None
        self._view: LexicalView | None = None
        self._lock = threading.RLock()
        self._holding_lock = False  # this object holds the cross-process write lock

    # ------------------------------------------------------------------ state

    @property
    def ledger(self) -> Ledger:
        """Opened on first use: with a Chroma server it lives there, and a server that is down
        then fails the search or ingest that needs it (drafting turns that into a warning)."""
        with self._lock:
            if self._ledger is None:
                self._ledger = Ledger.open(self.settings)
                self._mtime = self._ledger.version()
            return self._ledger

    def _ledger_mtime(self) -> Any:
        return self.ledger.version()

    def _refresh(self) -> None:
        """Pick up commits made by another process (the CLI while the UI runs, another app)."""
        mtime = self._ledger_mtime()
        if mtime != self._mtime:
            self.ledger.reload()
            self._mtime = mtime

    def _check_model(self) -> None:
        indexed = self.ledger.embedding_model
        if self.ledger.docs and indexed and indexed != self.model_name:
            raise mismatch_error(indexed, self.model_name)

    @property
    def store(self) -> VectorStore:
        with self._lock:
            if self._store is None:
                self._check_model()
                store = VectorStore(self.settings, self.model_name)
                self._store = store
                if self.ledger.interrupted:
                    self._reconcile_if_idle()
                try:
                    self.check_health(store)
                except StoreError:
                    self._store = None  # next use checks again (after kb repair, say)
                    raise
            return self._store

    def check_health(self, store: VectorStore) -> None:
        """Vectors missing (a deleted or replaced chroma.sqlite3): say so, with the fix."""
        have, want = store.count(), len(self.ledger.chunks)
        if have < want:
            self._refresh()  # another process may just have removed documents
            have, want = store.count(), len(self.ledger.chunks)
        if have < want:
            raise StoreError(
                f"知识库不完整：清单中有 {want} 个片段，向量库中只有 {have} 个"
                "（向量库文件可能被删除或替换）。请运行 zongjie kb repair 按清单重建向量库。",
                hint="清单保存着全部文本，重建不会丢失文档；zongjie kb check 可查看详情。",
            )

    def _reconcile_if_idle(self) -> None:
        """Clean up after a killed run, unless another process is writing right now."""
        if self._holding_lock:
            self.reconcile()
            return
        with self.ledger.try_lock() as free:
            if not free:
                return  # a live writer owns the journal; search ignores its vectors meanwhile
            self.ledger.reload()
            if self.ledger.interrupted:
                self.reconcile()

    @property
    def embedder(self):
        return get_embeddings(self.settings)

    def _searcher(self) -> HybridSearcher:
        with self._lock:
            self._refresh()
            self._check_model()
            if self._view is None or self._view.generation != self.ledger.generation:
                self._view = LexicalView(self.ledger)
            retrieval = self.settings.retrieval
            return HybridSearcher(
                self._view, self._dense, rrf_k=retrieval.rrf_k, fusion=retrieval.fusion
            )

    def _dense(self, query: str, n: int, filters: Filters) -> list[tuple[str, float]]:
        vector = self.embedder.encode_query(query)
        where = where_clause(filters.role, filters.unit, filters.period, filters.exclude_doc)
        return self.store.query(vector, n, where)

    @contextmanager
    def _writing(self, check_model: bool = True):
        """One writer at a time across processes and machines; the ledger is re-read under it."""
        with self._lock, self.ledger.lock():
            self._holding_lock = True
            try:
                self.ledger.reload()
                if check_model:
                    self._check_model()
                if self._store is not None and self.ledger.interrupted:
                    self.reconcile()
                yield
            finally:
                self._holding_lock = False
                self._mtime = self._ledger_mtime()
                self._view = None

    def reconcile(self) -> int:
        """After a killed run: delete the vectors its journal names that the ledger does not
        list (never ids another knowledge base wrote), and re-add the ledger's missing ones."""
        store = self._store or self.store
        live = self.ledger.chunks
        named = self.ledger.journal_ids()
        removed = 0
        # look again after deleting: once, under load, one id of a killed run's last batch
        # was still there after the first pass
        for _ in range(3):
            present = set(store.ids())
            orphans = [i for i in present if i not in live and (named is None or i in named)]
            if not orphans:
                break
            store.delete(orphans)
            removed += len(orphans)
        missing = [live[i] for i in live if i not in present]
        if missing:
            self._embed_records(missing)
        purge = getattr(self.ledger.backend, "purge", None)
        if purge is not None:
            purge()
        self.ledger.end()
        return removed + len(missing)

    def _embed_records(self, records, progress: Progress | None = None) -> None:
        batch = max(1, int(getattr(self.embedder, "batch_size", 32)))
        for i in range(0, len(records), batch):
            part = records[i : i + batch]
            texts = [f"{r.heading_path}\n{r.text}" if r.heading_path else r.text for r in part]
            self.store.add(
                [r.chunk_id for r in part],
                self.embedder.encode_passages(texts),
                [r.text for r in part],
                [store_metadata(r) for r in part],
            )
            if progress:
                progress(min(i + batch, len(records)), len(records), "嵌入")

    # ------------------------------------------------------------------ API

    def warm(self) -> None:
        """Load the model, Chroma, jieba and the BM25 view now (the UI calls this at start-up)."""
        from assistant.lexical import tokenize

        tokenize("预热")
        self.embedder.encode_query("预热")
        if not self.is_empty:
            self._searcher()
            _ = self.store

    @property
    def is_empty(self) -> bool:
        self._refresh()
        return not self.ledger.docs

    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: Progress | None = None,
        metadata: dict[str, dict[str, Any]] | None = None,
    ) -> IngestReport:
        paths = list(paths)
        if not paths:
            raise InputError("没有指定要导入的文件或文件夹。")
        with self._writing():
            ingestor = Ingestor(self.ledger, self.store, self.embedder, self.model_name)
            return ingestor.run(paths, progress=progress, metadata=metadata)

    def search(
        self,
        query: str,
        k: int = 5,
        role: str | None = None,
        unit: str | None = None,
        period: str | None = None,
        exclude_doc: str | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        filters = Filters(role=role, unit=unit, period=period, exclude_doc=exclude_doc)
        return self._searcher().search(query, k=k, filters=filters, mode=mode)

    def retriever(self, k: int = 5, **filters: Any) -> KnowledgeRetriever:
        Filters(**filters)  # validate now, not at the first query
        return KnowledgeRetriever(kb=self, k=k, **filters)

    def list_documents(self) -> list[DocInfo]:
        self._refresh()
        return [
            DocInfo(d.doc_id, d.title, d.unit, d.period, len(d.chunk_ids), dict(d.roles), d.source)
            for d in sorted(self.ledger.docs.values(), key=lambda d: (d.ingested_at, d.title))
        ]

    def resolve_id(self, doc_id: str) -> str:
        """The full id of the one document whose id is or starts with `doc_id`."""
        self._refresh()
        matches = [d for d in self.ledger.docs if d == doc_id or d.startswith(doc_id)]
        if len(matches) != 1:
            raise InputError(
                f"知识库里没有编号为 {doc_id} 的文档。"
                if not matches
                else f"编号 {doc_id} 对应多个文档，请写完整编号。",
                hint="用 zongjie kb list 查看文档编号。",
            )
        return matches[0]

    def remove(self, doc_id: str) -> DocInfo:
        with self._writing():
            doc = self.ledger.docs[self.resolve_id(doc_id)]
            info = DocInfo(
                doc.doc_id, doc.title, doc.unit, doc.period, len(doc.chunk_ids), dict(doc.roles)
            )
            store = self.store
            self.ledger.begin(doc.chunk_ids)
            ids = self.ledger.drop(doc.doc_id)
            self.ledger.commit()
            store.delete(ids)
            self.ledger.end()
            return info

    def reindex(self, progress: Progress | None = None, before_build=None) -> int:
        """Re-embed every chunk with the current model, in this knowledge base's own collection
        only. `before_build` runs under the write lock once the old collection is let go
        (kb repair moves a broken directory aside there)."""
        with self._writing(check_model=False):
            self._store = None
            records = list(self.ledger.chunks.values())
            if before_build is not None:
                before_build()
            else:
                drop_collection(self.settings)
            self.ledger.begin(self.ledger.chunks)
            self._store = VectorStore(self.settings, self.model_name)
            self._embed_records(records, progress)
            self.ledger.embedding_model = self.model_name
            self.ledger.commit()
            self.ledger.end()
            return len(records)

    def ensure_builtin(
        self, progress: Progress | None = None, knowledge_dir: Path | None = None
    ) -> IngestReport | None:
        """Ingest the bundled sample reports (knowledge/) when the index is empty."""
        if not self.is_empty:
            return None
        folder = knowledge_dir or KNOWLEDGE_DIR
        catalog = builtin_catalog(folder)
        files = [folder / name for name in catalog] or sorted(folder.glob("*.txt"))
        metadata = {str(p.resolve()): catalog.get(p.name, {}) for p in files}
        return self.ingest(files, progress=progress, metadata=metadata)


def builtin_catalog(folder: Path) -> dict[str, dict[str, Any]]:
    """knowledge/catalog.json as {file name: {title, unit, period}}."""
    path = folder / "catalog.json"
    if not path.exists():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"内置知识库目录 {path} 无法读取：{exc}") from exc
    return {
        e["file"]: {k: e.get(k) for k in ("title", "unit", "period") if e.get(k)}
        for e in entries
        if (folder / e["file"]).exists()
    }
