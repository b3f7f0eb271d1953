"""`zongjie ingest`: files or folders into the knowledge base, all-or-nothing per run.

Order of work: read and chunk every file (nothing written), journal the ids it will write,
embed in full batches and write vectors, commit the ledger (the one atomic step), then delete
replaced vectors. A run killed
before the commit leaves the knowledge base as before; after it, as after.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.chunking import Chunk, chunk_document
from assistant.errors import DocumentError
from assistant.ledger import ChunkRecord, DocRecord, Ledger
from assistant.lexical import tokenize
from assistant.loaders import SUPPORTED, LoadedDocument, load_document

#: progress(done, total, what): called as chunks are embedded
Progress = Callable[[int, int, str], None]


@dataclass
class IngestReport:
    files: int = 0  # files added or replaced
    chunks: int = 0  # chunks written
    seconds: float = 0.0
    errors: list[DocumentError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # unchanged (or duplicate) files
    doc_ids: list[str] = field(default_factory=list)
    replaced: int = 0  # of `files`, how many replaced an older version
    warnings: list[str] = field(default_factory=list)  # "path：what was repaired on reading"

    @property
    def ok(self) -> bool:
        """False only when files were given and none could be ingested or was already there."""
        return bool(self.files or self.skipped or not self.errors)

    def summary(self) -> str:
        line = f"导入 {self.files} 个文件，{self.chunks} 个片段，用时 {self.seconds:.1f} 秒"
        extras = []
        if self.replaced:
            extras.append(f"其中 {self.replaced} 个文件内容有变化，已替换旧版本")
        if self.skipped:
            extras.append(f"{len(self.skipped)} 个文件未变化，已跳过")
        if self.errors:
            extras.append(f"{len(self.errors)} 个文件无法导入")
        text = line + ("；" + "；".join(extras) if extras else "") + "。"
        return text + "".join(f"\n提示：{w}" for w in self.warnings)


@dataclass
class _Pending:
    loaded: LoadedDocument
    source: str
    chunks: list[Chunk]
    replaces: str | None  # doc_id of the older version of this file


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[DocumentError]]:
    """Files to ingest: given files as they are, folders searched recursively."""
    files: list[Path] = []
    errors: list[DocumentError] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                errors.append(
                    DocumentError(str(path), "文件夹里没有可导入的文件（.txt、.md、.docx、.pdf）。")
                )
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(DocumentError(str(path), "找不到这个文件或文件夹。"))
    return list(dict.fromkeys(files)), errors


def chunk_record(chunk: Chunk) -> ChunkRecord:
    return ChunkRecord(
        chunk_id=chunk.chunk_id,
        doc_id=chunk.doc_id,
        text=chunk.text,
        title=chunk.title or "",
        unit=chunk.unit or "",
        period=chunk.period or "",
        role=chunk.role,
        heading_path=chunk.heading_path or "",
        position=chunk.position,
        tokens=" ".join(tokenize(chunk.embed_text)),
    )


def store_metadata(record: ChunkRecord) -> dict[str, Any]:
    """What Chroma keeps beside each vector: enough to filter, and to read the index alone."""
    return {
        "doc_id": record.doc_id,
        "title": record.title,
        "unit": record.unit,
        "period": record.period,
        "role": record.role,
        "heading_path": record.heading_path,
        "position": record.position,
    }


class Ingestor:
    """Reads files, writes their vectors, commits the ledger last."""

    def __init__(self, ledger: Ledger, store: Any, embedder: Any, model_name: str):
        self.ledger = ledger
        self.store = store
        self.embedder = embedder
        self.model_name = model_name

    def run(
        self,
        paths: Iterable[str | Path],
        progress: Progress | None = None,
        metadata: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> IngestReport:
        """Ingest paths; `metadata` maps a file's resolved path to title/unit/period overrides."""
        started = time.perf_counter()
        report = IngestReport()
        files, report.errors = collect_files(paths)
        pending = self._prepare(files, report, metadata or {})
        if pending:
            self._write(pending, report, progress)
        report.seconds = time.perf_counter() - started
        return report

    def _prepare(
        self, files: list[Path], report: IngestReport, metadata: Mapping[str, Mapping[str, Any]]
    ) -> list[_Pending]:
        pending: list[_Pending] = []
        seen: set[str] = set()
        for path in files:
            source = str(path.resolve())
            try:
                loaded = load_document(path)
            except DocumentError as exc:
                report.errors.append(exc)
                continue
            except MemoryError:
                report.errors.append(DocumentError(str(path), "文件太大，内存不足，无法读取。"))
                continue
            report.warnings.extend(f"{path}：{w}" for w in loaded.warnings)
            previous = self.ledger.doc_by_source(source)
            if loaded.sha256 in seen or (previous and previous.sha256 == loaded.sha256):
                report.skipped.append(str(path))
                continue
            same = self.ledger.doc_by_sha(loaded.sha256)
            if same is not None:  # identical content already indexed from another path
                report.skipped.append(str(path))
                continue
            meta = {"doc_id": loaded.doc_id, **dict(metadata.get(source, {}))}
            chunks = chunk_document(loaded, meta)
            if not chunks:
                report.errors.append(DocumentError(str(path), "文件里没有可以导入的正文段落。"))
                continue
            seen.add(loaded.sha256)
            pending.append(_Pending(loaded, source, chunks, previous.doc_id if previous else None))
        return pending

    def _write(
        self, pending: list[_Pending], report: IngestReport, progress: Progress | None
    ) -> None:
        records = [chunk_record(c) for p in pending for c in p.chunks]
        texts = [c.embed_text for p in pending for c in p.chunks]
        total = len(records)
        batch = max(1, int(getattr(self.embedder, "batch_size", 32)))
        # the journal names every id this run may leave behind: the cleanup after a kill
        # deletes those and nothing else
        replaced = [
            i
            for p in pending
            for old in (p.replaces, p.loaded.doc_id)
            if old in self.ledger.docs
            for i in self.ledger.docs[old].chunk_ids
        ]
        self.ledger.begin([r.chunk_id for r in records] + replaced)
        if progress:
            progress(0, total, "嵌入")
        for i in range(0, total, batch):
            part = records[i : i + batch]
            vectors = self.embedder.encode_passages(texts[i : i + batch])
            self.store.add(
                [r.chunk_id for r in part],
                vectors,
                [r.text for r in part],
                [store_metadata(r) for r in part],
            )
            if progress:
                progress(min(i + batch, total), total, "嵌入")
        stale: list[str] = []
        now = datetime.now(UTC).isoformat(timespec="seconds")
        by_id = {r.chunk_id: r for r in records}
        for p in pending:
            if p.replaces:
                stale.extend(self.ledger.drop(p.replaces))
            loaded = p.loaded
            first = p.chunks[0]
            doc = DocRecord(
                doc_id=first.doc_id,
                title=first.title or loaded.title,
                unit=first.unit or "",
                period=first.period or "",
                source=p.source,
                sha256=loaded.sha256,
                format=loaded.format,
                ingested_at=now,
            )
            stale.extend(self.ledger.put(doc, [by_id[c.chunk_id] for c in p.chunks]))
            report.files += 1
            report.replaced += bool(p.replaces)
            report.chunks += len(p.chunks)
            report.doc_ids.append(doc.doc_id)
        self.ledger.embedding_model = self.model_name
        self.ledger.commit()  # the moment the new state becomes the state
        live = set(self.ledger.chunks)
        self.store.delete([i for i in dict.fromkeys(stale) if i not in live])
        self.ledger.end()
