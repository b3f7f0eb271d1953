"""Deleting a whole sub-section ("删掉（二）"): its heading and body go, the sub-headings after it
are numbered again, its facts are no longer the draft's, framing that listed its name lists the
others; a part, or a part's only sub-section, is refused and the draft kept."""

from __future__ import annotations

import pytest

from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.drafting.deleting_sections import delete_subsection
from assistant.errors import InputError
from eval.lint import lint_text
from tests.test_deleting import JIAOYU
from tests.test_outline_of import CAIZHENG


def _heading(d, starts: str, part: int = 1):
    section = [s for s in d.sections if s.heading][part - 1]
    return next(p for p in section.paragraphs if p.kind == "heading" and p.text.startswith(starts))


def test_a_middle_sub_section_goes_and_the_rest_are_numbered_again(settings):
    d = draft(DraftRequest(JIAOYU), settings)
    gone = _heading(d, "（二）")
    facts = [f.id for f in d.facts if "双减" in f.text or "集团化办学" in f.text]
    done = delete_subsection(d, gone.id)
    text = done.draft.text
    assert "义务教育优质均衡" not in text and "双减" not in text and "集团化办学" not in text
    assert "（二）教师队伍建设" in text and "（三）" not in text.split("二、")[0]
    assert set(facts) <= set(done.dropped) and set(done.dropped) <= set(done.draft.unused_facts)
    # the opening listed the group among others: it lists the others now
    opening = done.draft.sections[0].paragraphs[0].text
    assert "突出学前教育、教师队伍建设等重点工作" in opening
    # the part's own closing stays, and the draft still passes the structure checks
    assert "回顾2025年工作" in text
    assert lint_text(text).compliance == 1.0
    # the draft it came from is as it was
    assert "（二）义务教育优质均衡" in d.text


def test_the_last_sub_section_goes_and_its_part_keeps_its_closing(settings):
    d = draft(DraftRequest(CAIZHENG, "某县财政局", "2024年"), settings)
    heads = [p for p in d.sections[1].paragraphs if p.kind == "heading"]
    done = delete_subsection(d, heads[-1].id)
    part = done.draft.sections[1]
    assert part.paragraphs[-1].text.startswith("回顾2024年工作")
    assert heads[-1].text not in done.draft.text and "预算绩效评价项目" not in part.text
    for fact in ("发放各类惠民惠农补贴资金", "清理盘活存量资金"):
        assert fact not in done.draft.text
    assert "突出税收收入、重点项目等重点工作" in done.draft.sections[0].paragraphs[0].text


def test_a_parts_only_sub_section_and_a_non_heading_are_refused(settings):
    d = draft(DraftRequest(JIAOYU), settings)
    plans = d.sections[3]
    first = next(p for p in plans.paragraphs if p.kind == "heading")
    once = delete_subsection(d, first.id).draft
    only = next(p for p in once.sections[3].paragraphs if p.kind == "heading")
    with pytest.raises(InputError, match="唯一的小节"):
        delete_subsection(once, only.id)
    body = next(p for p in plans.paragraphs if p.kind == "body")
    with pytest.raises(InputError, match="没有这个小节"):
        delete_subsection(d, body.id)
    assert "（一）持续扩大优质资源" in d.text
