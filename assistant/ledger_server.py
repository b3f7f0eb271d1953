"""The ledger of a knowledge base kept in a Chroma server, beside its vectors.

One ledger collection per knowledge base (`<collection>.ledger`) holds small records:
  head          the documents, the embedding model and the generation (the one atomic write)
  chunk:<id>    one chunk record each, written before the head that lists it
  journal       the ids an unfinished run may have left in the vector collection
  lease         the write lock: owner and expiry
So every app instance that points at the same server and collection sees the same knowledge
base, and two collections never touch each other.

Chroma has no locks or compare-and-swap, so the lease uses Fischer's timed protocol: take it
only when it is free or expired, write it, wait SETTLE seconds, read it back; whoever still
reads their own name holds it. A holder renews it every TTL/3 seconds from a thread; a holder
killed with -9 stops renewing and the lease expires after TTL seconds (at once on the same
host, where a dead process id is visible). Clocks of the app machines must agree to within a
few seconds of TTL.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from assistant.errors import StoreError
from assistant.settings import Settings
from assistant.store import LEDGER_SUFFIX

HEAD, JOURNAL, LEASE = "head", "journal", "lease"
CHUNK = "chunk:"
TTL = 60.0  # seconds a lease lives without renewal
SETTLE = 0.5  # Fischer's delay: longer than one lease read-then-write by a contender
WAIT = 900.0  # how long a writer waits for another instance to finish before giving up
_DUMMY = [1.0]  # ledger records need an embedding; they are only ever fetched by id


def ledger_collection_name(collection: str) -> str:
    return collection + LEDGER_SUFFIX


class ServerBackend:
    """The ledger of one collection in a Chroma server (see the module docstring)."""

    def __init__(self, client: Any, collection: str, where: str):
        self.where = f"{where} 中的集合 {ledger_collection_name(collection)}"
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        try:
            self._col = client.get_or_create_collection(
                ledger_collection_name(collection), embedding_function=None
            )
        except Exception as exc:
            raise StoreError(f"无法打开知识库清单（{self.where}）：{exc}") from exc
        self._max = int(getattr(client, "get_max_batch_size", lambda: 1000)() or 1000)
        self._stored: set[str] = set()  # chunk records known to be in the server
        self._held = 0  # lock depth in this process
        self._lost = False
        self._renewer: threading.Thread | None = None
        self._stop = threading.Event()

    # -- records
    def _call(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # connection refused, server error, ...
            raise StoreError(
                f"知识库清单（{self.where}）{what}失败：{exc}",
                hint="请检查 Chroma 服务是否在运行（store.host / store.port）。",
            ) from exc

    def _get(self, ids: list[str], include: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        step = max(1, min(self._max, 1000))
        for i in range(0, len(ids), step):
            got = self._call("读取", self._col.get, ids=ids[i : i + step], include=include)
            key = include[0] if include else None
            for n, rid in enumerate(got["ids"]):
                out[rid] = got[key][n] if key else None
        return out

    def _put(self, ids: list[str], documents: list[str], metadatas: list[dict] | None = None):
        step = max(1, min(self._max, 1000))
        for i in range(0, len(ids), step):
            part = ids[i : i + step]
            kwargs: dict[str, Any] = {
                "ids": part,
                "documents": documents[i : i + step],
                "embeddings": [_DUMMY] * len(part),
            }
            if metadatas is not None:
                kwargs["metadatas"] = metadatas[i : i + step]
            self._call("写入", self._col.upsert, **kwargs)

    def _delete(self, ids: list[str]) -> None:
        step = max(1, min(self._max, 1000))
        for i in range(0, len(ids), step):
            self._call("删除", self._col.delete, ids=ids[i : i + step])

    # -- LedgerBackend
    def load(self) -> dict[str, Any] | None:
        head = self._get([HEAD], ["documents"]).get(HEAD)
        if head is None:
            return None
        data = json.loads(head)
        ids = [c for d in data.get("docs", []) for c in d.get("chunk_ids", [])]
        found = self._get([CHUNK + i for i in ids], ["documents"])
        if len(found) != len(set(ids)):
            raise StoreError(
                f"知识库清单（{self.where}）不完整：缺少 {len(set(ids)) - len(found)} 个片段记录。",
                hint="请检查 Chroma 服务的数据是否完好。",
            )
        self._stored = set(ids)
        data["chunks"] = [json.loads(found[CHUNK + i]) for i in dict.fromkeys(ids)]
        return data

    def save(self, data: dict[str, Any]) -> None:
        self._check_held()
        chunks = {c["chunk_id"]: c for c in data["chunks"]}
        new = [i for i in chunks if i not in self._stored]
        self._put(
            [CHUNK + i for i in new], [json.dumps(chunks[i], ensure_ascii=False) for i in new]
        )
        head = {k: v for k, v in data.items() if k != "chunks"}
        self._put(
            [HEAD],
            [json.dumps(head, ensure_ascii=False)],
            [{"generation": int(data["generation"])}],
        )
        gone = [CHUNK + i for i in self._stored if i not in chunks]
        self._stored = set(chunks)
        self._delete(gone)  # records no head lists any more; a kill here leaves harmless extras

    def version(self) -> Any:
        got = self._get([HEAD], ["metadatas"]).get(HEAD)
        return (got or {}).get("generation", 0)

    def journal(self) -> set[str] | None | bool:
        raw = self._get([JOURNAL], ["documents"]).get(JOURNAL)
        if raw is None:
            return None
        try:
            return set(json.loads(raw)["ids"])
        except (ValueError, KeyError, TypeError):
            return True

    def begin(self, ids: list[str]) -> None:
        self._put([JOURNAL], [json.dumps({"owner": self.owner, "ids": ids})])

    def end(self) -> None:
        self._delete([JOURNAL])

    def purge(self) -> int:
        """Delete chunk records no head lists (left by a run killed between head and cleanup)."""
        listed = self._call("读取", self._col.get, include=[])["ids"]
        extra = [i for i in listed if i.startswith(CHUNK) and i[len(CHUNK) :] not in self._stored]
        self._delete(extra)
        return len(extra)

    # -- the lease
    def _lease(self) -> dict[str, Any] | None:
        return self._get([LEASE], ["metadatas"]).get(LEASE)

    def _free(self, lease: dict[str, Any] | None) -> bool:
        if not lease or lease.get("owner") == self.owner:
            return True
        if float(lease.get("expires", 0)) < time.time():
            return True
        host, _, rest = str(lease.get("owner", "")).partition(":")
        if host == socket.gethostname():  # same machine: a dead holder frees it at once
            try:
                os.kill(int(rest.split(":")[0]), 0)
            except ProcessLookupError:
                return True
            except (ValueError, PermissionError):
                pass
        return False

    def _write_lease(self) -> None:
        meta = {"owner": self.owner, "expires": time.time() + TTL}
        self._put([LEASE], [self.owner], [meta])

    def _acquire_once(self) -> bool:
        if not self._free(self._lease()):
            return False
        self._write_lease()
        time.sleep(SETTLE)
        lease = self._lease()
        return bool(lease) and lease.get("owner") == self.owner

    def _check_held(self) -> None:
        if self._held and self._lost:
            raise StoreError(
                "写入锁已失效（另一个实例接手了知识库），本次写入已放弃。",
                hint="请稍后重试；已提交的内容不受影响。",
            )

    def _renew(self) -> None:
        while not self._stop.wait(TTL / 3):
            try:
                lease = self._lease()
                if not lease or lease.get("owner") != self.owner:
                    self._lost = True
                    return
                self._write_lease()
            except StoreError:
                continue  # the server is briefly away: try again at the next tick

    def _take(self) -> None:
        self._held += 1
        if self._held == 1:
            self._lost = False
            self._stop.clear()
            self._renewer = threading.Thread(target=self._renew, daemon=True, name="kb-lease")
            self._renewer.start()

    def _release(self) -> None:
        self._held -= 1
        if self._held:
            return
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=30)  # no renewal may land after the release
        lease = self._lease()
        if lease and lease.get("owner") == self.owner:
            self._delete([LEASE])

    @contextmanager
    def lock(self) -> Iterator[None]:
        if not self._held:
            deadline = time.monotonic() + WAIT
            while not self._acquire_once():
                if time.monotonic() > deadline:
                    owner = (self._lease() or {}).get("owner", "另一个实例")
                    raise StoreError(
                        f"知识库正被 {owner} 写入，等待 {WAIT:.0f} 秒后仍未结束。",
                        hint="请稍后重试。",
                    )
                time.sleep(SETTLE)
        self._take()
        try:
            yield
        finally:
            self._release()

    @contextmanager
    def try_lock(self) -> Iterator[bool]:
        if not self._held and not self._acquire_once():
            yield False
            return
        self._take()
        try:
            yield True
        finally:
            self._release()


def open_server_ledger(cls, settings: Settings, old: Any):
    """The ledger of settings.store.collection in the Chroma server; adopts `old`, the local
    file backend the ledger had before (passed in, so this module never imports assistant.ledger)."""
    from assistant.store import server_client

    client = server_client(settings)
    where = f"Chroma 服务 {settings.store.host}:{settings.store.port}"
    ledger = cls(ServerBackend(client, settings.store.collection, where))
    ledger.reload()
    if old.path.exists():
        _adopt(ledger, cls(old))
    return ledger


def _adopt(ledger, local) -> None:
    """Before the ledger moved into the server it was a file in each data directory: merge it.

    Its documents join the shared ledger (nothing is lost); vectors the server lacks are
    re-embedded by the reconcile that the journal triggers; the file is then renamed.
    """
    local.reload()
    with ledger.lock():
        ledger.reload()
        added = [d for d in local.docs.values() if d.doc_id not in ledger.docs]
        if added:
            ledger.begin([])
            for doc in added:
                ledger.put(doc, [local.chunks[i] for i in doc.chunk_ids if i in local.chunks])
            ledger.embedding_model = ledger.embedding_model or local.embedding_model
            ledger.commit()
        path = local.path
        os.replace(path, path.with_name(path.name + ".migrated"))
