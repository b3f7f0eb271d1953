"""Offline draft of 30 unmarked facts (no 成绩：/问题：/计划： markers): without a knowledge base
and with the built-in one (knowledge/, ingested once into a temporary data directory).

Unmarked facts exercise what markers skip: role decision per fact, open-vocabulary topic
groups and headings named from the facts, and (with the knowledge base) exemplar retrieval
per part and framing sentences borrowed from the exemplars.
Targets (issue 8): p95 < 300 ms without a knowledge base, < 1 s with the built-in one.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

from assistant.drafting.chain import draft
from assistant.drafting.model import DraftRequest
from assistant.settings import Settings
from bench.timing import p95 as _p95
from bench.timing import times_ms

ROOT = Path(__file__).resolve().parents[1]
CASES = [ROOT / "eval" / "cases" / "corpus.jsonl", ROOT / "eval" / "cases" / "dev.jsonl"]
FACTS = 30
RUNS = 20


def unmarked_paste(n: int = FACTS) -> str:
    """n facts of the case files, one per line, in their reports' order, no markers."""
    lines: list[str] = []
    for path in CASES:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            for fact in json.loads(line)["facts"] if line.strip() else []:
                if fact["text"] not in lines:
                    lines.append(fact["text"])
    return "\n".join(lines[:n]) + "\n"


def _times(fn, runs: int = RUNS) -> list[float]:
    return times_ms(fn, runs)


def run() -> dict:
    from assistant.kb import KnowledgeBase

    paste = unmarked_paste()
    request = DraftRequest(paste, unit="平潭综合实验区某局", period="2024年", next_period="2025年")
    data = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings().with_data_dir(tmp)
        data["no_kb"] = _times(lambda: draft(request, settings))
        kb = KnowledgeBase(settings)
        kb.ensure_builtin()
        data["builtin_kb"] = _times(lambda: draft(request, settings, kb=kb))
    rows = []
    summary = {}
    for name, label, target in (
        ("no_kb", "no knowledge base", 300),
        ("builtin_kb", "built-in knowledge base", 1000),
    ):
        times = data[name]
        summary[name] = {"median_ms": statistics.median(times), "p95_ms": _p95(times)}
        rows.append(
            f"| {label} | {statistics.median(times):.0f} | {_p95(times):.0f} | < {target} |"
        )
    markdown = "\n".join(
        [
            f"Offline draft of {FACTS} unmarked facts ({RUNS} runs each).",
            "",
            "| setting | median ms | p95 ms | target p95 ms |",
            "|---|---:|---:|---:|",
            *rows,
        ]
    )
    return {"title": "Offline draft, unmarked facts", "markdown": markdown, "data": summary}


if __name__ == "__main__":
    print(run()["markdown"])
