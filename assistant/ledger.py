"""The knowledge-base ledger: which documents and chunks the index holds, committed atomically.

The ledger is the source of truth. Ingest writes its journal (the ids it is about to write),
then the vectors, and commits the ledger last, so a run killed at any moment leaves the ledger
as it was before or as it is after. Vectors that the store holds but the ledger does not are
ignored by search; `reconcile` deletes those the journal names, and only those: ids this
ledger once wrote, never another knowledge base's.

Where the ledger lives (`LedgerBackend`): a JSON file beside the embedded Chroma directory
(`FileBackend`, locked with flock), or, with a Chroma server, a ledger collection in that server
(`assistant.ledger_server.ServerBackend`, locked with a lease), so every app instance that uses
the same server and collection sees the same knowledge base.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

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


class LedgerBackend(Protocol):
    """Where a ledger is kept: load and save it whole, its journal, and its write lock."""

    where: str

    def load(self) -> dict[str, Any] | None: ...
    def save(self, data: dict[str, Any]) -> None: ...
    def version(self) -> Any: ...
    def journal(self) -> set[str] | None | bool: ...
    def begin(self, ids: list[str]) -> None: ...
    def end(self) -> None: ...
    def lock(self) -> Any: ...
    def try_lock(self) -> Any: ...


class FileBackend:
    """One JSON file (temp file, fsync, rename), a journal file beside it, flock for writers."""

    def __init__(self, path: Path):
        self.path = path
        self.journal_path = path.with_suffix(".pending")
        self.lock_path = path.parent / "write.lock"
        self.where = str(path)

    def load(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"知识库清单 {self.path} 无法读取：{exc}",
                hint="可删除数据目录中的 kb 与 chroma 文件夹后重新导入文档。",
            ) from exc

    def save(self, data: dict[str, Any]) -> None:
        _write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    def version(self) -> Any:
        try:
            return self.path.stat().st_mtime_ns
        except OSError:
            return 0

    def journal(self) -> set[str] | None | bool:
        """None: no run left work; a set: the ids it may have left; True: unknown (old format)."""
        try:
            raw = self.journal_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError:
            return True
        try:
            return set(json.loads(raw)["ids"])
        except (ValueError, KeyError, TypeError):
            return True  # a journal from before ids were recorded

    def begin(self, ids: list[str]) -> None:
        _write_atomic(self.journal_path, json.dumps({"ids": ids}))

    def end(self) -> None:
        self.journal_path.unlink(missing_ok=True)

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextmanager
    def try_lock(self) -> Iterator[bool]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.lock_path, "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    """Temp file, fsync, rename, fsync the folder: the file is the old one or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ledger-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the ledger is ordinary data
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def file_backend(settings: Settings) -> FileBackend:
    return FileBackend(ledger_dir(settings) / f"{settings.store.collection}.ledger.json")


class Ledger:
    """Documents and chunks of one collection, loaded from and saved to its backend."""

    def __init__(self, backend: LedgerBackend):
        self.backend = backend
        self.embedding_model: str | None = None
        self.docs: dict[str, DocRecord] = {}
        self.chunks: dict[str, ChunkRecord] = {}
        self.generation = 0  # bumped on every commit; caches key on it

    @classmethod
    def open(cls, settings: Settings) -> Ledger:
        if settings.uses_chroma_server:
            from assistant.ledger_server import open_server_ledger

            return open_server_ledger(cls, settings, file_backend(settings))
        ledger = cls(file_backend(settings))
        ledger.reload()
        return ledger

    @property
    def path(self) -> Path:
        """The ledger file (embedded mode)."""
        return self.backend.path  # type: ignore[attr-defined]

    @property
    def where(self) -> str:
        return self.backend.where

    def reload(self) -> None:
        data = self.backend.load()
        if data is None:
            return
        try:
            self.embedding_model = data.get("embedding_model")
            self.generation = int(data.get("generation", 0))
            self.docs = {d["doc_id"]: DocRecord(**d) for d in data.get("docs", [])}
            self.chunks = {c["chunk_id"]: ChunkRecord(**c) for c in data.get("chunks", [])}
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise StoreError(
                f"知识库清单 {self.where} 无法读取：{exc}",
                hint="可删除数据目录中的 kb 与 chroma 文件夹后重新导入文档。",
            ) from exc

    def version(self) -> Any:
        return self.backend.version()

    @property
    def interrupted(self) -> bool:
        """True when a previous ingest or removal did not finish (its vectors may linger)."""
        return self.backend.journal() is not None

    def journal_ids(self) -> set[str] | None:
        """Ids the unfinished run may have left in the store; None when it did not say."""
        found = self.backend.journal()
        return found if isinstance(found, set) else None

    def begin(self, ids: Iterable[str] = ()) -> None:
        """Record the ids a run is about to write or delete, before it touches the store."""
        self.backend.begin(list(dict.fromkeys(ids)))

    def end(self) -> None:
        self.backend.end()

    def lock(self):
        return self.backend.lock()

    def try_lock(self):
        return self.backend.try_lock()

    def to_data(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "embedding_model": self.embedding_model,
            "generation": self.generation,
            "docs": [asdict(d) for d in self.docs.values()],
            "chunks": [asdict(c) for c in self.chunks.values()],
        }

    def commit(self) -> None:
        """Save the whole ledger atomically: the moment the new state becomes the state."""
        self.generation += 1
        self.backend.save(self.to_data())

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
