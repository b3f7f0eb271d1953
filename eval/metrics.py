"""Fact metrics (figures, coverage, role placement) and reference metrics (ROUGE-L, length score)."""

from __future__ import annotations

from assistant import checks
from assistant.figures import Figure, contains_figure, find_figures
from assistant.structure import ParsedDocument, parse_document
from eval.cases import CASE_ROLES, Case
from eval.lcs import rouge_l

# ---------------------------------------------------------------- figures


def _fact_figures(case: Case) -> list[Figure]:
    return [fig for fact in case.facts for fig in find_figures(fact.text)]


def figure_metrics(draft: str, case: Case, parsed: ParsedDocument | None = None) -> dict:
    """Recall of input figures (verbatim), precision of draft figures (traceable), fabricated list."""
    parsed = parsed or parse_document(draft)
    wanted = _fact_figures(case)
    found = [fig for fig in wanted if contains_figure(draft, fig)]
    draft_figs = find_figures(draft)
    # the guard's rule (assistant.checks), with the paste itself as the writer's material
    fabricated = checks.invented_figures(
        draft,
        [case.input, *(f.text for f in case.facts)],
        period=case.period,
        next_period=case.next_period,
        unit=case.unit,
        doc=parsed,
    )
    return {
        "figure_recall": len(found) / len(wanted) if wanted else None,
        "figure_precision": 1 - len(fabricated) / len(draft_figs) if draft_figs else None,
        "fabricated_figures": len(fabricated),
        "missing_figure_list": [fig.text for fig in wanted if fig not in found],
        "fabricated_figure_list": [{"text": f.text, "start": f.start} for f in fabricated],
    }


# ---------------------------------------------------------------- facts and roles


def fact_metrics(draft: str, case: Case, parsed: ParsedDocument | None = None) -> dict:
    """Fact coverage (the guard's rule, `checks.carries`, paragraph by paragraph) and role
    placement accuracy (the role where the paragraph carrying the fact sits)."""
    parsed = parsed or parse_document(draft)
    covered, placed_right, details = 0, 0, []
    for fact in case.facts:
        share, start = checks.locate(draft, fact)
        role = parsed.role_at(start) if start is not None else None
        covered += start is not None
        placed_right += role == fact.role
        details.append(
            {
                "fact": fact.text,
                "role": fact.role,
                "covered": start is not None,
                "share": round(share, 3),
                "placed_in": role,
            }
        )
    return {
        "fact_coverage": covered / len(case.facts),
        "role_accuracy": placed_right / covered if covered else None,
        "fact_details": details,
    }


# ---------------------------------------------------------------- against the reference


def role_texts(parsed: ParsedDocument) -> dict[str, str]:
    """Text of each role's parts; problems written inside another part count as problems."""
    texts = {role: "" for role in CASE_ROLES}
    for part in parsed.parts:
        if part.role in texts:
            texts[part.role] += parsed.text[part.start : part.end]
    if not texts["problems"]:
        for span in getattr(parsed, "problem_spans", None) or []:
            start, end = (span.start, span.end) if hasattr(span, "start") else span
            texts["problems"] += parsed.text[start:end]
    return texts


def rouge_metrics(draft: str, reference: str, draft_doc=None, reference_doc=None) -> dict:
    """Character-level ROUGE-L F1 overall and per part (None where the reference has no such part)."""
    out = {"rouge_l_f1": rouge_l(draft, reference)["f1"]}
    draft_parts = role_texts(draft_doc or parse_document(draft))
    ref_parts = role_texts(reference_doc or parse_document(reference))
    for role in CASE_ROLES:
        ref = ref_parts[role]
        out[f"rouge_l_f1_{role}"] = rouge_l(draft_parts[role], ref)["f1"] if ref.strip() else None
    return out


def text_length(text: str) -> int:
    """Characters other than whitespace: what a writer would call the length of a 公文."""
    return sum(1 for ch in text if not ch.isspace())


def length_score(x: int, y: int) -> float:
    """LongBench-Write S_l (0-100): x the reference (required) length, y the draft length."""
    if x <= 0:
        return 100.0 if y <= 0 else 0.0
    if y <= 0:
        return 0.0
    if y > x:
        return 100 * max(0.0, 1 - (y / x - 1) / 3)
    return 100 * max(0.0, 1 - (x / y - 1) / 2)
