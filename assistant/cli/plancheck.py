"""`zongjie plancheck`: last period's plan items checked against this period's facts."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plancheck", help="核对上期工作计划的落实情况（已落实 / 部分落实 / 未见成果）"
    )
    parser.add_argument("facts", metavar="FACTS", help="本期要点文件（txt），- 表示从标准输入读取")
    parser.add_argument(
        "--plan",
        metavar="DOC_ID|FILE",
        help="上期计划：知识库文档编号，或计划文件（txt/md/docx/pdf）；缺省时取知识库中同单位上一时段的文档",
    )
    parser.add_argument("--unit", help="单位名称（缺省时从要点推断）")
    parser.add_argument("--period", help="本期时段，如 2024年（缺省时从要点推断）")
    parser.add_argument("--json", action="store_true", help="输出 JSON 列表")
    parser.add_argument(
        "--add-achievements",
        action="store_true",
        help="把已落实且有数字的计划项写成成绩句（数字取自本期要点）",
    )
    parser.add_argument(
        "--add-problems", action="store_true", help="为未见成果的计划项各加一条问题（标〔待核〕）"
    )
    parser.set_defaults(func=cmd_plancheck)


def _open_kb(settings: Settings) -> Any:
    from assistant.kb import KnowledgeBase

    return KnowledgeBase(settings)


def cmd_plancheck(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.cli.draft import read_facts
    from assistant.facts import parse_facts
    from assistant.plan_facts import add_plan_facts, ledger_paste
    from assistant.plan_items import kb_plans_text, load_plan, previous_document, split_items
    from assistant.plancheck import check_plan

    ledger = parse_facts(read_facts(args.facts), args.unit, args.period)
    if args.plan:
        kb = None if _looks_like_file(args.plan) else _open_kb(settings)
        source = load_plan(args.plan, kb)
    else:
        kb = _open_kb(settings)
        doc = previous_document(kb, ledger.unit, ledger.period)
        source = kb_plans_text(kb, doc.doc_id)
    items = split_items(source.text)
    results = check_plan(items, ledger.facts)
    add = args.add_achievements or args.add_problems
    if add:
        add_plan_facts(
            ledger, results, achievements=args.add_achievements, problems=args.add_problems
        )
    if args.json:
        payload: Any = [r.to_dict() for r in results]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        out = sys.stderr if add else sys.stdout
        print(f"上期计划：{source.label}（{len(items)} 项）", file=out)
        for r in results:
            print(f"[{r.label}] {r.item.text[:60]}", file=out)
            for fact in r.evidence[:2]:
                print(f"    依据 {fact.id}：{fact.text}", file=out)
            print(f"    {r.reason}", file=out)
    if add and not args.json:
        sys.stdout.write(ledger_paste(ledger))  # ready for `zongjie draft -`
    return 0


def _looks_like_file(spec: str) -> bool:
    from pathlib import Path

    path = Path(spec)
    return path.exists() or bool(path.suffix) or "/" in spec
