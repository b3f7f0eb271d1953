"""A real `chroma run` server on 127.0.0.1: ingest, search and the model check go through HTTP."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from servers import free_port

from assistant.errors import IndexMismatchError, StoreError
from assistant.kb import KnowledgeBase
from assistant.settings import StoreSettings
from assistant.store import VectorStore

pytestmark = pytest.mark.slow  # starts a server process and embeds a report

SAMPLES = Path(__file__).resolve().parent / "data" / "kb"


def chroma_binary() -> str:
    here = Path(sys.executable).parent / "chroma"
    found = str(here) if here.exists() else shutil.which("chroma")
    if not found:
        pytest.fail(
            "the chroma command (shipped with chromadb) is not installed: run make install-dev"
        )
    return found


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("w")
    proc = subprocess.Popen(
        [
            chroma_binary(),
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--path",
            str(path / "db"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("chroma run exited: " + (path / "server.log").read_text())
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not answer within 60 s")
    yield port, path / "db"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_ingest_and_search_through_a_chroma_server(settings, chroma_server):
    port, db = chroma_server
    server = replace(
        settings, store=StoreSettings(host="127.0.0.1", port=port, collection="server-test")
    )
    kb = KnowledgeBase(server)
    report = kb.ingest([SAMPLES / "治理办2021年工作总结.txt"])
    assert report.files == 1 and report.chunks > 0
    assert not settings.chroma_path.exists()  # nothing embedded locally: vectors live on the server
    assert db.exists()
    assert kb.store.count() == report.chunks
    hits = KnowledgeBase(server).search("全年累计督查179次", k=2)
    assert "督查179次" in hits[0].text
    problems = KnowledgeBase(server).search("垃圾转运能力", k=5, role="problems")
    assert problems and all(h.role == "problems" for h in problems)
    with pytest.raises(IndexMismatchError):
        VectorStore(server, "another-model")


def test_unreachable_server_is_a_clear_store_error(settings):
    closed = replace(settings, store=StoreSettings(host="127.0.0.1", port=free_port()))
    with pytest.raises(StoreError, match="无法打开知识库"):  # the ledger lives in the server too
        KnowledgeBase(closed).ingest([SAMPLES / "治理办2021年工作总结.txt"])
