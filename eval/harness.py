"""Run an evaluation: draft (or read) every case, score it next to the naive baseline, write the report."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.settings import Settings
from eval.cases import Case, load_cases
from eval.naive import naive_draft
from eval.scoring import aggregate, prepare_reference, score_draft

NAIVE = "naive"
DRAFT_SUFFIXES = (".md", ".txt", ".docx")
Progress = Callable[[int, int, str], None]


def _embedder(settings: Settings):
    from assistant.embeddings import get_embeddings
    from eval.headings import HeadingEmbedder

    return HeadingEmbedder(get_embeddings(settings))


def read_draft(drafts_dir: Path, case_id: str) -> str | None:
    """The draft for one case: DIR/<id>.md, .txt or .docx; None when there is none."""
    for suffix in DRAFT_SUFFIXES:
        path = drafts_dir / f"{case_id}{suffix}"
        if path.is_file():
            if suffix == ".docx":
                from assistant.loaders import load_document

                return load_document(path, clean=False).text
            return path.read_text(encoding="utf-8")
    return None


def _drafter(backend: str, settings: Settings) -> Callable[[Case], str]:
    from assistant.drafting import DraftRequest
    from assistant.drafting.chain import draft
    from assistant.role_model import reference_documents

    def run(case: Case) -> str:
        request = DraftRequest(
            paste=case.input,
            unit=case.unit,
            period=case.period,
            next_period=case.next_period,
            backend=backend,
            # never score a case with a role classifier that has read its own reference
            exclude_docs=reference_documents(case.extra.get("source"), case.title),
            title=case.title,  # what the writer types in the 标题 field, as unit and period
        )
        return draft(request, settings).text

    return run


def run_cases(
    cases_path: str | Path,
    *,
    backend: str | None,
    out_dir: str | Path,
    drafts_dir: str | Path | None = None,
    settings: Settings,
    progress: Progress | None = None,
    judge: bool = False,
) -> dict:
    """Score every case for the system under test and `naive`; write report.json, report.html, drafts/."""
    cases = load_cases(cases_path)
    out = Path(out_dir)
    if drafts_dir is not None:
        drafts_dir = Path(drafts_dir)
        if not drafts_dir.is_dir():
            raise InputError(f"找不到草稿目录 {drafts_dir}。")
        missing = [c.id for c in cases if read_draft(drafts_dir, c.id) is None]
        if missing:
            raise InputError(
                f"草稿目录 {drafts_dir} 中缺少这些用例的草稿：{'、'.join(missing)}。",
                hint="每个用例一份草稿，文件名为“用例编号.md”（或 .txt、.docx）。",
            )
        system = backend or drafts_dir.name
        make: Callable[[Case], str] = lambda case: read_draft(drafts_dir, case.id) or ""  # noqa: E731
    else:
        system = backend or settings.llm.backend or "offline"
        make = _drafter(system, settings)
    if system == NAIVE:
        raise InputError("“naive” 是内置基线的名字，请给被测系统换一个名字。")
    systems = [system, NAIVE]
    embedder = _embedder(settings)
    judge_fn = _judge(settings, system) if judge else None

    per_case: dict[str, dict[str, dict]] = {}
    details: dict[str, dict[str, dict]] = {}
    drafts: dict[str, dict[str, str]] = {}
    seconds: list[float] = []
    steps = 2 * len(cases)  # draft every case, then score every case
    started = time.perf_counter()
    for index, case in enumerate(cases):
        if progress:
            progress(index, steps, f"起草 {case.id}")
        t0 = time.perf_counter()
        drafts[case.id] = {system: make(case)}
        seconds.append(time.perf_counter() - t0)
        drafts[case.id][NAIVE] = naive_draft(case)
    references = {case.id: prepare_reference(case) for case in cases}
    embedder.warm([*references.values()], [t for texts in drafts.values() for t in texts.values()])
    for index, case in enumerate(cases):
        if progress:
            progress(len(cases) + index, steps, f"打分 {case.id}")
        per_case[case.id], details[case.id] = {}, {}
        for name, text in drafts[case.id].items():
            flat, detail = score_draft(text, references[case.id], embedder)
            if judge_fn is not None:
                judged = judge_fn(case, text)
                flat.update(judged["scores"])
                detail["llm_judge"] = judged
            per_case[case.id][name], details[case.id][name] = flat, detail
    if progress:
        progress(steps, steps, "")
    total = time.perf_counter() - started

    report: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "cases_file": str(cases_path),
        "systems": systems,
        "source": "drafts" if drafts_dir is not None else "generated",
        "drafts_dir": str(drafts_dir) if drafts_dir is not None else None,
        "aggregate": aggregate(per_case, systems),
        "cases": per_case,
        "details": details,
        "case_info": {c.id: {"title": c.title, "unit": c.unit, "period": c.period} for c in cases},
        "timing": {
            "seconds": round(total, 3),
            "cases_per_second": round(len(cases) / total, 3) if total else None,
            "draft_seconds_mean": round(sum(seconds) / len(seconds), 4) if seconds else None,
        },
        "llm_judged": bool(judge_fn),
    }
    write_outputs(report, cases, drafts, out)
    return report


def write_outputs(
    report: dict, cases: list[Case], drafts: dict[str, dict[str, str]], out: Path
) -> None:
    from eval.report_html import render_html

    try:
        out.mkdir(parents=True, exist_ok=True)
        for case_id, texts in drafts.items():
            for system, text in texts.items():
                _write_under(out, Path("drafts", system, f"{case_id}.md"), text)
        _write_under(out, Path("report.json"), json.dumps(report, ensure_ascii=False, indent=2))
        _write_under(out, Path("report.html"), render_html(report, cases, drafts))
    except OSError as exc:
        raise InputError(
            f"评测结果无法写入 {out}：{exc.strerror or exc}。", hint="请换一个可写的 --out 目录。"
        ) from exc


def _write_under(out: Path, relative: Path, text: str) -> None:
    """Write out/relative, refusing any path that resolves outside `out` (ids, system names)."""
    root = out.resolve()
    target = (root / relative).resolve()
    if "\x00" in str(relative) or not target.is_relative_to(root) or target == root:
        raise InputError(f"拒绝写入评测输出目录之外的文件：{relative}。")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _judge(settings: Settings, system: str):
    """The LLM judge, or None when no LLM backend is configured (it never runs on the offline engine)."""
    from eval.judge import make_judge

    return make_judge(settings, system)
