"""Score one draft of one case on every metric; average per system."""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.structure import ParsedDocument, parse_document
from eval.cases import Case
from eval.headings import HeadingEmbedder, heading_grounding, heading_soft_recall
from eval.lint import lint_document
from eval.metrics import fact_metrics, figure_metrics, length_score, rouge_metrics, text_length

#: the flat metrics of report.json, in display order, with how to read them
METRICS: dict[str, str] = {
    "structure_compliance": "结构合规率（lint 规则通过比例，越高越好）",
    "figure_recall": "输入数字原样出现的比例（越高越好）",
    "figure_precision": "草稿数字可溯源的比例（越高越好）",
    "fabricated_figures": "无来源数字个数（越少越好）",
    "fact_coverage": "事实覆盖率（越高越好）",
    "role_accuracy": "事实所在部分正确的比例（越高越好）",
    "rouge_l_f1": "与参考稿的字符级 ROUGE-L F1（越高越好）",
    "rouge_l_f1_achievements": "工作开展情况部分 ROUGE-L F1",
    "rouge_l_f1_problems": "存在问题部分 ROUGE-L F1",
    "rouge_l_f1_plans": "工作计划部分 ROUGE-L F1",
    "heading_soft_recall": "参考稿二级标题被草稿标题语义覆盖的比例（越高越好）",
    "heading_grounding": "草稿（一）级标题的实词至少三分之二出自粘贴材料的比例（越高越好）",
    "catch_all_headings": "草稿（一）级标题中“其他工作”之类兜底标题的比例（越低越好）",
    "length_score": "LongBench-Write 长度分 S_l（0–100，越高越好）",
}
#: metrics where smaller is better
LOWER_IS_BETTER = {"fabricated_figures", "catch_all_headings"}


@dataclass
class Reference:
    """A case's reference, parsed once and shared by every system."""

    case: Case
    doc: ParsedDocument
    length: int


def prepare_reference(case: Case) -> Reference:
    return Reference(case, parse_document(case.reference), text_length(case.reference))


def score_draft(text: str, ref: Reference, embedder: HeadingEmbedder | None) -> tuple[dict, dict]:
    """(flat metrics, details) of one draft against its case."""
    case = ref.case
    doc = parse_document(text)
    lint = lint_document(doc, period=case.period, next_period=case.next_period)
    figures = figure_metrics(text, case, doc)
    facts = fact_metrics(text, case, doc)
    rouge = rouge_metrics(text, case.reference, doc, ref.doc)
    headings = (
        heading_soft_recall(doc, ref.doc, embedder)
        if embedder is not None
        else {"heading_soft_recall": None, "heading_matches": []}
    )
    grounds = heading_grounding(doc, case.input)
    length = text_length(text)
    flat = {
        "structure_compliance": lint.compliance,
        "figure_recall": figures["figure_recall"],
        "figure_precision": figures["figure_precision"],
        "fabricated_figures": figures["fabricated_figures"],
        "fact_coverage": facts["fact_coverage"],
        "role_accuracy": facts["role_accuracy"],
        **rouge,
        "heading_soft_recall": headings["heading_soft_recall"],
        "heading_grounding": grounds["heading_grounding"],
        "catch_all_headings": grounds["catch_all_headings"],
        "length_score": length_score(ref.length, length),
        "draft_length": length,
        "reference_length": ref.length,
    }
    details = {
        "lint": lint.to_json(),
        "missing_figures": figures["missing_figure_list"],
        "fabricated": figures["fabricated_figure_list"],
        "facts": facts["fact_details"],
        "heading_matches": headings["heading_matches"],
        "heading_grounds": grounds["heading_grounds"],
    }
    return flat, details


def mean(values) -> float | None:
    kept = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return sum(kept) / len(kept) if kept else None


def aggregate(per_case: dict[str, dict[str, dict]], systems: list[str]) -> dict[str, dict]:
    """Mean of every metric per system over the cases where it is defined."""
    out = {}
    for system in systems:
        rows = [per_case[cid][system] for cid in per_case if system in per_case[cid]]
        keys = list(dict.fromkeys(k for row in rows for k in row))
        out[system] = {k: mean(row.get(k) for row in rows) for k in keys}
        out[system]["cases"] = len(rows)
    return out
