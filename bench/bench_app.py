"""Time from `python app.py` to the page being served (HTTP 200), and to the first offline draft.

Each run starts a fresh process on a free port with an empty data directory, so the built-in
knowledge index is missing and gets built in the background: the page must not wait for it.
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
        proc = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            served = _wait_for_page(url, proc, started)
            first_draft = _first_draft(url)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    return {"page_s": served, "first_draft_s": first_draft}


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


def run() -> dict:
    runs = [_one_run() for _ in range(RUNS)]
    page = [r["page_s"] for r in runs]
    draft = [r["first_draft_s"] for r in runs]
    rows = [
        ("command → page served (HTTP 200)", page),
        ("first offline draft through the API (cold)", draft),
    ]
    lines = [
        f"App start-up, {RUNS} runs, each a fresh `python app.py` with an empty data directory "
        "(the built-in index builds in the background).",
        "",
        "| measure | median s | min s | max s |",
        "|---|---:|---:|---:|",
    ]
    for name, values in rows:
        lines.append(
            f"| {name} | {statistics.median(values):.2f} | {min(values):.2f} | {max(values):.2f} |"
        )
    return {
        "title": "App start-up",
        "markdown": "\n".join(lines) + "\n",
        "data": {
            "runs": runs,
            "median_page_s": statistics.median(page),
            "median_first_draft_s": statistics.median(draft),
        },
    }


if __name__ == "__main__":
    print(run()["markdown"])
