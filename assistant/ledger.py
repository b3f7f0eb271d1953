"""The knowledge-base ledger: which documents and chunks the index holds, committed atomically.

The ledger is the source of truth. Ingest writes vectors to Chroma first and commits the
ledger last (write a temp file, fsync, rename), so a run killed at any moment leaves the
ledger as it was before or as it is after. Vectors that Chroma holds but the ledger does not
are ignored by search and deleted by `reconcile` on the next open (a journal file marks runs
that did not finish).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import StoreError
from assistant.settings import Settings

VERSION = 1


@dataclass
class ChunkRecord:
    chunk_id: str  # id in the vector store; unique per document content
    doc_id: str
    text: str
    title: str
    unit: str
    period: str
    role: str
    heading_path: str
    position: int
    tokens: str  # jieba tokens joined by spaces, so BM25 opens without re-tokenising


@dataclass
class DocRecord:
    doc_id: str
    title: str
    unit: str
    period: str
    source: str
    sha256: str
    format: str
    chunk_ids: list[str] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)
    ingested_at: str = ""


def ledger_dir(settings: Settings) -> Path:
    return settings.data_dir / "kb"


class Ledger:
    """Documents and chunks of one collection, loaded from and saved to one JSON file."""

    def __init__(self, path: Path):
        self.path = path
        self.journal = path.with_suffix(".pending")
        self.embedding_model: str | None = None
        self.docs: dict[str, DocRecord] = {}
        self.chunks: dict[str, ChunkRecord] = {}
        self.generation = 0  # bumped on every commit; caches key on it

    @classmethod
    def open(cls, settings: Settings) -> Ledger:
        ledger = cls(ledger_dir(settings) / f"{settings.store.collection}.ledger.json")
        ledger.reload()
        return ledger

    def reload(self) -> None:
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.embedding_model = data.get("embedding_model")
            self.generation = int(data.get("generation", 0))
            self.docs = {d["doc_id"]: DocRecord(**d) for d in data.get("docs", [])}
            self.chunks = {c["chunk_id"]: ChunkRecord(**c) for c in data.get("chunks", [])}
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise StoreError(
                f"知识库清单 {self.path} 无法读取：{exc}",
                hint="可删除数据目录中的 kb 与 chroma 文件夹后重新导入文档。",
            ) from exc

    @property
    def interrupted(self) -> bool:
        """True when a previous ingest or removal did not finish (its vectors may linger)."""
        return self.journal.exists()

    def begin(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.journal.write_text("ingest in progress\n", encoding="utf-8")

    def end(self) -> None:
        self.journal.unlink(missing_ok=True)

    def commit(self) -> None:
        """Write the whole ledger atomically: temp file, fsync, rename, fsync the folder."""
        self.generation += 1
        data: dict[str, Any] = {
            "version": VERSION,
            "embedding_model": self.embedding_model,
            "generation": self.generation,
            "docs": [asdict(d) for d in self.docs.values()],
            "chunks": [asdict(c) for c in self.chunks.values()],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".ledger-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the ledger is ordinary data
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def doc_by_sha(self, sha256: str) -> DocRecord | None:
        return next((d for d in self.docs.values() if d.sha256 == sha256), None)

    def doc_by_source(self, source: str) -> DocRecord | None:
        return next((d for d in self.docs.values() if d.source == source), None)

    def put(self, doc: DocRecord, chunks: list[ChunkRecord]) -> list[str]:
        """Add or replace a document in memory; returns the chunk ids it replaced."""
        old = self.drop(doc.doc_id)
        doc.chunk_ids = [c.chunk_id for c in chunks]
        roles: dict[str, int] = {}
        for c in chunks:
            roles[c.role] = roles.get(c.role, 0) + 1
            self.chunks[c.chunk_id] = c
        doc.roles = roles
        self.docs[doc.doc_id] = doc
        return [i for i in old if i not in self.chunks]

    def drop(self, doc_id: str) -> list[str]:
        """Remove a document in memory; returns its chunk ids."""
        doc = self.docs.pop(doc_id, None)
        if doc is None:
            return []
        for chunk_id in doc.chunk_ids:
            self.chunks.pop(chunk_id, None)
        return list(doc.chunk_ids)
