"""`zongjie eval run | lint | compare`: the evaluation harness from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("eval", help="评测：起草并打分、结构检查、比较两次评测")
    sub = parser.add_subparsers(dest="eval_command", metavar="SUBCOMMAND")

    run = sub.add_parser(
        "run", help="逐个用例起草（或读取已有草稿）并打分，写出 report.json / report.html"
    )
    run.add_argument("cases", help="用例文件（JSONL），如 eval/cases/dev.jsonl")
    run.add_argument(
        "--backend", help="起草引擎（offline / openai / llamacpp）；默认取设置中的 llm.backend"
    )
    run.add_argument("--out", default="eval-report", help="输出目录（默认 ./eval-report）")
    run.add_argument(
        "--drafts", help="不起草，改为给这个目录中已有的草稿打分（文件名：用例编号.md/.txt/.docx）"
    )
    run.add_argument(
        "--judge", action="store_true", help="另用大语言模型按评分细则打分（需配置 LLM 引擎）"
    )
    run.set_defaults(func=run_command)

    lint = sub.add_parser("lint", help="只检查一份文稿的结构（txt、md 或 docx）")
    lint.add_argument("file")
    lint.add_argument("--json", action="store_true", help="以 JSON 输出")
    lint.add_argument("--period", help="总结期，如 2023年；默认从标题推断")
    lint.add_argument("--next-period", help="计划期，如 2024年；默认从标题推断")
    lint.set_defaults(func=lint_command)

    compare = sub.add_parser("compare", help="比较两份 report.json 的指标")
    compare.add_argument("a", help="基准报告 A/report.json")
    compare.add_argument("b", help="对比报告 B/report.json")
    compare.add_argument("--json", action="store_true", help="以 JSON 输出")
    compare.set_defaults(func=compare_command)

    parser.set_defaults(func=lambda args, settings: (parser.print_help(), 2)[1])


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from eval.harness import run_cases
    from eval.scoring import METRICS

    bar = None

    def progress(done: int, total: int, case_id: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(
                total=total, desc="评测", unit="步", file=sys.stderr
            )  # drafting + scoring per case
        bar.n = done
        bar.set_postfix_str(case_id)
        bar.refresh()

    try:
        report = run_cases(
            args.cases,
            backend=args.backend,
            out_dir=args.out,
            drafts_dir=args.drafts,
            settings=settings,
            progress=progress,
            judge=args.judge,
        )
    finally:
        if bar is not None:
            bar.close()
    if args.judge and not report["llm_judged"]:
        print(
            "提示：未配置大语言模型引擎，已跳过 LLM 评分（--judge 需要 openai 或 llamacpp 引擎）。",
            file=sys.stderr,
        )
    systems = report["systems"]
    width = max(len(m) for m in METRICS) + 2
    print(f"{'指标':<{width}}" + "".join(f"{s:>12}" for s in systems))
    for metric in METRICS:
        cells = []
        for system in systems:
            value = report["aggregate"][system].get(metric)
            cells.append(f"{'–' if value is None else f'{value:.3f}':>12}")
        print(f"{metric:<{width}}" + "".join(cells))
    timing = report["timing"]
    out = Path(args.out)
    print(
        f"\n{len(report['cases'])} 个用例，{timing['seconds']:.1f} 秒（{timing['cases_per_second']:.2f} 例/秒）。"
    )
    print(f"报告：{out / 'report.html'}  {out / 'report.json'}  草稿：{out / 'drafts'}")
    return 0


def lint_command(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.loaders import load_document
    from eval.lint import lint_text

    doc = load_document(args.file)
    result = lint_text(doc.text, period=args.period, next_period=args.next_period)
    if args.json:
        print(json.dumps({"file": args.file, **result.to_json()}, ensure_ascii=False, indent=2))
    else:
        print(result.format(Path(args.file).name))
    return 0 if not result.findings else 1


def compare_command(args: argparse.Namespace, settings: Settings) -> int:
    from eval.compare import compare_reports, format_table, load_report

    rows = compare_reports(load_report(args.a), load_report(args.b))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(format_table(rows, Path(args.a).parent.name or "A", Path(args.b).parent.name or "B"))
    return 0
