"""The evaluation on both case sets: quality of the offline engine next to the naive baseline on
eval/cases/dev.jsonl (城管 seeds) and eval/cases/corpus.jsonl (平潭 departments), and throughput:
cases per second, drafting with the offline engine and scoring existing drafts (--drafts)."""

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
CASE_SETS = {"dev.jsonl": DEV, "corpus.jsonl": ROOT / "eval" / "cases" / "corpus.jsonl"}
RUNS = 3
# the metrics of issue 8's goals, in the order the table shows them
QUALITY = (
    "role_accuracy",
    "rouge_l_f1",
    "heading_soft_recall",
    "heading_grounding",
    "catch_all_headings",
    "structure_compliance",
    "figure_recall",
    "fabricated_figures",
)


def quality(settings: Settings, out: Path) -> tuple[list[str], dict]:
    """One offline eval run per case set: offline vs naive on the goal metrics."""
    lines = [
        "| metric | " + " | ".join(f"{name} offline / naive" for name in CASE_SETS) + " |",
        "|---|" + "---:|" * len(CASE_SETS),
    ]
    reports = {
        name: run_cases(path, backend="offline", out_dir=out / name, settings=settings)
        for name, path in CASE_SETS.items()
    }
    data = {name: report["aggregate"] for name, report in reports.items()}
    for metric in QUALITY:
        cells = []
        for name in CASE_SETS:
            agg = data[name]
            mine, naive = agg["offline"].get(metric), agg["naive"].get(metric)
            cells.append(f"{_fmt(mine)} / {_fmt(naive)}")
        lines.append(f"| {metric} | " + " | ".join(cells) + " |")
    return lines, data


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.3f}"


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run() -> dict:
    cases = load_cases(DEV)
    n = len(cases)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings().with_data_dir(Path(tmp) / "data")
        quality_lines, quality_data = quality(settings, Path(tmp) / "quality")
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
    data = {"cases": n, "runs": RUNS, "quality": quality_data}
    for label, times in rows:
        median = statistics.median(times)
        lines.append(f"| {label} | {median:.2f} | {n / median:.2f} |")
        data[label] = {"seconds": times, "median_s": median, "cases_per_second": n / median}
    markdown = [
        "Quality, offline engine vs naive (facts pasted in order), one run per set:",
        "",
        *quality_lines,
        "",
        "Throughput on dev.jsonl:",
        "",
        *lines,
    ]
    return {
        "title": "Evaluation: quality on both case sets, throughput",
        "markdown": "\n".join(markdown),
        "data": data,
    }


if __name__ == "__main__":
    print(run()["markdown"])
