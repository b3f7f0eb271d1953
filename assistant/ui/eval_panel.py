"""What the 评估 tab does (Gradio-free; ui/tabs.py wires it): pick a case set, run, read the results."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.ui.render import esc, message_html
from assistant.ui.services import Services
from assistant.ui.views import fail
from eval.scoring import LOWER_IS_BETTER, METRICS

Progress = Callable[[int, int, str], None]
ROOT = Path(__file__).resolve().parents[2]
CASES_DIR = ROOT / "eval" / "cases"
DEV_CASES = CASES_DIR / "dev.jsonl"
UPLOAD = "upload"  # the case-set choice that means "the uploaded file"
SET_NAMES = {"dev": "开发集", "corpus": "语料集（../shared/corpus 的真实报告）"}
# the report's headline metrics; per-part ROUGE stays in report.html
SUMMARY_METRICS = tuple(m for m in METRICS if not m.startswith("rouge_l_f1_"))
# the bars read "higher is better": counts and lower-is-better rates stay in the table
BAR_METRICS = tuple(m for m in SUMMARY_METRICS if m not in LOWER_IS_BETTER)
PERCENT_METRICS = ("length_score",)  # 0-100 in report.json; shown here on 0-1 like the others
METRIC_LABELS = {
    "structure_compliance": "结构合规率",
    "figure_recall": "数字召回率",
    "figure_precision": "数字准确率",
    "fabricated_figures": "编造数字（个）",
    "fact_coverage": "事实覆盖率",
    "role_accuracy": "归类准确率",
    "rouge_l_f1": "ROUGE-L F1",
    "heading_soft_recall": "小标题召回率",
    "heading_grounding": "小标题取材率",
    "catch_all_headings": "兜底小标题占比",
    "length_score": "篇幅得分",
}
CASE_COLUMNS = ("rouge_l_f1", "structure_compliance", "fact_coverage", "fabricated_figures")
SYSTEM_COLORS = ("#b42318", "#8a94a3", "#1f77b4", "#2ca02c")


def label(metric: str) -> str:
    """A metric's short name (a metric added to eval.scoring later shows under its key)."""
    return METRIC_LABELS.get(metric, metric)


def explanation(metric: str) -> str:
    """One line on what a metric means (eval.scoring.METRICS), with the UI's scale."""
    text = METRICS.get(metric, "")
    if metric in PERCENT_METRICS:
        text = text.replace("（0–100，", "（报告中为 0–100，这里除以 100 换成 0–1，")
    return text


def case_sets() -> list[tuple[str, str]]:
    """(label, path) of each case file in eval/cases (dev; corpus when built), then the upload."""
    choices = []
    for path in sorted(CASES_DIR.glob("*.jsonl"), key=lambda p: (p.stem != "dev", p.stem)):
        try:
            count = sum(1 for line in path.open(encoding="utf-8") if line.strip())
        except OSError:
            continue
        name = SET_NAMES.get(path.stem, path.stem)
        choices.append((f"{name}：{path.relative_to(ROOT)}（{count} 个用例）", str(path)))
    return choices + [("上传的用例文件（JSONL）", UPLOAD)]


@dataclass
class EvalView:
    """What the tab shows after a run; `cases` maps a case id to its texts for the side by side."""

    note: str
    summary: list[list[Any]] = field(default_factory=list)
    headers: list[str] = field(default_factory=lambda: ["指标", "含义"])
    bars: str = ""
    case_rows: list[list[Any]] = field(default_factory=list)
    case_headers: list[str] = field(default_factory=lambda: ["用例"])
    report: str | None = None
    cases: dict[str, dict[str, str]] = field(default_factory=dict)


class EvaluatePanel:
    def __init__(self, services: Services):
        self.services = services

    def run(
        self, upload: str | None, use_dev: bool, backend: str, progress: Progress | None = None
    ) -> tuple:
        """The tuple form: (status, summary rows, bars html, per-case rows, report.html path)."""
        view = self.evaluate(str(DEV_CASES) if use_dev else UPLOAD, upload, backend, progress)
        return view.note, view.summary, view.bars or [], view.case_rows, view.report

    def evaluate(
        self, choice: str | None, upload: str | None, backend: str, progress: Progress | None = None
    ) -> EvalView:
        """Run the cases `choice` names (a file of eval/cases, or UPLOAD: the uploaded file)."""
        cases = Path(upload) if choice == UPLOAD and upload else None
        if choice and choice != UPLOAD:
            cases = Path(choice)
        if cases is None or not cases.is_file():
            hint = "请上传用例文件（JSONL），或选择开发集。"
            return EvalView(message_html(fail(InputError(hint)), "error"))
        out = Path(tempfile.mkdtemp(prefix="zongjie-eval-"))
        try:
            from eval.cases import load_cases
            from eval.harness import run_cases

            report = run_cases(
                cases,
                backend=backend or None,
                out_dir=out,
                settings=self.services.settings,
                progress=progress,
            )
            texts = _texts(load_cases(cases), report["systems"], out)
        except Exception as exc:
            return EvalView(message_html(fail(exc), "error"))
        systems = report["systems"]
        seconds = report.get("timing", {}).get("seconds", 0)
        note = f"完成 {len(report['cases'])} 个用例（{cases.name}），用时 {seconds} 秒。"
        return EvalView(
            message_html(note, "ok"),
            summary=summary_rows(report["aggregate"], systems),
            headers=["指标", "含义", *systems],
            bars=bars_html(report["aggregate"], systems),
            case_rows=case_rows(report, systems),
            case_headers=case_headers(systems),
            report=str(out / "report.html"),
            cases=texts,
        )


def value(metric: str, scores: dict) -> float | None:
    """A metric's value on the tab's scale (length score 0-1), rounded."""
    raw = scores.get(metric)
    if not isinstance(raw, (int, float)):
        return None
    return round(float(raw) / (100 if metric in PERCENT_METRICS else 1), 3)


def summary_rows(aggregate: dict, systems: list[str]) -> list[list[Any]]:
    """One row per metric; "–" where a system cannot be scored on it (never a made-up 0)."""
    rows = []
    for m in SUMMARY_METRICS:
        values = [value(m, aggregate.get(s, {})) for s in systems]
        rows.append([label(m), explanation(m), *("–" if v is None else v for v in values)])
    return rows


def bars_html(aggregate: dict, systems: list[str]) -> str:
    """Bars grouped by metric, one bar per system side by side, on 0-1; hover says the meaning."""
    legend = "".join(
        f'<span class="gw-legend"><i style="background:{SYSTEM_COLORS[i % 4]}"></i>{esc(s)}</span>'
        for i, s in enumerate(systems)
    )
    groups = []
    for m in BAR_METRICS:
        bars = []
        for i, s in enumerate(systems):
            v = value(m, aggregate.get(s, {}))
            height = 0 if v is None else max(0.0, min(1.0, v)) * 100
            shown = "–" if v is None else f"{v:.2f}"
            bars.append(
                f'<div class="gw-bar" title="{esc(s)}：{shown}">'
                f'<span class="gw-bar-v">{shown}</span>'
                f'<div class="gw-bar-fill" style="height:{height:.1f}%;'
                f'background:{SYSTEM_COLORS[i % 4]}"></div></div>'
            )
        groups.append(
            f'<div class="gw-group" title="{esc(explanation(m))}">'
            f'<div class="gw-bars">{"".join(bars)}</div>'
            f'<div class="gw-group-label">{esc(label(m))}</div></div>'
        )
    return (
        '<div class="gw-chart"><div class="gw-chart-head">各指标平均分（0–1，越高越好；'
        f"鼠标停在指标上可看含义）{legend}</div>"
        f'<div class="gw-groups">{"".join(groups)}</div></div>'
    )


def case_headers(systems: list[str]) -> list[str]:
    return ["用例", "系统", *(label(m) for m in CASE_COLUMNS), "对照"]


def case_rows(report: dict, systems: list[str]) -> list[list[Any]]:
    """One row per case and system, so a sort by any metric compares them all."""
    rows = []
    for case_id, scores in report["cases"].items():
        for s in systems:
            cells = [value(m, scores.get(s, {})) for m in CASE_COLUMNS]
            rows.append([case_id, s, *cells, "点此行：草稿与参考稿并排"])
    return rows


def _texts(cases: list, systems: list[str], out: Path) -> dict[str, dict[str, str]]:
    """Each case's reference and drafts (as written under out/drafts/<system>/<id>.md)."""
    texts = {}
    for case in cases:
        entry = {"reference": case.reference, "title": case.title}
        for system in systems:
            path = out / "drafts" / system / f"{case.id}.md"
            entry[system] = path.read_text(encoding="utf-8") if path.is_file() else ""
        texts[case.id] = entry
    return texts


def side_by_side(texts: dict[str, dict[str, str]], case_id: str | None, system: str) -> str:
    """One case's draft (the system under test) beside its reference."""
    entry = texts.get(case_id or "")
    if not entry:
        return '<div class="gw-note">在上表中点一个用例，这里并排显示它的草稿和参考稿。</div>'
    return (
        f'<div class="gw-pair-head">{esc(case_id)} · {esc(entry.get("title", ""))}</div>'
        '<div class="gw-pair">'
        f"<div><h4>草稿（{esc(system)}）</h4><pre>{esc(entry.get(system, ''))}</pre></div>"
        f"<div><h4>参考稿</h4><pre>{esc(entry.get('reference', ''))}</pre></div></div>"
    )
