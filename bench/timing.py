"""Timing helpers shared by the benches: repeated runs in milliseconds, and their p95."""

from __future__ import annotations

import time
from collections.abc import Callable


def times_ms(fn: Callable[[], object], runs: int) -> list[float]:
    """`runs` timings of fn() in ms, after one warm-up call (imports, caches, the model)."""
    fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
