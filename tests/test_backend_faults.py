"""The openai backend against real local HTTP servers that fail in each way a real one can."""

from __future__ import annotations

import json
import random
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
        try:
            self._respond()
        except (BrokenPipeError, ConnectionResetError):
            self.server.disconnects += 1  # the client gave up (a part's time budget ran out)

    def _respond(self):
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
        if mode in ("echo", "dribble"):
            self._stream_forever(mode)
            return
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

    def _stream_forever(self, mode):
        """What a looping model does: "echo" reads the prompt back again and again (as SmolLM2
        did through llama.cpp), "dribble" writes new text slowly; both until the client leaves."""
        prompt = self.server.bodies[-1]["messages"][-1]["content"]
        rng = random.Random(len(self.server.bodies))
        deadline = time.monotonic() + 60  # a server that never stops, within reason
        self.wfile.write(_chunk("", role="assistant"))
        while time.monotonic() < deadline:
            if mode == "echo":
                for i in range(0, len(prompt), 6):
                    self.wfile.write(_chunk(prompt[i : i + 6]))
                    self.wfile.flush()
                    time.sleep(0.002)
            else:
                self.wfile.write(
                    _chunk("".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(3)))
                )
                self.wfile.flush()
                time.sleep(0.1)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.mode, httpd.requests, httpd.bodies, httpd.disconnects = "ok", 0, [], 0
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _settings(settings, port, timeout=10.0, part_timeout=120.0):
    llm = replace(
        settings.llm,
        base_url=f"http://127.0.0.1:{port}/v1",
        model="m",
        timeout=timeout,
        max_retries=0,
        part_timeout=part_timeout,
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


def _wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_a_model_reading_its_prompt_back_is_stopped_and_the_part_written_offline(server, settings):
    server.mode = "echo"
    pieces = []
    started = time.monotonic()
    result = draft(
        DraftRequest(PASTE, period="2023年", backend="openai"),
        _settings(settings, server.server_port),
        on_token=pieces.append,
    )
    assert time.monotonic() - started < 30  # the server would go on for a minute per part
    # each part's stream was cut after a little text, and the server saw the client leave
    # opening + three parts + closing (a task of the chosen backend); no repair round
    assert server.requests == 5
    assert _wait_for(lambda: server.disconnects == server.requests)
    assert len("".join(pieces)) < 5 * 1500
    assert result.fallbacks == ["开头导语", *[s.heading for s in result.sections[1:-1]], "结束语"]
    stopped = [w for w in result.warnings if "离线引擎" in w]
    assert len(stopped) == 5 and all("照抄了提示词" in w or "重复" in w for w in stopped)
    # the offline engine wrote those parts from the facts: the draft is whole and checked
    assert "查处非法营运黑车300余辆" in result.text and "报告如下：" in result.text
    assert "不写任何数字" not in result.text and "原样照抄" not in result.text
    assert result.unused_facts == [] and result.backend == "openai"


def test_each_part_has_a_time_budget(server, settings):
    server.mode = "dribble"  # new text, slowly: nothing repeats, it just never ends
    started = time.monotonic()
    events = []
    result = draft(
        DraftRequest(PASTE, period="2023年", backend="openai"),
        _settings(settings, server.server_port, part_timeout=1.5),
        on_event=events.append,
    )
    assert time.monotonic() - started < 5 * 1.5 + 10
    assert len(result.fallbacks) == 5
    assert sum("llm.part_timeout" in w for w in result.warnings) == 5
    restarts = [e for e in events if e.kind == "part_restart"]
    assert [e.index for e in restarts] == [0, 1, 2, 3, 4]
    assert _wait_for(lambda: server.disconnects == server.requests)
    assert "查处非法营运黑车300余辆" in result.text and result.unused_facts == []


def test_a_server_silent_past_the_part_budget_falls_back_too(server, settings):
    server.mode = "slow"  # nothing for 3 s: longer than the part's budget, within llm.timeout
    started = time.monotonic()
    result = draft(
        DraftRequest(PASTE, period="2023年", backend="openai"),
        _settings(settings, server.server_port, timeout=30.0, part_timeout=1.0),
    )
    assert time.monotonic() - started < 5 * 1.0 + 10
    assert len(result.fallbacks) == 5 and "查处非法营运黑车300余辆" in result.text


def test_a_looping_model_leaves_a_revised_paragraph_as_it_was(server, settings):
    from assistant.drafting.revision import revise

    server.mode = "echo"
    broken = _settings(settings, server.server_port)
    original = draft(DraftRequest(PASTE, period="2023年"), broken)  # offline
    target = next(p for s in original.sections for p in s.paragraphs if p.fact_ids)
    started = time.monotonic()
    revised = revise(original, "润色", target.id, settings=broken, backend="openai")
    assert time.monotonic() - started < 20
    assert revised.paragraph(target.id)[1].text == target.text
    assert any("保留修改前的文字" in w for w in revised.warnings)
    assert server.requests == 1 and _wait_for(lambda: server.disconnects == 1)
