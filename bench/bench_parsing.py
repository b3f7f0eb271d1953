"""Parsing speed: cleaning, structure parsing and chunking per report (knowledge/ + ../shared/corpus)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from assistant.chunking import chunk_document
from assistant.cleaning import clean_text
from assistant.structure import parse_document

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 20


def _documents() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "knowledge").glob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        paths += sorted(corpus.glob("*.txt"))
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths]


def _time(fn, text: str) -> float:
    """Median milliseconds of fn(text) over REPEATS runs."""
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn(text)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def run() -> dict:
    rows = []
    for name, text in _documents():
        rows.append(
            {
                "document": name,
                "kb": round(len(text.encode("utf-8")) / 1024, 1),
                "clean_ms": round(_time(clean_text, text), 2),
                "parse_ms": round(_time(parse_document, text), 2),
                "chunk_ms": round(_time(chunk_document, text), 2),
                "chunks": len(chunk_document(text)),
            }
        )
    largest = max(rows, key=lambda r: r["kb"])
    per_60kb = [r["parse_ms"] * 60 / r["kb"] for r in rows]
    lines = [
        "| document | KB | clean ms | parse ms | chunk ms (incl. parse) | chunks |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['document']} | {r['kb']} | {r['clean_ms']} | {r['parse_ms']} | {r['chunk_ms']} "
        f"| {r['chunks']} |"
        for r in rows
    ]
    lines.append("")
    lines.append(
        f"Median parse time scaled to 60 KB: {statistics.median(per_60kb):.1f} ms "
        f"(goal: well under 50 ms). Largest report ({largest['document']}, {largest['kb']} KB): "
        f"parse {largest['parse_ms']} ms, chunk {largest['chunk_ms']} ms. "
        f"Medians of {REPEATS} runs each."
    )
    return {
        "title": "Parsing speed (clean, parse, chunk)",
        "markdown": "\n".join(lines),
        "data": {"rows": rows, "median_parse_ms_per_60kb": statistics.median(per_60kb)},
    }
