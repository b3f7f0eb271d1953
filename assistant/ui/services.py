"""Long-lived objects the app shares between sessions: settings, knowledge base, history."""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
        self.builtin_error = ""  # why the built-in index could not be built
        self._builtin_thread: threading.Thread | None = None
        self._uploads = 0  # ingests from the Knowledge tab running now
        self._progress = ""  # "32/72" chunks of the index being built
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
        """True while any index is built here: the built-in one or an upload (the KB is locked
        for writing then, so drafting goes on without examples)."""
        thread = self._builtin_thread
        return (thread is not None and thread.is_alive()) or self._uploads > 0

    @contextmanager
    def indexing(self) -> Iterator[None]:
        """Around an upload's ingest, so the 起草 tab can say that examples come later."""
        with self._lock:
            self._uploads += 1
        try:
            yield
        finally:
            with self._lock:
                self._uploads -= 1

    def progress(self, done: int, total: int, _label: str = "") -> None:
        self._progress = f"{done}/{total}" if total else ""

    def index_notice(self) -> str:
        """The 起草 tab's line while an index builds: what it means for drafting; "" otherwise."""
        if not self.index_building:
            return ""
        which = "示例知识库" if self._uploads == 0 else "知识库（导入上传的文件）"
        done = f"（已嵌入 {self._progress} 个片段）" if self._progress else ""
        return (
            f"正在建立{which}{done}。现在就可以起草，只是暂不引用参考范文；"
            "建好后起草或修改会自动引用范文。"
        )

    def kb_banner(self) -> str:
        """The 知识库 tab's state line: what the index holds now, and any build in progress."""
        if self.index_building:
            return self.index_notice().split("。")[0] + "。完成后即可检索。"
        docs = self.kb.list_documents()  # errors: the caller shows the message
        chunks = sum(d.chunks for d in docs)
        line = f"知识库共 {len(docs)} 篇文档、{chunks} 个片段，可以检索。"
        if not docs:
            line = "知识库是空的：上传往年总结后，起草时会引用其中的段落。"
        if self.builtin_error:
            line += f"示例知识库未能建立：{self.builtin_error}"
        return line

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
            report = self.kb.ensure_builtin(progress=self.progress)
        except Exception as exc:  # the app keeps serving; the writer sees why in the KB tab
            log.exception("building the built-in knowledge index failed")
            self.builtin_state = self.builtin_error = user_message(exc)
            return
        finally:
            self._progress = ""
        self.builtin_state = (
            "知识库已就绪" if report is None else "已建立示例知识库：" + report.summary()
        )

    def warm_up(self) -> threading.Thread:
        """Import the drafting chain and the lint, and train the role classifier, in the
        background, so the first draft is quick (the classifier alone takes seconds)."""
        settings = self.settings

        def load() -> None:
            import importlib

            for name in ("assistant.drafting.chain", "assistant.drafting.revision", "eval.lint"):
                try:
                    importlib.import_module(name)
                except Exception:  # a broken optional module shows up when used, with its message
                    log.debug("warm-up import of %s failed", name, exc_info=True)
            try:
                from assistant import role_model

                role_model.classifier(settings)  # the one the 起草 tab uses (knowledge/ only)
            except Exception:  # drafting falls back to cue words and says nothing worse
                log.debug("warm-up of the role classifier failed", exc_info=True)

        thread = threading.Thread(target=load, daemon=True, name="zongjie-warm-up")
        thread.start()
        return thread
