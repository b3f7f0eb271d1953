"""`kb check` and `kb repair`: is the vector store whole, and a way back when it is not.

The ledger keeps every chunk's text, so a store that was deleted, truncated or replaced can
always be rebuilt from it: embedded mode moves the broken directory aside first (nothing is
deleted), server mode rebuilds this knowledge base's own collection.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.errors import StoreError, user_message
from assistant.kb import KnowledgeBase
from assistant.store import VectorStore, drop_collection, forget_clients, where_label

REPAIR = "zongjie kb repair"
PASSAGES_PER_SECOND = 4.0  # the bundled e5 encoder on a 2-core machine (README benchmarks)


@dataclass
class Health:
    """The `kb check --json` record."""

    collection: str
    mode: str  # "embedded" | "server"
    where: str
    ledger: str
    documents: int
    ledger_chunks: int
    store_vectors: int | None = None  # None: the store could not be opened
    missing: int = 0  # chunks the ledger lists without a vector
    orphans: int = 0  # vectors the ledger does not list
    interrupted: bool = False  # a run did not finish (cleaned at the next open)
    embedding_model: str | None = None
    current_model: str = ""
    problems: list[str] = field(default_factory=list)
    fix: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def check(kb: KnowledgeBase) -> Health:
    """Compare the ledger with the vector store, id by id; never changes anything."""
    settings = kb.settings
    ledger = kb.ledger
    health = Health(
        collection=settings.store.collection,
        mode="server" if settings.uses_chroma_server else "embedded",
        where=where_label(settings),
        ledger=ledger.where,
        documents=len(ledger.docs),
        ledger_chunks=len(ledger.chunks),
        interrupted=ledger.interrupted,
        embedding_model=ledger.embedding_model,
        current_model=kb.model_name,
    )
    if ledger.docs and ledger.embedding_model and ledger.embedding_model != kb.model_name:
        health.problems.append(
            f"索引是用嵌入模型 {ledger.embedding_model} 建立的，当前设置为 {kb.model_name}。"
        )
        health.fix = "zongjie kb reindex"
        return health
    try:
        ids = set(VectorStore(settings, kb.model_name).ids())
    except StoreError as exc:
        health.problems.append(user_message(exc))
        health.fix = None if settings.uses_chroma_server else REPAIR
        return health
    live = set(ledger.chunks)
    health.store_vectors = len(ids)
    health.missing = len(live - ids)
    health.orphans = len(ids - live)
    if health.missing:
        health.problems.append(
            f"清单中有 {health.missing} 个片段在向量库中没有向量，检索会漏掉它们。"
        )
        health.fix = REPAIR
    return health


def estimate_seconds(chunks: int) -> float:
    return chunks / PASSAGES_PER_SECOND


def move_aside(path: Path) -> Path | None:
    """Rename a broken embedded store to <name>.broken-<time>; nothing is deleted."""
    if not path.exists():
        return None
    target = path.with_name(f"{path.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{path.name}.broken-{datetime.now():%Y%m%d-%H%M%S}-{n}")
    path.rename(target)
    forget_clients()
    return target


@dataclass
class RepairReport:
    chunks: int
    seconds: float
    moved_to: str | None


def repair(kb: KnowledgeBase, progress=None) -> RepairReport:
    """Rebuild the vector store from the ledger (under the write lock)."""
    settings = kb.settings
    moved: list[Path | None] = []

    def let_go() -> None:
        if settings.uses_chroma_server:
            drop_collection(settings)  # this knowledge base's collection only
        else:
            moved.append(move_aside(settings.chroma_path))

    started = time.perf_counter()
    count = kb.reindex(progress=progress, before_build=let_go)
    where = moved[0] if moved else None
    return RepairReport(count, time.perf_counter() - started, str(where) if where else None)
