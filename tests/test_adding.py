"""A fact the writer adds in the chat ("问题部分再补充一条：…"): a new fact of the ledger, the
next item of the place's list or a paragraph of its own, its figures the writer's."""

from __future__ import annotations

import pytest

from assistant.drafting import DraftRequest
from assistant.drafting.adding import add_fact
from assistant.drafting.chain import draft
from assistant.drafting.editor import WordingPlace
from assistant.errors import InputError
from eval.lint import lint_text
from tests.test_deleting import JIAOYU


@pytest.fixture
def drafted(settings):
    return draft(DraftRequest(JIAOYU), settings)


def _part(d, role):
    i = next(i for i, s in enumerate(d.sections) if s.role == role)
    ids = frozenset(p.id for p in d.sections[i].paragraphs)
    return WordingPlace(False, frozenset({i}), ids, f"“{d.sections[i].heading}”")


def _text_of(d, paragraph_id):
    return next(p.text for s in d.sections for p in s.paragraphs if p.id == paragraph_id)


def test_a_problem_is_the_next_item_of_the_problems_list(drafted):
    done = add_fact(drafted, "教师待遇保障不够，优秀教师流失。", _part(drafted, "problems"))
    text = _text_of(done.draft, done.paragraph_id)
    assert (
        "二是农村学校音体美教师结构性缺编；三是教师待遇保障不够，优秀教师流失。对于这些问题" in text
    )
    fact = done.draft.facts[-1]
    assert (fact.id, fact.role, fact.text) == ("F10", "problems", "教师待遇保障不够，优秀教师流失")
    assert fact.id in done.draft.where_used() and fact.id not in done.draft.unused_facts
    assert len(drafted.facts) == 9 and "教师待遇" not in drafted.text  # the given draft as it was
    rules = {f.rule for f in lint_text(drafted.text).findings}
    assert {f.rule for f in lint_text(done.draft.text).findings} <= rules


def test_a_fact_with_figures_goes_where_its_role_is_and_keeps_them(drafted):
    done = add_fact(drafted, "明年新增公办学位1500个")  # no place: the plans, by its 明年
    plans = next(s for s in done.draft.sections if s.role == "plans")
    assert any(p.text == "新增公办学位1500个。" for p in plans.paragraphs)
    assert done.draft.sections[-1].paragraphs[-1].text.startswith("2026年，我局将")  # closing last
    assert [f.text for f in done.draft.facts[-1].figures] == ["1500个"]
    assert not done.draft.findings


def test_a_sub_section_named_gets_the_next_item_of_its_list(drafted):
    sub = next(
        p for s in drafted.sections for p in s.paragraphs if p.text.startswith("（二）义务教育")
    )
    i = next(i for i, s in enumerate(drafted.sections) if sub in s.paragraphs)
    body = drafted.sections[i].paragraphs[drafted.sections[i].paragraphs.index(sub) + 1]
    place = WordingPlace(False, frozenset(), frozenset({sub.id, body.id}), f"“{sub.text}”")
    done = add_fact(drafted, "完成义务教育学校标准化建设23所", place)
    assert done.paragraph_id == body.id
    assert _text_of(done.draft, body.id).endswith("；四是完成义务教育学校标准化建设23所。")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "冒号后"), ("新" * 301, "超过 300 字")],
)
def test_what_is_no_fact_is_refused(drafted, text, reason):
    with pytest.raises(InputError) as caught:
        add_fact(drafted, text)
    assert reason in caught.value.message
