"""Revision through a model (the scripted fake): a result that breaks its operation's
contract is not taken, and what the model writes never changes another part."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.drafting.revision import revise

PASTE = """成绩：
- 查处非法营运黑车300余辆
- 清除牛皮癣900余处
问题：
- 执法力量不足
计划：
- 新建公厕3座
"""


@pytest.fixture
def before(settings):
    request = DraftRequest(PASTE, unit="某县城管局", period="2023年", next_period="2024年")
    return draft(request, settings)


def _others_unchanged(before, after, index):
    for j, (a, b) in enumerate(zip(before.sections, after.sections, strict=True)):
        if j != index:
            assert asdict(a) == asdict(b), f"part {j} changed"


def test_a_longer_condense_is_not_taken(before, settings, scripted_model):
    index = 1
    old = before.sections[index]
    scripted_model.enqueue(old.text + "另外我们还做了很多工作，成效明显。")
    after = revise(before, "精简", index, settings=settings, backend="scripted")
    assert after.sections[index].text == old.text
    assert any("精简" in w and "保留原文" in w for w in after.warnings)
    assert scripted_model.tasks("revise")[0].op == "condense"


def test_a_polish_that_drops_a_figure_is_not_taken(before, settings, scripted_model):
    para = next(p for p in before.sections[1].paragraphs if "300余辆" in p.text)
    scripted_model.enqueue(para.text.replace("300余辆", "大量"))
    after = revise(before, "润色", para.id, settings=settings, backend="scripted")
    assert after.paragraph(para.id)[1].text == para.text
    assert any("300余辆" in w for w in after.warnings)


def test_what_the_model_writes_never_changes_another_part(before, settings, scripted_model):
    index = next(i for i, s in enumerate(before.sections) if s.role == "problems")
    # the model rewrites the problems and repeats an achievement, with an invented figure
    scripted_model.enqueue("一是执法力量不足，人员缺口12人。二是查处非法营运黑车300余辆。")
    after = revise(before, "重写", index, settings=settings, backend="scripted")
    _others_unchanged(before, after, index)
    assert "12人" not in after.sections[index].text  # the guard marked it 〔待核〕
    assert "〔待核〕" in after.sections[index].text
    ids = [p.id for s in after.sections for p in s.paragraphs]
    assert len(ids) == len(set(ids))
