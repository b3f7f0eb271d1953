"""Deleting the sentence a writer quotes ("把“双减”那句删掉"): the list renumbered, the facts it
carried no longer the draft's, everything else as it was; refusals leave the draft intact."""

from __future__ import annotations

import pytest

from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.drafting.deleting import delete_sentence
from assistant.drafting.editor import WordingPlace
from assistant.errors import InputError
from eval.lint import lint_text

# a 县教育局 paste of 2026-12, with its own headings and run-in lists
JIAOYU = """县教育局2025年工作总结
一、主要工作成效
（一）学前教育普惠发展。新建公办幼儿园4所，新增学位1080个，普惠性幼儿园覆盖率达92.3%。
（二）义务教育优质均衡。一是实施薄弱学校改造项目12个，完成投资1.36亿元；二是推进集团化办学，组建教育集团8个，覆盖学校46所；三是“双减”工作扎实推进，课后服务参与率达97.8%。
（三）教师队伍建设。招聘新教师215名，开展全员培训1.2万人次，评选县级骨干教师120名。
二、存在的问题
城区学校大班额问题仍然存在，56人以上大班23个；农村学校音体美教师结构性缺编。
三、2026年工作打算
（一）持续扩大优质资源。开工建设城东九年一贯制学校，新增学位2700个。
（二）深化教育教学改革。全面推进县域义务教育质量监测，力争教学质量进入全市前三。
"""


@pytest.fixture
def drafted(settings):
    return draft(DraftRequest(JIAOYU), settings)


def _paragraphs(d):
    return {p.id: p.text for s in d.sections for p in s.paragraphs}


def _fact_id(d, words):
    return next(f.id for f in d.facts if words in f.text)


def test_the_last_item_goes_and_the_one_before_ends_the_list(drafted):
    done = delete_sentence(drafted, "“双减”")
    assert done.sentence == "三是“双减”工作扎实推进，课后服务参与率达97.8%。"
    after = _paragraphs(done.draft)[done.paragraph_id]
    assert after == (
        "一是实施薄弱学校改造项目12个，完成投资1.36亿元；二是推进集团化办学，组建教育集团8个，"
        "覆盖学校46所。"
    )
    gone = _fact_id(drafted, "双减")
    assert done.dropped == [gone] and gone in done.draft.unused_facts
    assert gone not in done.draft.where_used()
    # every other paragraph as it was, and the draft the function was given untouched
    before = _paragraphs(drafted)
    changed = {k for k, v in _paragraphs(done.draft).items() if before.get(k) != v}
    assert changed == {done.paragraph_id}
    assert "双减" in drafted.text and not drafted.unused_facts
    # the lint finds nothing the draft did not have: the list's numbering still runs
    rules = {f.rule for f in lint_text(drafted.text).findings}
    assert {f.rule for f in lint_text(done.draft.text).findings} <= rules


def test_an_item_in_the_middle_goes_and_the_rest_are_numbered_again(drafted):
    done = delete_sentence(drafted, "组建教育集团8个")
    after = _paragraphs(done.draft)[done.paragraph_id]
    assert after.startswith("一是实施薄弱学校改造项目12个，完成投资1.36亿元；二是“双减”工作")
    assert "三是" not in after and "集团化办学" not in after
    rules = {f.rule for f in lint_text(drafted.text).findings}
    assert {f.rule for f in lint_text(done.draft.text).findings} <= rules


def test_an_item_left_alone_loses_its_marker(drafted):
    problems = next(i for i, s in enumerate(drafted.sections) if s.role == "problems")
    text = drafted.sections[problems].paragraphs[0].text
    assert "一是城区学校大班额" in text and "二是农村学校音体美" in text
    done = delete_sentence(drafted, "音体美")
    after = done.draft.sections[problems].paragraphs[0].text
    assert "主要表现在：城区学校大班额问题仍然存在，56人以上大班23个。对于这些问题" in after
    assert "一是" not in after


def test_a_framing_sentence_goes_with_its_paragraph_and_no_fact(drafted):
    done = delete_sentence(drafted, "回顾2025年工作")
    assert "回顾2025年工作" not in done.draft.text and done.dropped == []
    assert done.paragraph_id not in _paragraphs(done.draft)


@pytest.mark.parametrize(
    ("quoted", "place", "reason"),
    [
        ("学位", None, "有 2 处"),  # which one: the writer is asked to quote more
        ("不在稿中的话", None, "没有找到"),
        ("新建公办幼儿园4所", None, "就没有内容了"),  # all of its sub-section
        ("持续扩大优质资源", None, "没有找到"),  # a sub-heading is no sentence of the body
        ("", None, "引号"),
    ],
)
def test_what_cannot_be_deleted_is_refused_and_the_draft_kept(drafted, quoted, place, reason):
    before = drafted.text
    with pytest.raises(InputError) as caught:
        delete_sentence(drafted, quoted, place)
    assert reason in caught.value.message
    assert drafted.text == before


def test_only_the_place_named_is_searched(drafted):
    def part(role):
        i = next(i for i, s in enumerate(drafted.sections) if s.role == role)
        ids = frozenset(p.id for p in drafted.sections[i].paragraphs)
        return WordingPlace(False, frozenset({i}), ids, f"“{drafted.sections[i].heading}”")

    with pytest.raises(InputError) as caught:  # said in the problems, not in the results
        delete_sentence(drafted, "音体美", part("achievements"))
    assert caught.value.message.startswith("“一、主要工作成效”中正文没有找到“音体美”")
    done = delete_sentence(drafted, "音体美", part("problems"))
    assert "音体美" not in done.draft.text
    # 学位 of the results and of the plans: in the plans alone it is all of a sub-section
    with pytest.raises(InputError) as caught:
        delete_sentence(drafted, "学位", part("plans"))
    assert "就没有内容了" in caught.value.message
