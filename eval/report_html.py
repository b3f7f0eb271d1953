"""report.html: one self-contained page (inline SVG charts, no scripts, every text escaped)."""

from __future__ import annotations

import io
from html import escape

from eval.cases import Case
from eval.scoring import LOWER_IS_BETTER, METRICS, mean

WORST_CASES = 3
# a case's overall standing for "worst cases": the mean of its 0-1 metrics
_COMPOSITE = (
    "structure_compliance",
    "figure_recall",
    "fact_coverage",
    "role_accuracy",
    "rouge_l_f1",
)

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.5}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}tr.naive td{color:#777}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}.pair pre{white-space:pre-wrap;background:#fafafa;border:1px solid #ddd;padding:.8em;max-height:40em;overflow:auto;font-size:.85em}
.note{color:#555;font-size:.9em}.judge{background:#fff7e0;border:1px solid #e0c060;padding:.5em}
ul.findings{font-size:.85em}
"""


def _fmt(value, key: str = "") -> str:
    if value is None:
        return "–"
    if key in ("fabricated_figures", "cases", "draft_length", "reference_length"):
        return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
    if key == "length_score" or key.startswith("judge_"):
        return f"{value:.1f}"
    return f"{value:.3f}"


def _charts_svg(report: dict) -> str:
    """Each metric's per-case distribution for every system, as one inline SVG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = report["systems"]
    metrics = [
        m
        for m in METRICS
        if any(
            report["cases"][c].get(s, {}).get(m) is not None
            for c in report["cases"]
            for s in systems
        )
    ]
    cols = 4
    rows = max(1, -(-len(metrics) // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 3.2, rows * 2.6), squeeze=False)
    colors = ["#1f77b4", "#aaaaaa", "#2ca02c", "#d62728"]
    for ax, metric in zip(axes.flat, metrics, strict=False):
        data = [
            [
                report["cases"][c][s][metric]
                for c in report["cases"]
                if report["cases"][c].get(s, {}).get(metric) is not None
            ]
            for s in systems
        ]
        positions = range(1, len(systems) + 1)
        ax.boxplot(
            [d or [float("nan")] for d in data],
            positions=list(positions),
            widths=0.5,
            showfliers=False,
        )
        for i, values in enumerate(data):
            xs = [i + 1 + (j % 5 - 2) * 0.04 for j in range(len(values))]
            ax.scatter(xs, values, s=12, color=colors[i % len(colors)], zorder=3)
        ax.set_xticks(list(positions), systems, fontsize=8)
        ax.set_title(
            metric + (" (lower is better)" if metric in LOWER_IS_BETTER else ""), fontsize=9
        )
        ax.tick_params(axis="y", labelsize=7)
    for ax in list(axes.flat)[len(metrics) :]:
        ax.axis("off")
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.find("<svg") :]


def _aggregate_table(report: dict) -> str:
    systems = report["systems"]
    head = "".join(f"<th>{escape(s)}</th>" for s in systems)
    rows = []
    for metric, meaning in METRICS.items():
        cells = "".join(
            f"<td>{_fmt(report['aggregate'][s].get(metric), metric)}</td>" for s in systems
        )
        rows.append(
            f"<tr><td class='l'>{escape(metric)}</td><td class='l'>{escape(meaning)}</td>{cells}</tr>"
        )
    for key in sorted(
        {k for s in systems for k in report["aggregate"][s] if k.startswith("judge_")}
    ):
        cells = "".join(f"<td>{_fmt(report['aggregate'][s].get(key), key)}</td>" for s in systems)
        rows.append(
            f"<tr><td class='l'>{escape(key)}</td><td class='l'>LLM 评分（LLM-judged，1–10）</td>{cells}</tr>"
        )
    return f"<table><tr><th class='l'>指标</th><th class='l'>含义</th>{head}</tr>{''.join(rows)}</table>"


def _case_table(report: dict) -> str:
    metrics = list(METRICS)
    head = "".join(f"<th>{escape(m)}</th>" for m in metrics)
    rows = []
    for case_id, by_system in report["cases"].items():
        for system, values in by_system.items():
            cls = " class='naive'" if system == "naive" else ""
            cells = "".join(f"<td>{_fmt(values.get(m), m)}</td>" for m in metrics)
            rows.append(
                f"<tr{cls}><td class='l'>{escape(case_id)}</td><td class='l'>{escape(system)}</td>{cells}</tr>"
            )
    return f"<table><tr><th class='l'>用例</th><th class='l'>系统</th>{head}</tr>{''.join(rows)}</table>"


def composite(values: dict) -> float:
    return mean(values.get(k) for k in _COMPOSITE) or 0.0


def _worst_cases(report: dict, cases: list[Case], drafts: dict[str, dict[str, str]]) -> str:
    system = report["systems"][0]
    by_id = {c.id: c for c in cases}
    ranked = sorted(report["cases"], key=lambda cid: composite(report["cases"][cid][system]))
    blocks = []
    for case_id in ranked[:WORST_CASES]:
        values = report["cases"][case_id][system]
        detail = report["details"][case_id][system]
        findings = detail["lint"]["findings"][:12]
        items = "".join(
            f"<li>第{f['line']}行第{f['column']}列 [{escape(f['rule'])}] {escape(f['message'])}</li>"
            for f in findings
        )
        missing = "、".join(detail["missing_figures"]) or "无"
        fabricated = "、".join(f["text"] for f in detail["fabricated"]) or "无"
        uncovered = "；".join(f["fact"] for f in detail["facts"] if not f["covered"]) or "无"
        blocks.append(
            f"<h3>{escape(case_id)}：{escape(by_id[case_id].title)}（综合 {composite(values):.3f}）</h3>"
            f"<p class='note'>ROUGE-L F1 {_fmt(values.get('rouge_l_f1'))}；事实覆盖 {_fmt(values.get('fact_coverage'))}；"
            f"结构合规 {_fmt(values.get('structure_compliance'))}；缺失数字：{escape(missing)}；无来源数字：{escape(fabricated)}</p>"
            f"<p class='note'>未覆盖的事实：{escape(uncovered)}</p>"
            f"<ul class='findings'>{items}</ul>"
            "<div class='pair'>"
            f"<div><h4>草稿（{escape(system)}）</h4><pre>{escape(drafts[case_id][system])}</pre></div>"
            f"<div><h4>参考稿</h4><pre>{escape(by_id[case_id].reference)}</pre></div>"
            "</div>"
        )
    return "".join(blocks)


def render_html(report: dict, cases: list[Case], drafts: dict[str, dict[str, str]]) -> str:
    timing = report.get("timing", {})
    judge_note = (
        "<p class='judge'>带 judge_ 前缀的分数由大语言模型评出（LLM-judged），仅供参考。</p>"
        if report.get("llm_judged")
        else ""
    )
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>评测报告 {escape(report['systems'][0])}</title><style>{_CSS}</style></head><body>"
        f"<h1>评测报告：{escape(report['systems'][0])} 与 naive 基线</h1>"
        f"<p class='note'>用例文件 {escape(report['cases_file'])}，共 {len(cases)} 个用例；"
        f"生成于 {escape(report['created'])}；来源：{escape(report['source'])}；"
        f"耗时 {timing.get('seconds', 0):.1f} 秒（{timing.get('cases_per_second') or 0:.2f} 用例/秒）。"
        "naive 基线只把事实原样拼接在三个固定标题下，用来说明每个指标能区分好稿与差稿。</p>"
        f"{judge_note}<h2>总体均值</h2>{_aggregate_table(report)}"
        f"<h2>各指标分布</h2><p class='note'>每个点是一个用例，箱线为四分位。</p>{_charts_svg(report)}"
        f"<h2>逐用例结果</h2>{_case_table(report)}"
        f"<h2>最差的 {WORST_CASES} 个用例（{escape(report['systems'][0])}）</h2>{_worst_cases(report, cases, drafts)}"
        "</body></html>"
    )
