"""`zongjie draft`: pasted facts -> outline or a whole draft, streamed to standard output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.errors import InputError, ZongjieError
from assistant.settings import Settings

BACKENDS = ("offline", "openai", "llamacpp")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("draft", help="根据粘贴的工作要点起草工作总结及工作计划")
    parser.add_argument("facts", metavar="FACTS", help="要点文件（txt），- 表示从标准输入读取")
    parser.add_argument(
        "--unit", help="单位名称，如 株洲县城市管理和行政执法局（缺省时从内容推断）"
    )
    parser.add_argument("--period", help="总结时段，如 2023年、2023年上半年（缺省时从内容推断）")
    parser.add_argument(
        "--next-period", dest="next_period", help="计划时段，如 2024年（缺省时顺推）"
    )
    parser.add_argument(
        "--backend", help=f"起草引擎：{'、'.join(BACKENDS)}（默认取设置 llm.backend）"
    )
    parser.add_argument("--outline", help="采用编辑过的提纲文件（--outline-only 的输出）")
    parser.add_argument("--outline-only", action="store_true", help="只输出建议的提纲，不起草")
    parser.add_argument("-o", "--output", help="写入文件（.md/.txt/.docx），不在屏幕上滚动输出")
    parser.add_argument(
        "--json", action="store_true", help="输出 JSON：全文、事实清单、未用事实、自动修正"
    )
    parser.add_argument("-k", type=int, help="每部分检索的例文段落数（0 为不检索）")
    parser.add_argument("--no-kb", action="store_true", help="不使用知识库中的例文")
    parser.set_defaults(func=cmd_draft)


def read_facts(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        raise InputError(f"找不到要点文件 {source}。")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"要点文件 {source} 的编码无法识别。", hint="请另存为 UTF-8 编码的文本文件。")


def open_kb(settings: Settings, args: argparse.Namespace) -> Any:
    """The knowledge base when it has documents; drafting works without one."""
    if args.no_kb or args.k == 0:
        return None
    try:
        from assistant.kb import KnowledgeBase

        kb = KnowledgeBase(settings)
        empty = kb.is_empty() if callable(kb.is_empty) else kb.is_empty
        return None if empty else kb
    except ZongjieError as exc:
        print(f"提示：知识库不可用，本次不使用例文（{exc}）。", file=sys.stderr)
        return None


def _stream(piece: str) -> None:
    sys.stdout.write(piece)
    sys.stdout.flush()


def _write(text: str, path: str, title: str) -> Path:
    try:
        from assistant.export import export_draft
    except ImportError:  # export is optional for plain text
        out = Path(path)
        out.write_text(text, encoding="utf-8")
        return out
    return export_draft(text, path, title=title)


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.drafting import DraftRequest
    from assistant.drafting.chain import draft
    from assistant.facts import parse_facts
    from assistant.outline import propose_outline

    paste = read_facts(args.facts)
    kb = open_kb(settings, args)
    ledger = parse_facts(paste, args.unit, args.period, args.next_period, kb=kb)
    for warning in ledger.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    if args.outline_only:
        outline = propose_outline(ledger)
        if args.json:
            print(
                json.dumps(
                    {"outline": outline.to_dict(), "text": outline.to_text(), **ledger.to_dict()},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            sys.stdout.write(outline.to_text())
        return 0
    outline = Path(args.outline).read_text(encoding="utf-8") if args.outline else None
    request = DraftRequest(
        paste, args.unit, args.period, args.next_period, args.backend, args.k, outline
    )
    streaming = not args.output and not args.json
    result = draft(request, settings, kb=kb, on_token=_stream if streaming else None, ledger=ledger)
    if streaming and result.fixups:
        # the guard changed the streamed text: show the checked version in full
        sys.stdout.write("\n——— 校核修正后的定稿 ———\n\n" + result.text)
    if args.json:
        data = result.to_dict()
        payload = {k: data[k] for k in ("text", "facts", "unused_facts", "fixups")}
        payload.update(
            {
                k: data[k]
                for k in ("title", "findings", "warnings", "sections", "exemplars", "backend")
            }
        )
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    if args.output:
        path = _write(result.text, args.output, result.title)
        print(f"已写入 {path}", file=sys.stderr)
    for fix in result.fixups:
        print(f"自动修正：{fix.message}", file=sys.stderr)
    if result.unused_facts:
        print(f"提示：未写入草稿的事实：{'、'.join(result.unused_facts)}", file=sys.stderr)
    return 0
