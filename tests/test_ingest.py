"""Ingest: content hash, replacement, bad input in a batch, and kill -9 atomicity (real processes)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import DocumentError, user_message
from assistant.kb import KnowledgeBase
from assistant.store import VectorStore

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "kb"


def write_report(path: Path, n: int) -> Path:
    path.write_text(
        f"测试局{n}号工作总结\n一、工作开展情况\n完成道路修补{n * 7 + 3}处，清理垃圾{n * 11 + 5}吨。\n"
        f"二、存在的主要问题\n一线人员不足{n + 10}人。\n三、下一步工作计划\n新建公厕{n + 2}座。\n",
        encoding="utf-8",
    )
    return path


def store_ids(kb: KnowledgeBase) -> set[str]:
    return set(kb.store.ids())


def test_reingest_unchanged_changes_nothing(settings, tmp_path):
    kb = KnowledgeBase(settings)
    first = kb.ingest([SAMPLES / "治理办2021年工作总结.txt"])
    assert (first.files, first.skipped) == (1, [])
    ledger_bytes = kb.ledger.path.read_bytes()
    ids = store_ids(kb)
    again = kb.ingest([SAMPLES / "治理办2021年工作总结.txt"])
    assert again.files == 0 and again.chunks == 0
    assert again.skipped == [str(SAMPLES / "治理办2021年工作总结.txt")]
    assert kb.ledger.path.read_bytes() == ledger_bytes  # not even rewritten
    assert store_ids(kb) == ids
    assert "未变化" in again.summary()


def test_changed_file_replaces_its_old_chunks(settings, tmp_path):
    report = write_report(tmp_path / "report.txt", 1)
    kb = KnowledgeBase(settings)
    kb.ingest([report])
    old = kb.list_documents()[0]
    old_ids = store_ids(kb)
    report.write_text(
        report.read_text(encoding="utf-8").replace("清理垃圾16吨", "清理垃圾99吨"), "utf-8"
    )
    result = kb.ingest([report])
    assert (result.files, result.replaced) == (1, 1)
    docs = kb.list_documents()
    assert len(docs) == 1 and docs[0].doc_id != old.doc_id
    assert not (old_ids & store_ids(kb))  # every old vector is gone
    assert store_ids(kb) == set(kb.ledger.chunks)
    assert any("99吨" in h.text for h in kb.search("清理垃圾99吨", k=3))
    assert not any("16吨" in h.text for h in kb.search("清理垃圾16吨", k=5))


def test_folders_are_read_recursively_and_hidden_files_skipped(settings, tmp_path):
    nested = tmp_path / "reports" / "2021" / "q1"
    nested.mkdir(parents=True)
    write_report(nested / "a.txt", 2)
    write_report(tmp_path / "reports" / "b.md", 3)
    (tmp_path / "reports" / ".hidden").mkdir()
    write_report(tmp_path / "reports" / ".hidden" / "c.txt", 4)
    (tmp_path / "reports" / "notes.csv").write_text("x,y\n", encoding="utf-8")
    calls = []
    report = KnowledgeBase(settings).ingest(
        [tmp_path / "reports"], progress=lambda d, t, w: calls.append((d, t))
    )
    assert report.files == 2 and not report.errors
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] == report.chunks


def make_bad_files(folder: Path) -> dict[str, Path]:
    from pypdf import PdfWriter

    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "docx": folder / "corrupt.docx",
        "pdf": folder / "corrupt.pdf",
        "scan": folder / "scan.pdf",
        "huge": folder / "huge.txt",
        "encoding": folder / "garbled.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 64)
    files["docx"].write_bytes(b"PK\x03\x04 this is not really a zip archive")
    files["pdf"].write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> broken")
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with files["scan"].open("wb") as fh:
        writer.write(fh)
    with files["huge"].open("wb") as fh:  # 50 MB, sparse: cheap to make
        fh.truncate(50 * 1024 * 1024)
    files["encoding"].write_bytes(bytes([0x81, 0x30, 0xFF, 0xFE, 0x8F, 0xA1, 0xC0, 0x7F] * 400))
    return files


def test_bad_files_get_chinese_messages_and_others_still_ingest(settings, tmp_path):
    bad = make_bad_files(tmp_path / "batch")
    good = write_report(tmp_path / "batch" / "good.txt", 5)
    gbk = tmp_path / "batch" / "gbk.txt"
    gbk.write_bytes("环保局2020年工作总结\n一、工作情况\n种植行道树1200株。\n".encode("gb18030"))
    report = KnowledgeBase(settings).ingest([tmp_path / "batch"])
    assert report.files == 2  # good.txt and the GBK file
    failed = {Path(e.path).name for e in report.errors}
    assert failed == {p.name for p in bad.values()}
    for error in report.errors:
        assert isinstance(error, DocumentError)
        text = user_message(error)
        assert re.search(r"[\u4e00-\u9fff]{4}", text), text
        assert Path(error.path).name in text
    titles = {d.title for d in KnowledgeBase(settings).list_documents()}
    assert "环保局2020年工作总结" in titles and good.exists()


def test_only_bad_files_means_nothing_ingested(settings, tmp_path):
    bad = make_bad_files(tmp_path / "bad")
    report = KnowledgeBase(settings).ingest(list(bad.values()))
    assert report.files == 0 and not report.ok
    assert len(report.errors) == len(bad)
    assert KnowledgeBase(settings).list_documents() == []


def test_leftover_vectors_are_reconciled_on_open(settings, tmp_path):
    """The 'killed after commit, before cleanup' case: the ledger wins, the extra vectors its
    journal names go; a vector it never wrote (another knowledge base's) stays."""
    kb = KnowledgeBase(settings)
    kb.ingest([write_report(tmp_path / "a.txt", 6)])
    kept = set(kb.ledger.chunks)
    vector = kb.embedder.encode_passages(["孤立的向量"])
    kb.store.add(["foreign-1"], vector, ["别人的向量"], [{"doc_id": "other", "role": "other"}])
    kb.ledger.begin(["orphan-1"])
    kb.store.add(["orphan-1"], vector, ["孤立的向量"], [{"doc_id": "gone", "role": "other"}])
    assert {"orphan-1", "foreign-1"} <= store_ids(kb)
    assert all(h.chunk_id != "orphan-1" for h in kb.search("孤立的向量", k=5))
    reopened = KnowledgeBase(settings)
    assert reopened.ledger.interrupted
    assert store_ids(reopened) == kept | {"foreign-1"}  # opening the store reconciled it
    assert not reopened.ledger.interrupted


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_the_store_as_before_then_as_after(settings, tmp_path):
    kb = KnowledgeBase(settings)
    kb.ingest([SAMPLES / "水务局2023年上半年工作总结.txt"])
    before = [d.to_dict() for d in kb.list_documents()]
    before_ids = set(kb.ledger.chunks)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(20, 44):
        write_report(folder / f"r{n}.txt", n)
    env = {**os.environ, "ZONGJIE_EMBEDDING_BATCH_SIZE": "1", "PYTHONWARNINGS": "ignore"}
    log = tmp_path / "stderr.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assistant",
                "--data-dir",
                str(settings.data_dir),
                "ingest",
                str(folder),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        deadline = time.monotonic() + 300
        done = 0
        while time.monotonic() < deadline and proc.poll() is None:
            counts = re.findall(r"(\d+)/(\d+)", log.read_text(encoding="utf-8", errors="ignore"))
            done = max((int(d) for d, _ in counts), default=0)
            if done >= 6:  # several batches of vectors are in Chroma, the ledger is not committed
                break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert done >= 6
    after_kill = KnowledgeBase(settings)
    assert [d.to_dict() for d in after_kill.list_documents()] == before
    assert after_kill.ledger.interrupted
    # the killed run left vectors behind; opening the store removes exactly those
    raw = VectorStore(settings, after_kill.model_name)
    assert len(set(raw.ids()) - before_ids) >= 6
    assert store_ids(after_kill) == before_ids
    assert {h.doc_id for h in after_kill.search("新建公厕", k=10)} <= {d["doc_id"] for d in before}
    # running it again completes: the store is then as after
    report = after_kill.ingest([folder])
    assert report.files == 24 and not report.errors
    assert len(after_kill.list_documents()) == 25
    assert store_ids(after_kill) == set(after_kill.ledger.chunks)
    assert not after_kill.ledger.interrupted
    shutil.rmtree(folder)


def test_docx_report_is_ingested_with_its_parts(settings, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("园林局2022年工作总结")
    document.add_paragraph("一、工作开展情况")
    document.add_paragraph("新增城市绿地面积12万平方米，栽植行道树2600株。")
    document.add_paragraph("二、下一步工作计划")
    document.add_paragraph("明年建设口袋公园8个。")
    path = tmp_path / "园林局.docx"
    document.save(path)
    kb = KnowledgeBase(settings)
    report = kb.ingest([path])
    assert report.files == 1 and not report.errors
    hit = kb.search("栽植行道树2600株", k=1)[0]
    assert "2600株" in hit.text and hit.role == "achievements"
    plans = kb.search("口袋公园", k=1, role="plans")
    assert plans and "口袋公园8个" in plans[0].text
