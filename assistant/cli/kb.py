"""Knowledge-base commands: ingest, search, kb list / remove / init / reindex / check / repair."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import InputError, user_message
from assistant.roles import ROLES
from assistant.settings import Settings

SAMPLE_QUERY = "清理牛皮癣"


def register(subparsers: argparse._SubParsersAction) -> None:
    ingest = subparsers.add_parser("ingest", help="把文件或文件夹导入知识库")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="文件或文件夹（递归）")
    ingest.add_argument("--quiet", "-q", action="store_true", help="不显示进度条")
    ingest.set_defaults(func=cmd_ingest)

    search = subparsers.add_parser("search", help="在知识库中检索例文段落")
    search.add_argument("query", nargs="?", help="检索内容")
    search.add_argument("--role", choices=ROLES, help="段落类型")
    search.add_argument("--unit", help="只看某单位的报告")
    search.add_argument("--period", help="只看某时期的报告，如 2017年")
    search.add_argument("--exclude-doc", dest="exclude_doc", help="排除某文档（编号）")
    search.add_argument("-k", type=int, default=5, help="返回条数（默认 5）")
    search.add_argument("--json", action="store_true", help="输出 JSON")
    search.add_argument("--queries", help="文件，每行一个检索（配合 --json 输出 JSON Lines）")
    search.add_argument("--mode", choices=("hybrid", "bm25", "dense"), default="hybrid")
    search.set_defaults(func=cmd_search)

    kb = subparsers.add_parser("kb", help="管理知识库")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="ACTION")
    listing = kb_sub.add_parser("list", help="列出知识库中的文档")
    listing.add_argument("--json", action="store_true", help="输出 JSON")
    listing.set_defaults(func=cmd_list)
    remove = kb_sub.add_parser("remove", help="从知识库删除一个文档")
    remove.add_argument("doc_id", help="文档编号（见 kb list）")
    remove.set_defaults(func=cmd_remove)
    init = kb_sub.add_parser("init", help="知识库为空时导入内置样例报告，并演示检索")
    init.set_defaults(func=cmd_init)
    reindex = kb_sub.add_parser("reindex", help="用当前嵌入模型重建全部向量")
    reindex.set_defaults(func=cmd_reindex)
    check = kb_sub.add_parser("check", help="检查知识库清单与向量库是否一致")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.set_defaults(func=cmd_check)
    repair = kb_sub.add_parser("repair", help="把损坏的向量库移到一旁，按清单重建")
    repair.add_argument("--force", action="store_true", help="检查无误时也重建")
    repair.set_defaults(func=cmd_repair)
    kb.set_defaults(func=lambda args, settings: kb.print_help() or 2)


def _open(settings: Settings):
    from assistant.kb import KnowledgeBase  # keeps `zongjie --help` fast

    return KnowledgeBase(settings)


class _Bar:
    """tqdm progress bar on stderr, fed by the ingest progress callback."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=what, unit="段", file=sys.stderr, mininterval=0.5)
        self.bar.update(done - self.bar.n)

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def _print_report(report) -> int:
    for error in report.errors:
        print(user_message(error), file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    kb = _open(settings)
    with _Bar(not args.quiet) as bar:
        report = kb.ingest(args.paths, progress=bar)
    return _print_report(report)


def _hit_json(hit) -> dict:
    return {
        "text": hit.text,
        "title": hit.title,
        "heading_path": hit.heading_path,
        "role": hit.role,
        "score": hit.score,
    }


def _print_hits(query: str, hits, as_json: bool) -> None:
    if as_json:
        print(json.dumps([_hit_json(h) for h in hits], ensure_ascii=False), flush=True)
        return
    if not hits:
        print(f"没有找到与“{query}”相关的段落。")
        return
    for n, hit in enumerate(hits, 1):
        print(
            f"[{n}] {hit.title}  |  {hit.heading_path or '（正文）'}  |  {hit.role}  |  {hit.score:.4f}"
        )
        text = hit.text if len(hit.text) <= 160 else hit.text[:160] + "…"
        print(f"    {text}")


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    if args.k <= 0:
        raise InputError("-k 必须是正整数。")
    if args.queries:
        path = Path(args.queries)
        try:
            queries = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"无法读取检索文件 {path}：{exc}") from exc
    elif args.query:
        queries = [args.query]
    else:
        raise InputError("请给出检索内容，或用 --queries 指定每行一个检索的文件。")
    kb = _open(settings)
    if kb.is_empty:
        print(
            "知识库是空的：先用 zongjie ingest 导入过往报告，或运行 zongjie kb init 导入样例。",
            file=sys.stderr,
        )
    filters = {
        "role": args.role,
        "unit": args.unit,
        "period": args.period,
        "exclude_doc": args.exclude_doc,
    }
    for query in queries:
        if args.queries and not query.strip():
            hits = []  # keep one output line per input line
        else:
            hits = kb.search(query, k=args.k, mode=args.mode, **filters)
        if not args.json and len(queries) > 1:
            print(f"== {query}")
        _print_hits(query, hits, args.json)
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    docs = _open(settings).list_documents()
    if args.json:
        print(json.dumps([d.to_dict() for d in docs], ensure_ascii=False))
        return 0
    if not docs:
        print("知识库是空的。用 zongjie ingest 文件或文件夹 导入过往报告，或运行 zongjie kb init。")
        return 0
    for d in docs:
        roles = "，".join(f"{r} {n}" for r, n in sorted(d.roles.items()))
        print(
            f"{d.doc_id}  {d.title}  [{d.unit or '单位未知'} · {d.period or '时期未知'}]  {d.chunks} 段（{roles}）"
        )
    print(f"共 {len(docs)} 个文档，{sum(d.chunks for d in docs)} 个片段。")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    info = _open(settings).remove(args.doc_id)
    print(f"已删除：{info.doc_id}  {info.title}（{info.chunks} 段）")
    return 0


def cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    kb = _open(settings)
    with _Bar(True) as bar:
        report = kb.ensure_builtin(progress=bar)
    if report is not None:
        print("已导入内置样例报告：" + report.summary())
        for error in report.errors:
            print(user_message(error), file=sys.stderr)
    print(f"知识库位置：{settings.data_dir}")
    cmd_list(argparse.Namespace(json=False), settings)
    print(f"\n示例检索：zongjie search “{SAMPLE_QUERY}” --role achievements -k 3")
    _print_hits(SAMPLE_QUERY, kb.search(SAMPLE_QUERY, k=3, role="achievements"), False)
    return 0


def cmd_reindex(args: argparse.Namespace, settings: Settings) -> int:
    kb = _open(settings)
    with _Bar(True) as bar:
        count = kb.reindex(progress=bar)
    print(f"已用模型 {kb.model_name} 重建索引：{count} 个片段。")
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.kb_health import check

    health = check(_open(settings))
    if args.json:
        print(json.dumps(health.to_dict(), ensure_ascii=False))
        return 0 if health.ok else 1
    print(f"知识库：集合 {health.collection}（{health.where}），清单 {health.ledger}")
    vectors = "无法打开" if health.store_vectors is None else f"{health.store_vectors} 个向量"
    print(f"文档 {health.documents} 个，片段 {health.ledger_chunks} 个；向量库：{vectors}。")
    if health.orphans:
        print(f"向量库中另有 {health.orphans} 个清单之外的向量（检索时忽略）。")
    if health.interrupted:
        print("上次导入或删除没有完成，下次打开知识库时会自动清理。")
    for problem in health.problems:
        print(f"问题：{problem}")
    if health.fix:
        print(f"修复：运行 {health.fix}")
    if health.ok:
        print("检查通过：清单与向量库一致。")
    return 0 if health.ok else 1


def cmd_repair(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.kb_health import check, estimate_seconds, repair

    kb = _open(settings)
    health = check(kb)
    if health.ok and not args.force:
        print("检查通过：清单与向量库一致，无需修复（加 --force 仍可重建）。")
        return 0
    chunks = health.ledger_chunks
    print(
        f"将按清单重建 {chunks} 个片段的向量，预计约 {estimate_seconds(chunks):.0f} 秒……",
        file=sys.stderr,
    )
    with _Bar(True) as bar:
        report = repair(kb, progress=bar)
    if report.moved_to:
        print(f"原向量库已移到 {report.moved_to}（确认无误后可删除）。")
    print(f"已重建 {report.chunks} 个片段，用时 {report.seconds:.1f} 秒。")
    return 0
