"""Plan check results as facts for the draft (both off by default).

Run before the outline: a fully met item with a figure turns its evidence fact into an
achievements sentence that says the plan was met (the figure stays the writer's own; the plan's
figure is never copied); an unmatched item adds a problems line marked 〔待核〕 for the writer to
confirm. The drafting chain and the guard then treat them like any other fact.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.facts import Fact, FactLedger
from assistant.figures import find_figures
from assistant.plan_items import item_name
from assistant.plancheck import ItemResult, words

_LABELS = {"achievements": "成绩", "problems": "问题", "plans": "计划"}  # roles.FACT_LABELS words


def add_plan_facts(
    ledger: FactLedger,
    results: list[ItemResult],
    *,
    achievements: bool = False,
    problems: bool = False,
) -> list[Fact]:
    """Change the ledger in place; returns the facts added or rewritten."""
    changed: list[Fact] = []
    if achievements:
        changed.extend(_met_sentences(ledger, results))
    if problems:
        changed.extend(_missing_lines(ledger, results))
    return changed


def _met_sentences(ledger: FactLedger, results: list[ItemResult]) -> list[Fact]:
    done: set[str] = set()
    out = []
    for result in results:
        compared = [c for c in result.comparisons if c.actual is not None]
        if result.status != "met" or not compared:
            continue
        fact_id = compared[0].fact_id
        if fact_id in done:
            continue
        done.add(fact_id)
        fact = ledger.by_id(fact_id)
        exceeded = any(c.verdict == "exceeded" for c in compared)
        pattern = words()["exceeded_sentence" if exceeded else "met_sentence"]
        text = pattern.format(fact=fact.text.rstrip("。；;，, "))
        new = replace(
            fact,
            text=text,
            figures=find_figures(text),
            role="achievements",
            role_reason=f"{fact.role_reason}; plan check: {result.item.id} met",
        )
        ledger.facts[ledger.facts.index(fact)] = new
        out.append(new)
    return out


def _missing_lines(ledger: FactLedger, results: list[ItemResult]) -> list[Fact]:
    out = []
    line = max((f.line for f in ledger.facts), default=0)
    for result in results:
        if result.status != "missing":
            continue
        text = words()["missing_line"].format(item=item_name(result.item))
        line += 1
        fact = Fact(
            f"F{len(ledger.facts) + 1:02d}",
            text,
            find_figures(text),
            "problems",
            f"plan check: {result.item.id} missing",
            line,
        )
        ledger.facts.append(fact)
        out.append(fact)
    return out


def ledger_paste(ledger: FactLedger) -> str:
    """The ledger as a paste for `zongjie draft -`: one fact a line, the role as its label."""
    lines = []
    if ledger.title:
        lines.append(ledger.title)
    for fact in ledger.facts:
        label = _LABELS.get(fact.role)
        lines.append(f"{label}：{fact.text}" if label else fact.text)
    return "\n".join(lines) + "\n"
