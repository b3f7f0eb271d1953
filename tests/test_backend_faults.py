"""The openai backend against real local HTTP servers that fail in each way a real one can."""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.errors import (
    BackendBadResponse,
    BackendError,
    BackendTimeout,
    BackendUnavailable,
    user_message,
)

PASTE = "成绩：\n- 查处非法营运黑车300余辆\n问题：\n- 执法力量不足\n计划：\n- 新建公厕3座\n"


def _chunk(content=None, role=None, finish=None):
    delta = {}
    if role:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    body = {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


class Handler(BaseHTTPRequestHandler):
    mode = "ok"

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.bodies.append(json.loads(self.rfile.read(length) or b"{}"))
        mode = self.server.mode
        self.server.requests += 1
        if mode == "slow":
            time.sleep(3)
        if mode == "500":
            body = json.dumps(
                {"error": {"message": "internal error", "type": "server_error"}}
            ).encode()
            self.send_response(500)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        if mode == "malformed":
            self.wfile.write(b"data: {this is not json\n\n")
        elif mode == "broken":  # some text, then the stream breaks mid-way
            self.wfile.write(_chunk("一是查处", role="assistant"))
            self.wfile.write(b'data: {"choices": [ {oops\n\n')
        elif mode == "empty":
            self.wfile.write(_chunk(role="assistant"))
            self.wfile.write(_chunk(finish="stop"))
            self.wfile.write(b"data: [DONE]\n\n")
        else:
            self.wfile.write(_chunk("一是查处非法营运黑车300余辆。", role="assistant"))
            self.wfile.write(_chunk(finish="stop"))
            self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.mode, httpd.requests, httpd.bodies = "ok", 0, []
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _settings(settings, port, timeout=10.0):
    llm = replace(
        settings.llm,
        base_url=f"http://127.0.0.1:{port}/v1",
        model="m",
        timeout=timeout,
        max_retries=0,
    )
    return replace(settings, llm=llm)


def _draft(settings):
    return draft(DraftRequest(PASTE, period="2023年", backend="openai"), settings)


def test_a_working_endpoint_streams_through_the_chain(server, settings):
    pieces = []
    result = draft(
        DraftRequest(PASTE, period="2023年", backend="openai"),
        _settings(settings, server.server_port),
        on_token=pieces.append,
    )
    assert "一是查处非法营运黑车300余辆。" in "".join(pieces)
    assert result.backend == "openai" and "查处非法营运黑车300余辆" in result.text
    assert server.requests >= 4  # opening + three parts (+ a repair round)
    body = server.bodies[0]
    assert body["stream"] is True and body["model"] == "m"
    assert body["max_tokens"] == settings.llm.max_tokens  # the field every compatible server reads
    assert [m["role"] for m in body["messages"]] == ["system", "user"]


def test_endpoint_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(BackendUnavailable) as err:
        _draft(_settings(settings, port))
    message = user_message(err.value)
    assert "无法连接" in message and "离线引擎" in message


def test_endpoint_slow_times_out(server, settings):
    server.mode = "slow"
    started = time.monotonic()
    with pytest.raises(BackendTimeout) as err:
        _draft(_settings(settings, server.server_port, timeout=1.0))
    assert time.monotonic() - started < 10
    assert "没有响应" in user_message(err.value) and "llm.timeout" in user_message(err.value)


def test_http_500(server, settings):
    server.mode = "500"
    with pytest.raises(BackendBadResponse) as err:
        _draft(_settings(settings, server.server_port))
    assert "HTTP 500" in user_message(err.value)


def test_malformed_stream(server, settings):
    server.mode = "malformed"
    with pytest.raises(BackendBadResponse, match="无法解析"):
        _draft(_settings(settings, server.server_port))


def test_broken_stream_keeps_what_arrived(server, settings):
    server.mode = "broken"
    pieces = []
    with pytest.raises(BackendError) as err:
        draft(
            DraftRequest(PASTE, period="2023年", backend="openai"),
            _settings(settings, server.server_port),
            on_token=pieces.append,
        )
    assert err.value.partial == "一是查处"  # nothing lost: the caller can show what had arrived
    assert "一是查处" in "".join(pieces)


def test_empty_answer(server, settings):
    server.mode = "empty"
    with pytest.raises(BackendBadResponse, match="空内容"):
        _draft(_settings(settings, server.server_port))


def test_offline_fallback_after_a_failure(server, settings):
    server.mode = "500"
    broken = _settings(settings, server.server_port)
    with pytest.raises(BackendError) as err:
        _draft(broken)
    assert err.value.fallback == "offline"
    result = draft(DraftRequest(PASTE, period="2023年", backend=err.value.fallback), broken)
    assert "查处非法营运黑车300余辆" in result.text and result.findings == []
