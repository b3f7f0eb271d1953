"""Evaluation throughput on eval/cases/dev.jsonl: cases per second, drafting with the offline engine
and scoring existing drafts (--drafts), each with its naive baseline; and where the time goes."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from assistant.settings import Settings
from eval.cases import load_cases
from eval.harness import run_cases
from eval.naive import naive_draft
from eval.scoring import prepare_reference, score_draft

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "eval" / "cases" / "dev.jsonl"
RUNS = 3


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run() -> dict:
    cases = load_cases(DEV)
    n = len(cases)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings().with_data_dir(Path(tmp) / "data")
        out = Path(tmp) / "out"
        generate = [
            _timed(lambda: run_cases(DEV, backend="offline", out_dir=out, settings=settings))
            for _ in range(RUNS)
        ]
        drafts = out / "drafts" / "offline"
        rescore = [
            _timed(
                lambda: run_cases(
                    DEV,
                    backend=None,
                    out_dir=Path(tmp) / "re",
                    drafts_dir=drafts,
                    settings=settings,
                )
            )
            for _ in range(RUNS)
        ]
        # scoring alone, without heading embeddings: the text metrics' own cost
        refs = [prepare_reference(c) for c in cases]
        texts = [(drafts / f"{c.id}.md").read_text(encoding="utf-8") for c in cases]
        pairs = [(t, r) for t, r in zip(texts, refs, strict=True)]
        pairs += [(naive_draft(r.case), r) for r in refs]
        text_only = [
            _timed(lambda: [score_draft(t, r, None) for t, r in pairs]) for _ in range(RUNS)
        ]
    rows = [
        ("eval run (offline engine + naive, with report)", generate),
        ("eval run --drafts (score existing drafts + naive)", rescore),
        ("text metrics only (no heading embeddings, no report)", text_only),
    ]
    lines = [
        f"| mode ({n} cases, median of {RUNS}) | seconds | cases/s |",
        "|---|---:|---:|",
    ]
    data = {"cases": n, "runs": RUNS}
    for label, times in rows:
        median = statistics.median(times)
        lines.append(f"| {label} | {median:.2f} | {n / median:.2f} |")
        data[label] = {"seconds": times, "median_s": median, "cases_per_second": n / median}
    return {
        "title": "Evaluation throughput (eval/cases/dev.jsonl)",
        "markdown": "\n".join(lines),
        "data": data,
    }


if __name__ == "__main__":
    print(run()["markdown"])
