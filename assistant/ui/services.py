"""Long-lived objects the app shares between sessions: settings, knowledge base, history."""

from __future__ import annotations

import logging
import threading

from assistant.errors import user_message
from assistant.history import History
from assistant.kb import KnowledgeBase
from assistant.settings import Settings

log = logging.getLogger("zongjie.app")


class Services:
    """One per app; the knowledge base opens lazily, the built-in index builds in the background."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.history = History(settings.data_dir)
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()
        self.builtin_state = ""  # shown in the Knowledge tab while and after the build
        self._builtin_thread: threading.Thread | None = None

    @property
    def kb(self) -> KnowledgeBase:
        with self._lock:
            if self._kb is None:
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
