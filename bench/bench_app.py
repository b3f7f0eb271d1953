"""Time from `python app.py` to the page being served (HTTP 200), to the first offline draft,
and to the first draft that uses the built-in examples; and a bare Gradio app's start-up beside it.

Each run starts a fresh process on a free port with an empty data directory, so the built-in
knowledge index is missing and gets built in the background (from the shipped vectors when they
match): the page must not wait for it. The bare app is one Blocks with a Textbox, launched the
same way, so the ratio is what zongjie adds on top of importing and serving Gradio.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_APP_RUNS", "3"))
PASTE = "2023年\n成绩：\n- 查处非法营运黑车300余辆\n- 清理“牛皮癣”1.2万处\n问题：执法力量不足\n明年：新建公厕3座\n"
NO_EXAMPLES = "没有引用参考范文"  # the chat's summary line when a draft used no example
EXAMPLES_DEADLINE_S = 180
BARE_APP = """
import sys
import gradio as gr
with gr.Blocks() as demo:
    gr.Textbox()
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), quiet=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _one_run() -> dict[str, float]:
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="zongjie-bench-app-") as tmp:
        config = Path(tmp) / "zongjie.toml"
        config.write_text("", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZONGJIE_")}
        env.update(
            ZONGJIE_DATA_DIR=str(Path(tmp) / "data"),
            ZONGJIE_CONFIG=str(config),
            ZONGJIE_UI_PORT=str(port),
        )
        url = f"http://127.0.0.1:{port}/"
        started = time.perf_counter()
        proc = _start([sys.executable, "app.py"], env)
        try:
            served = _wait_for_page(url, proc, started)
            first_draft = _first_draft(url)
            with_examples = _draft_with_examples(url, started)
        finally:
            _stop(proc)
    return {"page_s": served, "first_draft_s": first_draft, "examples_draft_s": with_examples}


def _bare_run() -> float:
    """Seconds from `python bare_app.py` to its page (HTTP 200): Gradio alone."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="zongjie-bench-bare-") as tmp:
        script = Path(tmp) / "bare_app.py"
        script.write_text(BARE_APP, encoding="utf-8")
        started = time.perf_counter()
        proc = _start([sys.executable, str(script), str(port)], dict(os.environ))
        try:
            return _wait_for_page(f"http://127.0.0.1:{port}/", proc, started)
        finally:
            _stop(proc)


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _wait_for_page(url: str, proc: subprocess.Popen, started: float) -> float:
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with {proc.returncode} before serving")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        if time.perf_counter() - started > 180:
            raise RuntimeError("the page was not served within 180 s")
        time.sleep(0.05)


def _first_draft(url: str) -> float:
    from gradio_client import Client

    client = Client(url, verbose=False)
    t0 = time.perf_counter()
    result = client.predict(PASTE, "", "", "", "offline", "", 4, "", None, api_name="/send")
    if "工作总结" not in str(result[1]):
        raise RuntimeError("the first draft did not come back")
    return time.perf_counter() - t0


def _draft_with_examples(url: str, started: float) -> float:
    """Seconds from the command to the first draft whose summary cites built-in examples."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    while True:
        result = client.predict(PASTE, "", "", "", "offline", "", 4, "", None, api_name="/send")
        if NO_EXAMPLES not in str(result[0][-1]["content"]):
            return time.perf_counter() - started
        if time.perf_counter() - started > EXAMPLES_DEADLINE_S:
            raise RuntimeError(
                f"no draft used the built-in examples within {EXAMPLES_DEADLINE_S} s"
            )
        time.sleep(0.5)


def run() -> dict:
    runs = []
    for _ in range(RUNS):  # interleaved, so both see the same machine load
        runs.append({**_one_run(), "bare_page_s": _bare_run()})
    page = [r["page_s"] for r in runs]
    bare = [r["bare_page_s"] for r in runs]
    draft = [r["first_draft_s"] for r in runs]
    examples = [r["examples_draft_s"] for r in runs]
    ratio = statistics.median(page) / statistics.median(bare)
    rows = [
        ("command → page served (HTTP 200)", page),
        ("bare Gradio app (one Textbox) → page served", bare),
        ("first offline draft through the API (cold)", draft),
        ("command → first draft that uses the built-in examples (empty data dir)", examples),
    ]
    lines = [
        f"App start-up, {RUNS} runs, each a fresh `python app.py` with an empty data directory "
        "(the built-in index builds in the background, from the shipped vectors when they match), "
        "interleaved with a bare Gradio app started the same way.",
        "",
        "| measure | median s | min s | max s |",
        "|---|---:|---:|---:|",
    ]
    for name, values in rows:
        lines.append(
            f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |"
        )
    lines += [
        "",
        f"Start-up ratio, app / bare Gradio (medians): **{ratio:.2f}** (goal ≤ 1.3). "
        f"First draft with examples: **{statistics.median(examples):.1f} s** (goal < 15 s).",
    ]
    return {
        "title": "App start-up",
        "markdown": "\n".join(lines) + "\n",
        "data": {
            "runs": runs,
            "median_page_s": statistics.median(page),
            "median_bare_page_s": statistics.median(bare),
            "startup_ratio": round(ratio, 3),
            "median_first_draft_s": statistics.median(draft),
            "median_examples_draft_s": statistics.median(examples),
        },
    }


if __name__ == "__main__":
    print(run()["markdown"])
