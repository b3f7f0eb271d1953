"""Chinese throughout, whatever the browser's language, and the page's keyboard shortcut.

Gradio picks the language of its own strings ("Drop File Here", "Clear", "Loading…") from
navigator.language when the page starts, and ships a full zh-CN translation. Its I18n class
cannot replace the built-in English (the English strings are loaded after custom ones), so
the page reports zh-CN to Gradio: a small script put first in the page's <head>, before
Gradio's own scripts run. Labels, units and messages of our own are written in Chinese.
"""

from __future__ import annotations

from typing import Any

LOCALE = "zh-CN"
_SCRIPT = (
    "<script>(function(){var p=Navigator.prototype;"
    f"Object.defineProperty(p,'language',{{get:function(){{return '{LOCALE}'}},configurable:true}});"
    f"Object.defineProperty(p,'languages',{{get:function(){{return ['{LOCALE}','zh']}},"
    "configurable:true});})();</script>"
).encode()

# Ctrl+Enter (⌘+Enter) in the message box sends, as the placeholder says; Enter adds a line
SHORTCUTS_JS = """
() => {
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" || !(e.ctrlKey || e.metaKey)) return;
    if (!e.target.closest || !e.target.closest("#gw-input")) return;
    e.preventDefault();
    e.stopPropagation();
    const send = document.querySelector("#gw-send");
    if (send) setTimeout(() => send.click(), 0);
  }, true);
}
"""


class ChineseLocale:
    """ASGI middleware: the HTML page gets _SCRIPT as the first thing in its <head>."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body: list[bytes] = []

        async def wrapped(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    start["pass"] = True
                    await send(message)
                    return
                start.update(message)
                return
            if start.get("pass") or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = b"".join(body)
            page = page.replace(b"<head>", b"<head>" + _SCRIPT, 1)
            headers = [
                (k, str(len(page)).encode() if k == b"content-length" else v)
                for k, v in start.get("headers", [])
            ]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, wrapped)
