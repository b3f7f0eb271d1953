"""History: conversations, messages and draft versions survive restarts and concurrent writers."""

from __future__ import annotations

import multiprocessing
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.errors import InputError, StoreError, user_message
from assistant.history import FILENAME, History


def test_round_trip_survives_a_new_instance(settings):
    history = History.from_settings(settings)
    conv = history.create_conversation("株洲县城管局2023年总结", meta={"unit": "株洲县城管局"})
    history.add_message(conv.id, "user", "查处非法营运黑车300余辆")
    history.add_message(conv.id, "assistant", "已起草初稿。")
    history.save_draft(conv.id, "初稿正文", {"title": "初稿", "sections": []})
    history.save_draft(conv.id, "修改稿正文", {"title": "修改稿"}, note="精简（一）")

    reopened = History(settings.data_dir)  # a restart: a fresh object on the same file
    assert (settings.data_dir / FILENAME).is_file()
    [listed] = reopened.list_conversations()
    assert listed.title == "株洲县城管局2023年总结"
    assert listed.meta == {"unit": "株洲县城管局"}
    assert [(m.role, m.content) for m in reopened.messages(conv.id)] == [
        ("user", "查处非法营运黑车300余辆"),
        ("assistant", "已起草初稿。"),
    ]
    versions = reopened.drafts(conv.id)
    assert [v.version for v in versions] == [1, 2]
    latest = reopened.latest_draft(conv.id)
    assert latest.text == "修改稿正文" and latest.data == {"title": "修改稿"}
    assert latest.note == "精简（一）"


def test_list_is_most_recent_first_and_update_merges_meta(settings):
    history = History(settings.data_dir)
    first = history.create_conversation("第一次")
    second = history.create_conversation("第二次")
    history.add_message(first.id, "user", "再说两句")  # touching moves it to the top
    assert [c.id for c in history.list_conversations()] == [first.id, second.id]

    updated = history.update_conversation(
        second.id, title="  改过的\n标题 ", meta={"period": "2023年"}
    )
    updated = history.update_conversation(second.id, meta={"unit": "某局"})
    assert updated.title == "改过的 标题"
    assert updated.meta == {"period": "2023年", "unit": "某局"}
    assert history.list_conversations()[0].id == second.id


def test_unknown_conversation_is_a_clear_input_error(settings):
    history = History(settings.data_dir)
    with pytest.raises(InputError) as info:
        history.add_message("no-such-id", "user", "x")
    assert "找不到" in user_message(info.value)
    with pytest.raises(InputError):
        history.save_draft("no-such-id", "text", {})
    assert history.latest_draft("no-such-id") is None


def test_delete_removes_messages_and_drafts(settings):
    history = History(settings.data_dir)
    conv = history.create_conversation("待删除")
    history.add_message(conv.id, "user", "x")
    history.save_draft(conv.id, "t", {})
    history.delete_conversation(conv.id)
    assert history.list_conversations() == []
    assert history.messages(conv.id) == []
    assert history.drafts(conv.id) == []


def test_concurrent_threads_get_distinct_versions(settings):
    history = History(settings.data_dir)
    conv = history.create_conversation("并发")

    def save(i: int):
        return history.save_draft(conv.id, f"第{i}稿", {"i": i}).version

    with ThreadPoolExecutor(max_workers=8) as pool:
        versions = list(pool.map(save, range(40)))
    assert sorted(versions) == list(range(1, 41))
    stored = {v.version: v.data["i"] for v in history.drafts(conv.id)}
    assert len(stored) == 40


def _writer(data_dir: str, conv_id: str, n: int) -> None:
    history = History(data_dir)
    for i in range(n):
        history.add_message(conv_id, "user", f"消息{i}")
        history.save_draft(conv_id, f"稿{i}", {})


def test_concurrent_processes(settings):
    history = History(settings.data_dir)
    conv = history.create_conversation("多进程")
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_writer, args=(str(settings.data_dir), conv.id, 15)) for _ in range(3)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert len(history.messages(conv.id)) == 45
    assert [v.version for v in history.drafts(conv.id)] == list(range(1, 46))


def test_corrupt_database_gives_a_store_error(settings):
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / FILENAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as info:
        History(settings.data_dir)
    assert "历史记录" in user_message(info.value)
    assert isinstance(info.value.__cause__, sqlite3.Error)
