"""Helpers for tests that start real servers on 127.0.0.1."""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    """Poll `url` until it answers 200, or raise the last connection error after `timeout`."""
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.3)


@contextmanager
def serve_app(settings: Settings) -> Iterator[str]:
    """The real Gradio app on a free local port (no background index build); yields its URL."""
    from app import create_app, launch

    port = free_port()
    demo = create_app(settings)
    launch(demo, build_index=False, server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url)
        yield url
    finally:
        demo.close()
