"""A deleted or truncated chroma.sqlite3: noticed when the KB opens, named, and repaired.

The ledger keeps every chunk's text, so `zongjie kb repair` moves the broken store aside and
rebuilds it; `zongjie kb check --json` reports the state for scripts and the UI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import StoreError, user_message
from assistant.kb import KnowledgeBase
from assistant.store import forget_clients

pytestmark = pytest.mark.slow  # console commands in fresh processes, each loading Chroma

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "tests" / "data" / "kb" / "治理办2021年工作总结.txt"


def zongjie(settings, *args, stdin=None):
    env = {**os.environ, "ZONGJIE_DATA_DIR": str(settings.data_dir), "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def filled(settings):
    kb = KnowledgeBase(settings)
    kb.ingest([REPORT])
    forget_clients()  # as a fresh process would: no cached handle on the old database
    return settings, len(kb.ledger.chunks)


def repaired(settings, chunks: int) -> None:
    result = zongjie(settings, "kb", "repair")
    assert result.returncode == 0, result.stderr
    assert f"将按清单重建 {chunks} 个片段的向量，预计约" in result.stderr
    assert f"已重建 {chunks} 个片段，用时" in result.stdout
    assert list(settings.data_dir.glob("chroma.broken-*"))  # moved aside, not deleted
    forget_clients()
    kb = KnowledgeBase(settings)
    assert "督查179次" in kb.search("全年累计督查179次", k=1, mode="dense")[0].text
    check = zongjie(settings, "kb", "check", "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["ok"] is True


def test_deleted_sqlite_is_noticed_named_and_repaired(filled):
    settings, chunks = filled
    (settings.chroma_path / "chroma.sqlite3").unlink()
    kb = KnowledgeBase(settings)
    assert len(kb.list_documents()) == 1  # the ledger still lists the document
    with pytest.raises(StoreError) as info:
        kb.search("全年累计督查179次")
    text = user_message(info.value)
    assert f"清单中有 {chunks} 个片段，向量库中只有 0 个" in text and "zongjie kb repair" in text
    check = zongjie(settings, "kb", "check", "--json")
    health = json.loads(check.stdout)
    assert check.returncode == 1
    assert (health["ok"], health["missing"], health["fix"]) == (False, chunks, "zongjie kb repair")
    draft = zongjie(settings, "draft", "-", stdin="全年累计督查179次\n")
    assert draft.returncode == 0
    assert "知识库不可用" in draft.stderr and "zongjie kb repair" in draft.stderr
    repaired(settings, chunks)


def test_truncated_sqlite_points_at_repair_not_the_server(filled):
    settings, chunks = filled
    with (settings.chroma_path / "chroma.sqlite3").open("r+b") as fh:
        fh.truncate(4096)
    search = zongjie(settings, "search", "全年累计督查179次")
    assert search.returncode == 1
    assert "zongjie kb repair" in search.stderr and "store.host" not in search.stderr
    check = zongjie(settings, "kb", "check")
    assert check.returncode == 1 and "修复：运行 zongjie kb repair" in check.stdout
    repaired(settings, chunks)


def test_draft_says_on_stderr_that_the_index_is_from_another_model(filled):
    settings, _ = filled
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "draft", "-"],
        input="全年累计督查179次\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **os.environ,
            "ZONGJIE_DATA_DIR": str(settings.data_dir),
            "ZONGJIE_EMBEDDING_BACKEND": "sentence-transformers",
            "ZONGJIE_EMBEDDING_MODEL": str(settings.data_dir / "another-model"),
        },
        timeout=300,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "知识库不可用" in result.stderr and "zongjie kb reindex" in result.stderr


def test_repair_on_a_healthy_kb_changes_nothing(filled):
    settings, _ = filled
    result = zongjie(settings, "kb", "repair")
    assert result.returncode == 0 and "无需修复" in result.stdout
    assert not list(settings.data_dir.glob("chroma.broken-*"))
