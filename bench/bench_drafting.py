"""Drafting latency: the offline engine for 10, 30 and 100 facts, and the chain's own overhead.

The overhead is measured with an instant backend that answers each rendered prompt at once
with the facts as a run-in list (a perfect, infinitely fast model): what is left is prompt
rendering, paragraph splitting, fact attribution and the guard.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from assistant.drafting.backends import Backend, register
from assistant.drafting.backends.offline_clauses import runin_list
from assistant.drafting.chain import draft
from assistant.drafting.model import DraftRequest
from assistant.facts import parse_facts
from assistant.outline import propose_outline
from assistant.settings import Settings
from bench.timing import p95 as _p95
from bench.timing import times_ms

ROOT = Path(__file__).resolve().parents[1]
CASES = [ROOT / "tests" / "data" / "drafting_cases.jsonl", ROOT / "eval" / "cases" / "dev.jsonl"]
SIZES = (10, 30, 100)
RUNS = 30
LABEL = {"achievements": "成绩：", "problems": "问题：", "plans": "计划："}


@register
class InstantBackend(Backend):
    """Answers every prompt at once; isolates the chain's cost from the model's."""

    name = "bench-instant"

    def generate(self, task, on_token=None):
        if task.kind in ("repair", "revise"):
            text = task.text
        else:
            text = (
                runin_list([f.text for f in task.facts]) if task.facts else "现将有关情况报告如下："
            )
        if on_token:
            on_token(text)
        return text


def fact_pool() -> list[tuple[str, str]]:
    seen, pool = set(), []
    for path in CASES:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            for fact in json.loads(line)["facts"] if line.strip() else []:
                if fact["text"] not in seen:
                    seen.add(fact["text"])
                    pool.append((fact["text"], fact["role"]))
    return pool


def paste_of(n: int, pool: list[tuple[str, str]]) -> str:
    chosen = [pool[i % len(pool)] for i in range(n)]
    lines = []
    for role in ("achievements", "problems", "plans"):
        lines.append(LABEL[role])
        lines += [f"- {text}" for text, r in chosen if r == role]
    return "\n".join(lines) + "\n"


def _times(fn, runs: int = RUNS) -> list[float]:
    return times_ms(fn, runs)


def run() -> dict:
    settings = Settings()
    pool = fact_pool()
    rows, data = [], {}
    for n in SIZES:
        paste = paste_of(n, pool)
        request = DraftRequest(paste, unit="某县城市管理局", period="2023年", next_period="2024年")
        offline = _times(lambda r=request: draft(r, settings))
        instant_request = DraftRequest(
            paste,
            unit="某县城市管理局",
            period="2023年",
            next_period="2024年",
            backend="bench-instant",
        )
        chain = _times(lambda r=instant_request: draft(r, settings))
        parse = _times(lambda p=paste: propose_outline(parse_facts(p, period="2023年")))
        data[n] = {
            "offline_median_ms": statistics.median(offline),
            "offline_p95_ms": _p95(offline),
            "chain_overhead_median_ms": statistics.median(chain),
            "chain_overhead_p95_ms": _p95(chain),
            "facts_and_outline_median_ms": statistics.median(parse),
        }
        d = data[n]
        rows.append(
            f"| {n} | {d['offline_median_ms']:.1f} | {d['offline_p95_ms']:.1f} | "
            f"{d['chain_overhead_median_ms']:.1f} | {d['chain_overhead_p95_ms']:.1f} | {d['facts_and_outline_median_ms']:.1f} |"
        )
    markdown = "\n".join(
        [
            f"Offline engine vs. the chain around an instant model ({RUNS} runs each, no knowledge base). Target: offline p95 < 300 ms at 30 facts.",
            "",
            "| facts | offline median ms | offline p95 ms | chain overhead median ms | chain overhead p95 ms | facts+outline median ms |",
            "|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    return {
        "title": "Drafting latency (offline engine, chain overhead)",
        "markdown": markdown,
        "data": data,
    }


if __name__ == "__main__":
    print(run()["markdown"])
