"""What the Knowledge and Evaluate tabs do (Gradio-free; app.py wires them)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError, InputError
from assistant.roles import ROLE_LABELS
from assistant.ui import render
from assistant.ui.handlers import fail
from assistant.ui.services import Services
from eval.scoring import METRICS

Progress = Callable[[int, int, str], None]
ROOT = Path(__file__).resolve().parents[2]
DEV_CASES = ROOT / "eval" / "cases" / "dev.jsonl"
DOC_COLUMNS = ["标题", "单位", "时段", "段落数", "各部分段落", "编号"]
# the report's headline metrics; per-part ROUGE stays in report.html
SUMMARY_METRICS = tuple(m for m in METRICS if not m.startswith("rouge_l_f1_"))
# metrics on a 0..1 scale, plotted together
RATE_METRICS = tuple(m for m in SUMMARY_METRICS if m not in ("fabricated_figures", "length_score"))
METRIC_LABELS = {
    "structure_compliance": "结构合规率",
    "figure_recall": "数字召回率",
    "figure_precision": "数字准确率",
    "fabricated_figures": "编造数字（个）",
    "fact_coverage": "事实覆盖率",
    "role_accuracy": "归类准确率",
    "rouge_l_f1": "ROUGE-L F1",
    "heading_soft_recall": "小标题召回率",
    "length_score": "篇幅得分",
}


class KnowledgePanel:
    def __init__(self, services: Services):
        self.services = services

    def documents(self) -> tuple[list[list[Any]], list[tuple[str, str]], str]:
        """Rows for the table, choices for the remove selector, and the index state line."""
        try:
            docs = self.services.kb.list_documents()
        except Exception as exc:
            return [], [], render.message_html(fail(exc), "error")
        choices = [(f"{d.title}（{d.chunks} 段）", d.doc_id) for d in docs]
        state = f"共 {len(docs)} 篇文档。{self.services.builtin_state}".strip()
        return render.document_rows(docs), choices, render.message_html(state)

    def ingest(self, paths: list[str] | None, progress: Progress | None = None) -> str:
        if not paths:
            return render.message_html(
                fail(InputError("请先选择要导入的文件（txt、md、docx、pdf，可多选）。")), "error"
            )
        try:
            report = self.services.kb.ingest([Path(p) for p in paths], progress=progress)
        except Exception as exc:
            return render.message_html(fail(exc), "error")
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
            return render.message_html(self.services.builtin_state + "完成后即可检索。")
        try:
            hits = self.services.kb.search(query.strip()[:500], k=int(k), role=role or None)
        except Exception as exc:
            return render.message_html(fail(exc), "error")
        return render.hits_html(hits)


def _by_name(error: DocumentError) -> DocumentError:
    """The same error naming the file as the writer uploaded it, not the server's temp path."""
    named = DocumentError(Path(error.path).name, error.message, hint=error.hint)
    named.__cause__ = error.__cause__
    return named


def role_choices() -> list[tuple[str, str]]:
    return [("全部", "")] + [
        (label, role) for role, label in ROLE_LABELS.items() if role != "other"
    ]


class EvaluatePanel:
    def __init__(self, services: Services):
        self.services = services

    def run(
        self, upload: str | None, use_dev: bool, backend: str, progress: Progress | None = None
    ):
        """-> (status html, summary rows, metric rows for the bar plot, per-case rows, report.html path)."""
        cases = DEV_CASES if use_dev else Path(upload) if upload else None
        if cases is None or not cases.is_file():
            return (
                render.message_html(
                    fail(InputError("请上传用例文件（JSONL），或勾选“使用开发集”。")), "error"
                ),
                [],
                [],
                [],
                None,
            )
        out = Path(tempfile.mkdtemp(prefix="zongjie-eval-"))
        try:
            from eval.harness import run_cases

            report = run_cases(
                cases,
                backend=backend or None,
                out_dir=out,
                settings=self.services.settings,
                progress=progress,
            )
        except Exception as exc:
            return render.message_html(fail(exc), "error"), [], [], [], None
        systems = report["systems"]
        aggregate = report["aggregate"]
        summary = [
            [METRIC_LABELS.get(m, m)] + [_round(aggregate.get(s, {}).get(m)) for s in systems]
            for m in SUMMARY_METRICS
        ]
        # one bar per (metric, system), side by side: Gradio's BarPlot stacks bars sharing an x
        bars = [
            {
                "指标": f"{METRIC_LABELS.get(m, m)} · {s}",
                "系统": s,
                "得分": _round(aggregate.get(s, {}).get(m)),
            }
            for m in RATE_METRICS
            for s in systems
        ]
        per_case = [
            {
                "用例": f"{case_id} · {s}",
                "系统": s,
                "ROUGE-L F1": _round(scores.get(s, {}).get("rouge_l_f1")),
            }
            for case_id, scores in report["cases"].items()
            for s in systems
        ]
        timing = report.get("timing", {})
        note = f"完成 {len(report['cases'])} 个用例（{cases.name}），用时 {timing.get('seconds', 0)} 秒。"
        return render.message_html(note, "ok"), summary, bars, per_case, str(out / "report.html")

    @staticmethod
    def summary_headers(backend: str) -> list[str]:
        return ["指标", backend or "offline", "naive"]


def _round(value: Any) -> float | None:
    return round(float(value), 3) if isinstance(value, (int, float)) else None
