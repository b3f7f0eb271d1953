"""`zongjie draft`: pasted facts -> outline or a whole draft, streamed to standard output."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from assistant.errors import InputError, ZongjieError, user_message
from assistant.settings import Settings

BACKENDS = ("offline", "openai", "llamacpp")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("draft", help="根据粘贴的工作要点起草工作总结及工作计划")
    parser.add_argument("facts", metavar="FACTS", help="要点文件（txt），- 表示从标准输入读取")
    parser.add_argument(
        "--unit", help="单位名称，如 株洲县城市管理和行政执法局（缺省时从内容推断）"
    )
    parser.add_argument(
        "--title", help="报告标题，如 某局2024年工作总结及2025年工作思路（缺省时按单位和时段生成）"
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


# a period names a year (2023年, 2023) or a half year (上半年, 2023年下半年)
_PERIOD_RE = re.compile(r"(?:19|20)\d\d|上半年|下半年")


def check_args(args: argparse.Namespace) -> None:
    """Refuse bad options before any drafting: a model's work is not thrown away at the end."""
    for option, value in (("--period", args.period), ("--next-period", args.next_period)):
        if value is not None and not _PERIOD_RE.search(value):
            raise InputError(
                f"{option} “{value}” 不是一个时段。",
                hint="请写明年份或半年，如 2023年、2023年上半年、下半年。",
            )
    if args.output:
        check_output(args.output)
    if args.outline and not Path(args.outline).is_file():
        raise InputError(f"找不到提纲文件 {args.outline}。", hint="先用 --outline-only 生成提纲。")


def check_output(output: str) -> None:
    from assistant.export import SUPPORTED_SUFFIXES

    path = Path(output)
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"-o {output}：不支持导出为“{path.suffix or '无扩展名'}”格式。",
            hint="请使用 .docx、.md 或 .txt。",
        )
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError(f"-o {output} 是一个文件夹，请写文件名。")
    if not folder.is_dir():
        raise InputError(f"-o {output}：文件夹 {folder} 不存在。")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"-o {output}：没有写入权限。", hint="请换一个可写的位置。")


def read_text_file(source: str, what: str) -> str:
    """A file's text as the knowledge base reads it (assistant.loaders): Word and PDF files
    too, any text encoding, a binary or broken file refused with a message; "-" is stdin."""
    from assistant.loaders import decode_text, load_document, strip_nul

    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        raise InputError(f"找不到{what} {source}。")
    if path.suffix.lower() in (".docx", ".pdf"):
        return load_document(path, clean=False).text
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{what} {source} 无法读取：{exc.strerror or exc}。") from exc
    if not raw.strip():
        return ""  # parse_facts says the paste is empty
    if raw.startswith((b"%PDF-", b"PK\x03\x04")):  # the suffix above was neither
        raise InputError(
            f"{what} {source} 是 PDF 或 Word 文件，但扩展名不是 .pdf/.docx。",
            hint="请把扩展名改为 .pdf 或 .docx，或另存为文本文件。",
        )
    return strip_nul(decode_text(raw, f"{what} {source}"))[0]


def read_facts(source: str) -> str:
    return read_text_file(source, "要点文件")


def open_kb(settings: Settings, args: argparse.Namespace) -> Any:
    """The knowledge base when it has documents; drafting works without one, and says why."""
    if args.no_kb or args.k == 0:
        return None
    try:
        from assistant.kb import KnowledgeBase

        kb = KnowledgeBase(settings)
        if kb.is_empty:
            print(
                "提示：知识库是空的，本次不使用例文（zongjie kb init 可导入内置样例）。",
                file=sys.stderr,
            )
            return None
        _ = kb.store  # opens the vectors now: a mismatch or a broken store is said up front
        return kb
    except ZongjieError as exc:
        print(f"提示：知识库不可用，本次不使用例文。{user_message(exc)}", file=sys.stderr)
        return None


def _stream(piece: str) -> None:
    sys.stdout.write(piece)
    sys.stdout.flush()


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.drafting import DraftRequest
    from assistant.drafting.chain import draft
    from assistant.facts import parse_facts
    from assistant.outline import propose_outline

    check_args(args)
    paste = read_facts(args.facts)
    kb = open_kb(settings, args)
    ledger = parse_facts(paste, args.unit, args.period, args.next_period, kb=kb, title=args.title)
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
    outline = read_text_file(args.outline, "提纲文件") if args.outline else None
    request = DraftRequest(
        paste,
        args.unit,
        args.period,
        args.next_period,
        args.backend,
        args.k,
        outline,
        title=args.title,
    )
    streaming = not args.output and not args.json
    result = draft(request, settings, kb=kb, on_token=_stream if streaming else None, ledger=ledger)
    if streaming and (result.fixups or result.fallbacks):
        # the guard changed the streamed text: show the checked version in full
        sys.stdout.write("\n——— 校核修正后的定稿 ———\n\n" + result.text)
    if args.json:
        data = result.to_dict()
        payload = {k: data[k] for k in ("text", "facts", "unused_facts", "fixups")}
        payload.update(
            {
                k: data[k]
                for k in ("title", "findings", "warnings", "sections", "exemplars", "backend")
                + ("unit", "period", "next_period", "outline", "fallbacks", "last_id")
            }
        )
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    if args.output:
        from assistant.export import export_draft

        path = export_draft(result.text, args.output, title=result.title)
        print(f"已写入 {path}", file=sys.stderr)
    for warning in dict.fromkeys(w for w in result.warnings if w not in ledger.warnings):
        print(f"提示：{warning}", file=sys.stderr)
    for fix in result.fixups:
        print(f"自动修正：{fix.message}", file=sys.stderr)
    if result.unused_facts:
        print(f"提示：未写入草稿的事实：{'、'.join(result.unused_facts)}", file=sys.stderr)
    return 0
