"""Long-lived objects the app shares between sessions: settings, knowledge base, history."""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path

from assistant.errors import user_message
from assistant.history import History
from assistant.settings import Settings

log = logging.getLogger("zongjie.app")


class Services:
    """One per app; the knowledge base opens lazily, the built-in index builds in the background."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.history = History(settings.data_dir)
        self._kb = None  # KnowledgeBase, opened on first use (chromadb is slow to import)
        self._lock = threading.Lock()
        self.builtin_state = ""  # shown in the Knowledge tab while and after the build
        self._builtin_thread: threading.Thread | None = None
        # private (0700) folder for the download files of this app process
        self.export_dir = Path(tempfile.mkdtemp(prefix="zongjie-exports-"))

    @property
    def kb(self):
        """The shared KnowledgeBase."""
        with self._lock:
            if self._kb is None:
                from assistant.kb import KnowledgeBase

                self._kb = KnowledgeBase(self.settings)
            return self._kb

    @property
    def index_building(self) -> bool:
        """True while the built-in index is being built (the KB is locked for writing then)."""
        thread = self._builtin_thread
        return thread is not None and thread.is_alive()

    def start_builtin_index(self) -> threading.Thread:
        """Build the sample knowledge index if it is missing, without blocking the first page."""
        with self._lock:
            if self._builtin_thread is not None:
                return self._builtin_thread
            self._builtin_thread = threading.Thread(
                target=self._build_builtin, daemon=True, name="zongjie-builtin-index"
            )
            self.builtin_state = "正在建立示例知识库…"
            self._builtin_thread.start()
            return self._builtin_thread

    def _build_builtin(self) -> None:
        try:
            report = self.kb.ensure_builtin()
        except Exception as exc:  # the app keeps serving; the writer sees why in the KB tab
            log.exception("building the built-in knowledge index failed")
            self.builtin_state = user_message(exc)
            return
        self.builtin_state = (
            "知识库已就绪" if report is None else "已建立示例知识库：" + report.summary()
        )

    @staticmethod
    def warm_up() -> threading.Thread:
        """Import the drafting chain and the lint in the background, so the first draft is quick."""

        def load() -> None:
            import importlib

            for name in ("assistant.drafting.chain", "assistant.drafting.revision", "eval.lint"):
                try:
                    importlib.import_module(name)
                except Exception:  # a broken optional module shows up when used, with its message
                    log.debug("warm-up import of %s failed", name, exc_info=True)

        thread = threading.Thread(target=load, daemon=True, name="zongjie-warm-up")
        thread.start()
        return thread
