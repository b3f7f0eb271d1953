"""What the Knowledge and Evaluate tabs do (Gradio-free; ui/tabs.py wires them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError, InputError
from assistant.roles import ROLE_LABELS
from assistant.ui import render
from assistant.ui.eval_panel import DEV_CASES, EvaluatePanel  # noqa: F401  (one import for app.py)
from assistant.ui.handlers import fail
from assistant.ui.services import Services

Progress = Callable[[int, int, str], None]
DOC_COLUMNS = ["标题", "单位", "时段", "片段数", "各部分片段", "编号"]


class KnowledgePanel:
    def __init__(self, services: Services):
        self.services = services

    def documents(self) -> tuple[list[list[Any]], list[tuple[str, str]], str]:
        """Rows for the table, choices for the remove selector, and the index state line."""
        try:
            docs = self.services.kb.list_documents()
        except Exception as exc:
            return [], [], render.message_html(fail(exc), "error")
        choices = [(f"{d.title}（{d.chunks} 个片段）", d.doc_id) for d in docs]
        return render.document_rows(docs), choices, self.banner()

    def banner(self) -> str:
        """The tab's state line, as it is now (building, or what the index holds)."""
        try:
            return render.message_html(self.services.kb_banner())
        except Exception as exc:
            return render.message_html(fail(exc), "error")

    def ingest(self, paths: list[str] | None, progress: Progress | None = None) -> str:
        if not paths:
            return render.message_html(
                fail(InputError("请先选择要导入的文件（txt、md、docx、pdf，可多选）。")), "error"
            )

        def both(done: int, total: int, label: str) -> None:
            self.services.progress(done, total, label)
            if progress:
                progress(done, total, label)

        try:
            with self.services.indexing():
                report = self.services.kb.ingest([Path(p) for p in paths], progress=both)
        except Exception as exc:
            return render.message_html(fail(exc), "error")
        finally:
            self.services.progress(0, 0)
        lines = [report.summary()]
        lines += [fail(_by_name(err)) for err in report.errors]
        kind = (
            "error" if not (report.files or report.skipped) else "warn" if report.errors else "ok"
        )
        return render.message_html("\n".join(lines), kind)

    def remove(self, doc_id: str | None) -> str:
        if not doc_id:
            return render.message_html(fail(InputError("请先选择要删除的文档。")), "error")
        try:
            info = self.services.kb.remove(doc_id)
        except Exception as exc:
            return render.message_html(fail(exc), "error")
        return render.message_html(f"已删除《{info.title}》（{info.chunks} 段）。", "ok")

    def search(self, query: str, role: str | None, k: int) -> str:
        if not query or not query.strip():
            return render.message_html(
                fail(InputError("请输入要检索的内容，例如“清理牛皮癣”。")), "error"
            )
        if self.services.index_building:
            return render.message_html(self.services.kb_banner())
        query = query.strip()[:500]
        try:
            from assistant.lexical import tokenize

            hits = self.services.kb.search(query, k=int(k), role=role or None)
            terms = list(dict.fromkeys(tokenize(query)))
        except Exception as exc:
            return render.message_html(fail(exc), "error")
        return render.hits_html(hits, terms)


def _by_name(error: DocumentError) -> DocumentError:
    """The same error naming the file as the writer uploaded it, not the server's temp path."""
    named = DocumentError(Path(error.path).name, error.message, hint=error.hint)
    named.__cause__ = error.__cause__
    return named


def role_choices() -> list[tuple[str, str]]:
    return [("全部", "")] + [
        (label, role) for role, label in ROLE_LABELS.items() if role != "other"
    ]
