"""Plan against results: status accuracy and 未见成果 precision / recall on the labelled report
pairs, the lexical-only baseline in the same run, and the time for a 40-item plan vs 40 facts."""

from __future__ import annotations

import time

from assistant.facts import parse_facts
from assistant.lexical import tokenize
from assistant.plan_items import plans_text, split_items
from assistant.plancheck import check_plan
from eval.plan_eval import CORPUS, evaluate

SMALL_PLAN = "某局2024年工作计划\n" + "\n".join(
    f"新建第{n}号公厕{n % 7 + 1}座，整治第{n}号背街小巷{n % 5 + 2}条。" for n in range(1, 501)
)


def _five_hundred() -> float:
    """Seconds for a 500-item plan against 40 facts (the 'plan of 500 items' case), its words
    not yet tokenised; jieba's dictionary is loaded first, as the app does at start-up."""
    tokenize("预热")
    items = split_items(plans_text(SMALL_PLAN))
    facts = parse_facts("\n".join(f"新建第{n}号公厕{n % 7 + 1}座" for n in range(1, 41))).facts
    started = time.perf_counter()
    check_plan(items, facts)
    return time.perf_counter() - started


def _row(name: str, m: dict) -> str:
    miss = m["missing"]
    return (
        f"| {name} | {m['accuracy']:.3f} | {miss['precision']:.2f} | {miss['recall']:.2f} | "
        f"{m['met']['precision']:.2f} / {m['met']['recall']:.2f} | "
        f"{m['partial']['precision']:.2f} / {m['partial']['recall']:.2f} |"
    )


def _held_out(h: dict) -> str:
    """Thresholds (MATCH, HALF) chosen without the pairs they are scored on."""
    lopo, national = h["leave_pair_out"], h["national_held_out"]
    chosen = ", ".join(f"{k} {v}" for k, v in h["chosen_on_hailar"].items())
    return (
        f"Held out: leave-one-pair-out accuracy {lopo['accuracy']:.3f} (未见成果 P / R "
        f"{lopo['missing']['precision']:.2f} / {lopo['missing']['recall']:.2f}); chosen on the "
        f"海拉尔 pairs ({chosen}), scored on the national ones "
        f"{national['accuracy']:.3f}."
    )


def run() -> dict:
    data: dict = {"five_hundred_items_s": round(_five_hundred(), 3)}
    lines = []
    if CORPUS.is_dir():
        data.update(evaluate(CORPUS))
        lat = data["latency_40x40"]
        lines += [
            f"{data['hybrid']['labels']} labelled plan items from {data['pairs']} report pairs "
            "(`eval/plancheck/labels.jsonl`).",
            "",
            "| matcher | status accuracy | 未见成果 precision | 未见成果 recall | "
            "已落实 P / R | 部分落实 P / R |",
            "|---|---:|---:|---:|---:|---:|",
            _row("words + figures (plancheck)", data["hybrid"]),
            _row("words only (baseline)", data["lexical_only"]),
            "",
            _held_out(data["held_out"]),
            "",
            f"40-item plan vs 40 facts: p50 {lat['p50_s'] * 1000:.0f} ms, "
            f"p95 {lat['p95_s'] * 1000:.0f} ms (goal < 1 s).",
        ]
    else:
        lines.append(f"../shared/corpus is absent ({CORPUS}): no labelled pairs to score.")
    lines.append(f"500-item plan vs 40 facts: {data['five_hundred_items_s'] * 1000:.0f} ms.")
    return {"title": "Plan against results", "markdown": "\n".join(lines) + "\n", "data": data}
