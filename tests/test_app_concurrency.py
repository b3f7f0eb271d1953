"""Ten browser sessions drafting at once through the real server, each getting its own answer."""

from __future__ import annotations

import html
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client
from servers import free_port, serve_app

from app import create_app, launch
from assistant.history import History

UNITS = [
    "株洲县城市管理和行政执法局",
    "醴陵市城市管理局",
    "攸县城市管理和综合执法局",
    "茶陵县住房和城乡建设局",
    "炎陵县城市管理局",
    "芦淞区城市管理和综合执法局",
    "荷塘区城市管理局",
    "石峰区城市管理和综合执法局",
    "天元区城市管理局",
    "渌口区城市管理和综合执法局",
]


@pytest.fixture
def server(settings):
    with serve_app(settings) as url:
        yield url


def paste_for(i: int) -> str:
    return (
        f"2023年工作要点\n成绩：\n- 查处非法营运黑车{301 + i}余辆\n- 清理“牛皮癣”{1.1 + i / 10:.1f}万处\n"
        f"问题：执法力量不足\n明年：新建公厕{i + 2}座\n"
    )


def test_ten_sessions_draft_at_once(server, settings):
    start = threading.Barrier(10)

    def session(i: int):
        client = Client(server, verbose=False)
        start.wait()  # all ten send together
        result = client.predict(
            paste_for(i), "", UNITS[i], "", "", "offline", "", 4, "", None, api_name="/send"
        )
        return client, result

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(session, range(10)))

    for i, (_client, result) in enumerate(results):
        chat, paper = result[0], html.unescape(result[1])
        assert f"{UNITS[i]}2023年工作总结" in paper, paper[:300]
        assert f"查处非法营运黑车{301 + i}余辆" in paper
        assert f"新建公厕{i + 2}座" in paper
        for j in range(10):
            if j != i:
                assert UNITS[j] not in paper
                assert f"黑车{301 + j}余辆" not in paper
        assert chat[-1]["role"] == "assistant" and "已起草" in str(chat[-1]["content"])

    # each session kept its own conversation; a follow-up in one session revises only its draft
    assert len(History(settings.data_dir).list_conversations()) == 10
    client, _ = results[3]
    follow = client.predict(
        "精简第二部分",
        "",
        UNITS[3],
        "2023年",
        "2024年",
        "offline",
        "",
        4,
        "",
        None,
        api_name="/send",
    )
    assert UNITS[3] in html.unescape(follow[1])
    assert "已精简" in str(follow[0][-1]["content"])


def test_binds_localhost_and_asks_for_the_password_when_set(settings):
    import dataclasses

    ui = dataclasses.replace(settings.ui, username="writer", password="s3cret", port=free_port())
    demo = create_app(dataclasses.replace(settings, ui=ui))
    launch(demo, build_index=False, prevent_thread_lock=True, quiet=True)
    try:
        assert demo.server_name == "127.0.0.1" and demo.server_port == ui.port
        url = f"http://127.0.0.1:{ui.port}/"
        with pytest.raises(ValueError):
            Client(url, verbose=False)  # no credentials: the API is closed
        with pytest.raises(ValueError):
            Client(url, auth=("writer", "wrong"), verbose=False)
        client = Client(url, auth=("writer", "s3cret"), verbose=False)
        result = client.predict(
            paste_for(0), "", UNITS[0], "", "", "offline", "", 4, "", None, api_name="/send"
        )
        assert UNITS[0] in html.unescape(result[1])
    finally:
        demo.close()
