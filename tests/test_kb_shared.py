"""One knowledge base = one collection on a real `chroma run` server, its ledger beside it.

Two app processes ingest into the same KB at once; two KBs share a server, one is killed with
-9 mid-ingest; counts are checked id by id: nothing lost, nothing duplicated, and neither KB's
cleanup or reindex touches the other.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from test_chroma_server import chroma_server  # noqa: F401  (the fixture)

from assistant.kb import KnowledgeBase
from assistant.settings import StoreSettings
from assistant.store import VectorStore

pytestmark = pytest.mark.slow  # a server process, subprocess ingests, a kill -9

ROOT = Path(__file__).resolve().parents[1]


def write_reports(folder: Path, first: int, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(first, first + count):
        (folder / f"r{n}.txt").write_text(
            f"测试{n}局工作总结\n一、工作开展情况\n完成道路修补{n * 7 + 3}处。\n"
            f"二、存在的主要问题\n一线人员不足{n + 10}人。\n三、下一步工作计划\n新建公厕{n + 2}座。\n",
            encoding="utf-8",
        )
    return folder


def on_server(settings, port: int, collection: str, data_dir: Path | None = None):
    store = StoreSettings(host="127.0.0.1", port=port, collection=collection)
    shared = replace(settings, store=store)
    return shared.with_data_dir(data_dir) if data_dir else shared


def ingest_process(port: int, collection: str, data_dir: Path, folder: Path, log: Path, **env):
    environ = {
        **os.environ,
        "ZONGJIE_STORE_HOST": "127.0.0.1",
        "ZONGJIE_STORE_PORT": str(port),
        "ZONGJIE_STORE_COLLECTION": collection,
        "PYTHONWARNINGS": "ignore",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "--data-dir", str(data_dir), "ingest", str(folder)],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def raw_ids(settings, model: str) -> list[str]:
    return VectorStore(settings, model).ids()


def assert_whole(kb: KnowledgeBase) -> None:
    """Store and ledger hold the same ids, each once."""
    ids = raw_ids(kb.settings, kb.model_name)
    assert len(ids) == len(set(ids))
    assert set(ids) == set(kb.ledger.chunks)
    assert sum(d.chunks for d in kb.list_documents()) == len(ids)


def test_two_app_processes_ingest_into_the_same_kb_at_once(settings, chroma_server, tmp_path):  # noqa: F811
    port, _ = chroma_server
    a = write_reports(tmp_path / "a", 1, 3)
    b = write_reports(tmp_path / "b", 4, 3)
    procs = [
        ingest_process(port, "shared-kb", tmp_path / f"app{n}", folder, tmp_path / f"{n}.log")
        for n, folder in ((1, a), (2, b))
    ]
    for proc in procs:
        assert proc.wait(timeout=600) == 0, (tmp_path / "1.log").read_text() + (
            tmp_path / "2.log"
        ).read_text()
    # a third instance with its own data directory sees the whole KB
    kb = KnowledgeBase(on_server(settings, port, "shared-kb", tmp_path / "app3"))
    titles = sorted(d.title for d in kb.list_documents())
    assert titles == sorted(f"测试{n}局工作总结" for n in range(1, 7))
    assert_whole(kb)
    assert not list((tmp_path / "app1").rglob("*.ledger.json"))  # the ledger is in the server
    assert "修补10处" in kb.search("完成道路修补10处", k=1)[0].text  # from process 1
    assert "修补38处" in kb.search("完成道路修补38处", k=1)[0].text  # from process 2


def test_two_kbs_on_one_server_with_kill_9_mid_ingest(settings, chroma_server, tmp_path):  # noqa: F811
    port, _ = chroma_server
    kb_a = KnowledgeBase(on_server(settings, port, "kb-a", tmp_path / "da"))
    kb_a.ingest([write_reports(tmp_path / "fa", 20, 2)])
    a_ids = sorted(raw_ids(kb_a.settings, kb_a.model_name))
    b_settings = on_server(settings, port, "kb-b", tmp_path / "db")
    KnowledgeBase(b_settings).ingest([write_reports(tmp_path / "fb0", 30, 1)])
    b_before = set(KnowledgeBase(b_settings).ledger.chunks)

    # 24 reports: six (24 chunks) embedded in 0.4 s on a fast machine, and the progress bar
    # (redrawn every 0.1 s) could first show "24/24", after the ledger's commit (2026-12)
    folder = write_reports(tmp_path / "fb", 40, 24)
    log = tmp_path / "b.log"
    proc = ingest_process(
        port, "kb-b", tmp_path / "db", folder, log, ZONGJIE_EMBEDDING_BATCH_SIZE="1"
    )
    deadline, done, total = time.monotonic() + 300, 0, 0
    while time.monotonic() < deadline and proc.poll() is None:
        counts = re.findall(r"(\d+)/(\d+)", log.read_text(encoding="utf-8", errors="ignore"))
        done = max((int(d) for d, _ in counts), default=0)
        total = max((int(t) for _, t in counts), default=0)
        if done >= 4:  # vectors written, ledger not committed
            break
        time.sleep(0.05)
    assert proc.poll() is None and done < total, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    left = set(raw_ids(b_settings, kb_a.model_name)) - b_before
    assert len(left) >= 4  # the killed run's vectors are in kb-b's collection
    kb_b = KnowledgeBase(b_settings)
    assert kb_b.ledger.interrupted and set(kb_b.ledger.chunks) == b_before
    assert kb_b.store.count() == len(b_before)  # opening the store reconciled it
    assert not kb_b.ledger.interrupted
    assert_whole(kb_b)  # opening the store cleaned exactly the killed run's ids
    assert sorted(raw_ids(kb_a.settings, kb_a.model_name)) == a_ids  # kb-a untouched
    assert "修补143处" in kb_a.search("完成道路修补143处", k=1)[0].text

    report = kb_b.ingest([folder])  # run again: as after
    assert report.files == 24 and not report.errors
    assert len(kb_b.list_documents()) == 25
    assert_whole(kb_b)
    assert kb_b.reindex() == len(kb_b.ledger.chunks)  # rebuilds kb-b only
    assert_whole(KnowledgeBase(b_settings))
    assert sorted(raw_ids(kb_a.settings, kb_a.model_name)) == a_ids
    assert_whole(KnowledgeBase(kb_a.settings))


def test_the_lease_admits_one_writer_and_frees_a_dead_holders(settings, chroma_server):  # noqa: F811
    import chromadb

    from assistant import ledger_server
    from assistant.ledger_server import ServerBackend

    port, _ = chroma_server
    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    first, second = (ServerBackend(client, "lease-test", "test") for _ in range(2))
    with first.lock():
        with second.try_lock() as got:
            assert got is False  # held by a live writer
        with first.try_lock() as again:
            assert again is True  # re-entrant for its holder
    with second.try_lock() as got:
        assert got is True  # released
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    first.owner = f"{first.owner.split(':')[0]}:{dead.pid}:gone"
    first._write_lease()  # a holder killed with -9: its lease never expires by itself here
    assert first._lease()["expires"] > time.time() + ledger_server.TTL / 2
    with second.try_lock() as got:
        assert got is True  # same host, dead process id: free at once


def test_an_old_local_ledger_joins_the_server_kb(settings, chroma_server, tmp_path):  # noqa: F811
    """Before the ledger moved into the server, each data directory kept its own file."""
    port, _ = chroma_server
    local = replace(
        settings.with_data_dir(tmp_path / "old"), store=StoreSettings(collection="adopted")
    )
    KnowledgeBase(local).ingest([write_reports(tmp_path / "fo", 60, 1)])
    kb = KnowledgeBase(on_server(settings, port, "adopted", tmp_path / "old"))
    assert [d.title for d in kb.list_documents()] == ["测试60局工作总结"]
    assert kb.ledger.interrupted  # its vectors are re-added when the store opens
    assert kb.store.count() == len(kb.ledger.chunks)
    assert_whole(kb)
    assert not list((tmp_path / "old" / "kb").glob("*.ledger.json"))
    assert list((tmp_path / "old" / "kb").glob("*.ledger.json.migrated"))
