"""`zongjie revise DRAFT.json --op expand|condense|polish|rewrite [--part N | --paragraph ID]`.

The same revision as the UI's buttons (assistant.drafting.revise: the DraftEditor, the
operation's contract, the guard on the revised part), so scripts can revise in batches.
"""

from __future__ import annotations

import argparse
import json
import sys

from assistant.drafting.ops import REVISE_OPS
from assistant.errors import InputError
from assistant.settings import Settings

OPS = tuple(op for op in REVISE_OPS.values() if op != "free")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "revise", help="修改草稿的一个部分或段落（扩写、精简、润色、重写）"
    )
    parser.add_argument(
        "draft", metavar="DRAFT.json", help="zongjie draft --json 的输出，- 为标准输入"
    )
    parser.add_argument(
        "--op",
        required=True,
        choices=OPS,
        help="expand 扩写、condense 精简、polish 润色、rewrite 重写",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--part", type=int, help="第几部分（0 为开头导语，1 为“一、”……）")
    where.add_argument("--paragraph", help="段落编号，如 P03")
    parser.add_argument("--backend", help="起草引擎（默认取草稿所用的引擎）")
    parser.add_argument("--json", action="store_true", help="输出修改后的草稿 JSON（可再次修改）")
    parser.add_argument(
        "-o", "--output", help="写入文件（.json 为草稿 JSON，.md/.txt/.docx 为正文）"
    )
    parser.set_defaults(func=cmd_revise)


def read_draft(source: str):
    from assistant.cli.draft import read_text_file
    from assistant.drafting.serial import draft_from_dict

    text = read_text_file(source, "草稿文件")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"草稿文件 {source} 不是 JSON：第{exc.lineno}行 {exc.msg}。",
            hint="请用 zongjie draft --json 生成草稿文件。",
        ) from exc
    return draft_from_dict(data)


def cmd_revise(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.cli.draft import check_output
    from assistant.drafting.revision import revise

    if args.output and not args.output.lower().endswith(".json"):
        check_output(args.output)
    before = read_draft(args.draft)
    target = args.paragraph if args.paragraph else args.part
    if args.part is not None and not 0 <= args.part < len(before.sections):
        raise InputError(
            f"--part {args.part} 超出范围：草稿共有 {len(before.sections)} 个部分（0 起）。"
        )
    after = revise(before, args.op, target, settings=settings, backend=args.backend)
    payload = after.to_json()
    if args.output:
        if args.output.lower().endswith(".json"):
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(payload + "\n")
        else:
            from assistant.export import export_draft

            export_draft(after.text, args.output, title=after.title)
        print(f"已写入 {args.output}", file=sys.stderr)
    elif args.json:
        print(payload)
    else:
        sys.stdout.write(after.text)
    for warning in after.warnings[len(before.warnings) :]:
        print(f"提示：{warning}", file=sys.stderr)
    for fix in after.fixups:
        print(f"自动修正：{fix.message}", file=sys.stderr)
    return 0
