"""Compare two report.json files: a table of metric deltas (B minus A) per system."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.errors import InputError
from eval.scoring import LOWER_IS_BETTER, METRICS


def load_report(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"找不到评测报告 {path}。") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"评测报告 {path} 无法读取：{exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("aggregate"), dict):
        raise InputError(f"{path} 不是评测报告（缺少 “aggregate”）。")
    return data


def compare_reports(a: dict, b: dict) -> list[dict]:
    """One row per (system, metric) present in both reports: a, b, delta and whether B is better."""
    rows = []
    for system in [s for s in a["aggregate"] if s in b["aggregate"]]:
        left, right = a["aggregate"][system], b["aggregate"][system]
        names = [m for m in METRICS if m in left or m in right]
        names += sorted(k for k in set(left) & set(right) if k.startswith("judge_"))
        for metric in names:
            va, vb = left.get(metric), right.get(metric)
            delta = vb - va if va is not None and vb is not None else None
            better = None
            if delta is not None and abs(delta) > 1e-9:
                better = (delta < 0) if metric in LOWER_IS_BETTER else (delta > 0)
            rows.append(
                {
                    "system": system,
                    "metric": metric,
                    "a": va,
                    "b": vb,
                    "delta": delta,
                    "b_better": better,
                }
            )
    return rows


def format_table(rows: list[dict], name_a: str = "A", name_b: str = "B") -> str:
    def num(v):
        return "–" if v is None else f"{v:.3f}"

    header = f"{'系统':<10} {'指标':<26} {name_a[:12]:>12} {name_b[:12]:>12} {'变化':>9}"
    lines = [header, "-" * len(header)]
    for r in rows:
        mark = "" if r["b_better"] is None else ("  ↑更好" if r["b_better"] else "  ↓更差")
        delta = "–" if r["delta"] is None else f"{r['delta']:+.3f}"
        lines.append(
            f"{r['system']:<10} {r['metric']:<26} {num(r['a']):>12} {num(r['b']):>12} {delta:>9}{mark}"
        )
    return "\n".join(lines)
