"""The offline engine on cases made from the seed reports: figures, numbering, placement, style."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.drafting import DraftRequest, revise
from assistant.drafting.chain import draft
from assistant.errors import InputError
from assistant.figures import contains_figure, figure_keys, find_figures, normalize
from assistant.guard import check_numbering
from assistant.structure import parse_document

ROOT = Path(__file__).resolve().parents[1]
CASE_FILES = [
    ROOT / "tests" / "data" / "drafting_cases.jsonl",
    ROOT / "eval" / "cases" / "dev.jsonl",
]


def _cases():
    for path in CASE_FILES:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    case = json.loads(line)
                    yield pytest.param(case, id=f"{path.parent.name}:{case['id']}")


CASES = list(_cases())


def _request(case, with_fields=True):
    if not with_fields:
        return DraftRequest(case["input"])
    return DraftRequest(
        case["input"], unit=case["unit"], period=case["period"], next_period=case["next_period"]
    )


def _placed_role(doc, text, fact_text):
    """Role of the part where the fact's closing words sit (after the opening paragraph)."""
    probe = re.sub(r"[。；，\s]+$", "", fact_text)[-8:]
    pos = text.find(probe, text.find("一、"))
    return doc.role_at(pos) if pos >= 0 else None


@pytest.mark.parametrize("case", CASES)
def test_offline_draft_of_a_seed_case(case, settings):
    result = draft(_request(case), settings)
    text = result.text
    # every input figure appears verbatim
    figures = [f for fact in case["facts"] for f in find_figures(fact["text"])]
    assert figures, "a case without figures tests nothing"
    assert [f.text for f in figures if not contains_figure(text, f)] == []
    # no figure that the facts, the unit, the period or the next period do not give
    allowed = set().union(
        *(figure_keys(x) for x in [case["unit"], case["period"], case["next_period"]])
    )
    allowed |= set().union(*(figure_keys(f["text"]) for f in case["facts"]))
    sources = [normalize(f["text"]) for f in case["facts"]]
    unsourced = [
        f.text
        for f in find_figures(text)
        if f.key not in allowed and not any(normalize(f.text) in s for s in sources)
    ]
    assert unsourced == []
    # numbering and the three parts in order
    assert check_numbering(text) == []
    doc = parse_document(text)
    assert [p.role for p in doc.parts] == ["achievements", "problems", "plans"]
    assert doc.parts[0].heading.title == f"{case['period']}工作开展情况"
    # at least 90% of facts in the part their role says
    placed = [_placed_role(doc, text, f["text"]) == f["role"] for f in case["facts"]]
    assert sum(placed) / len(placed) >= 0.9, [
        f["text"] for f, ok in zip(case["facts"], placed, strict=True) if not ok
    ]
    assert result.unused_facts == [] and result.fixups == []


@pytest.mark.parametrize("case", CASES)
def test_reads_like_a_report_not_the_list(case, settings):
    result = draft(_request(case), settings)
    text = result.text
    assert result.title.endswith("工作计划") and case["period"] in result.title
    opening = result.sections[0].paragraphs[0].text
    assert case["period"] in opening and "现将" in opening and opening.endswith("报告如下：")
    assert re.search(r"一是.+二是", text), "facts go into 一是/二是 run-in lists"
    body = [p for s in result.sections for p in s.paragraphs if p.kind == "body"]
    assert all(p.text.endswith(("。", "：")) for p in body)
    # the paste's lines are woven into paragraphs: far fewer lines than facts, and framing sentences
    assert len(text.splitlines()) < len(case["facts"]) + 12
    assert sum(len(p.text) for p in body) > 1.4 * sum(len(f["text"]) for f in case["facts"])
    # a bullet never survives
    assert not re.search(r"^\s*(?:[-•*]\s|\d+[.、])", text, re.M)


@pytest.mark.parametrize("case", CASES[:5])
def test_inferred_fields_still_give_a_valid_draft(case, settings):
    result = draft(_request(case, with_fields=False), settings)
    assert check_numbering(result.text) == []
    assert [
        f.text
        for fact in case["facts"]
        for f in find_figures(fact["text"])
        if not contains_figure(result.text, f)
    ] == []


def test_stream_is_the_draft_and_deterministic(settings):
    case = CASES[0].values[0]
    pieces: list[str] = []
    first = draft(_request(case), settings, on_token=pieces.append)
    assert len(pieces) > 50 and "".join(pieces) == first.text
    again = draft(_request(case), settings)
    assert again.to_json() == first.to_json()


def test_json_has_ledger_and_provenance(settings):
    case = CASES[0].values[0]
    data = json.loads(draft(_request(case), settings).to_json())
    assert {"text", "facts", "unused_facts", "fixups", "sections"} <= set(data)
    fact = data["facts"][0]
    assert fact["used_in"] and fact["section"].startswith("一、") and fact["role_reason"]
    paragraph_ids = {p["id"] for s in data["sections"] for p in s["paragraphs"]}
    assert all(set(f["used_in"]) <= paragraph_ids for f in data["facts"])


def test_edited_outline_is_followed(settings):
    from assistant.facts import parse_facts
    from assistant.outline import propose_outline

    paste = "成绩：\n- 查处黑车300余辆\n- 清除牛皮癣900余处\n- 拆除违建20处\n问题：\n- 执法力量不足\n计划：\n- 新建公厕3座"
    ledger = parse_facts(paste, period="2023年")
    text = propose_outline(ledger).to_text().replace("F03", "")  # the writer drops F03
    result = draft(DraftRequest(paste, period="2023年", outline=text), settings)
    assert "拆除违建20处" not in result.text and result.unused_facts == ["F03"]
    assert "查处黑车300余辆" in result.text


@pytest.mark.parametrize("op", ["扩写", "精简", "润色", "重写"])
def test_offline_revise_keeps_facts_and_passes_the_guard(op, settings):
    case = CASES[0].values[0]
    before = draft(_request(case), settings)
    target = next(p for s in before.sections for p in s.paragraphs if len(p.fact_ids) >= 2)
    after = revise(before, op, target.id, settings=settings)
    new = after.paragraph(target.id)[1]
    assert new.text != target.text or op == "润色"
    for fid in target.fact_ids:
        fact = next(f for f in before.facts if f.id == fid)
        assert all(contains_figure(new.text, g) for g in fact.figures)
    assert sorted(new.fact_ids) == sorted(target.fact_ids)
    assert after.findings == [] and check_numbering(after.text) == []
    assert before.paragraph(target.id)[1].text == target.text  # the original draft is kept


def test_revise_a_whole_part(settings):
    case = CASES[0].values[0]
    before = draft(_request(case), settings)
    after = revise(before, "精简", 1, settings=settings)
    assert len(after.sections[1].text) < len(before.sections[1].text)
    assert after.unused_facts == [] and after.findings == []


def test_offline_refuses_free_instructions_clearly(settings):
    before = draft(_request(CASES[0].values[0]), settings)
    with pytest.raises(InputError, match="自由指令"):
        revise(before, "", "P03", instruction="写得更生动", settings=settings)
    with pytest.raises(InputError, match="没有找到"):
        revise(before, "扩写", "P999", settings=settings)
    with pytest.raises(InputError, match="不认识"):
        revise(before, "翻译", "P03", settings=settings)


def test_an_added_sub_heading_without_facts_is_left_out_not_invented(settings):
    from assistant.facts import parse_facts
    from assistant.outline import propose_outline

    paste = "成绩：\n- 查处黑车300余辆\n- 清除牛皮癣900余处\n- 拆除违建20处\n- 培训执法队员120人次"
    ledger = parse_facts(paste, period="2023年")
    text = (
        propose_outline(ledger)
        .to_text()
        .replace("二、存在的主要问题", "（四）新增的小标题\n二、存在的主要问题")
    )
    result = draft(DraftRequest(paste, period="2023年", outline=text), settings)
    assert "新增的小标题" not in result.text
    assert any("新增的小标题" in w for w in result.warnings)
    assert check_numbering(result.text) == []
