"""The DraftEditor: one id counter, edits applied as a set, ids unique after any sequence of
draft, revise and fix-up (property-style: seeded random sequences over the dev cases)."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from assistant import guard
from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.drafting.editor import DraftEditor, Edit, heading_numbers
from assistant.drafting.phrases import load_phrases
from assistant.drafting.revision import revise
from assistant.drafting.serial import draft_from_dict
from eval.cases import load_cases

DEV = load_cases(Path(__file__).resolve().parents[1] / "eval" / "cases" / "dev.jsonl")


def _draft(case, settings):
    request = DraftRequest(
        case.input, unit=case.unit, period=case.period, next_period=case.next_period
    )
    return draft(request, settings)


def _ids(d) -> list[str]:
    return [p.id for s in d.sections for p in s.paragraphs]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    from assistant.settings import load_settings

    return _draft(DEV[0], load_settings())


def test_a_dropped_paragraph_id_is_never_handed_out_again(base):
    d = copy.deepcopy(base)
    editor = DraftEditor(d)
    last = d.sections[-1].paragraphs[-1]
    highest = max(int(i[1:]) for i in _ids(d))
    assert d.last_id >= highest, "the chain records the ids it handed out"
    editor.apply([Edit("remove", last.id)])
    assert last.id not in _ids(d)
    new = editor.new_id()
    assert new != last.id and int(new[1:]) == max(highest, d.last_id - 1) + 1 == d.last_id


def test_edits_are_a_set_their_order_does_not_matter(base):
    para = next(p for s in base.sections for p in s.paragraphs if p.fact_ids)
    figure = next(f for f in guard.find_figures(para.text) if f.kind != "date")
    edits = [
        Edit("span", para.id, figure.start, figure.end, "〔待核〕"),
        Edit("span", para.id, 0, 0, "此外，"),
        Edit("insert", section=1, text="新增一句。"),
        Edit("drop_fact", para.id, fact_ids=para.fact_ids[:1]),
        Edit("span", para.id, figure.start, figure.start + 1, "X"),  # overlaps: the longer wins
    ]
    results = set()
    for seed in range(6):
        d = copy.deepcopy(base)
        shuffled = edits[:]
        random.Random(seed).shuffle(shuffled)
        DraftEditor(d).apply(shuffled)
        results.add(d.to_json())
    assert len(results) == 1
    d = draft_from_dict(__import__("json").loads(results.pop()))
    text = d.paragraph(para.id)[1].text
    assert text.startswith("此外，") and "〔待核〕" in text and "X" not in text
    assert d.paragraph(para.id)[1].fact_ids == para.fact_ids[1:]


def test_heading_paragraphs_keep_their_level(base):
    headings = [p for s in base.sections for p in s.paragraphs if p.kind == "heading"]
    assert headings and all(p.level == 2 for p in headings)
    assert all(p.level == 0 for s in base.sections for p in s.paragraphs if p.kind != "heading")


def test_heading_numbers_come_from_the_model_not_the_text(base):
    numbers = heading_numbers(base)
    parts = [i for i, s in enumerate(base.sections) if s.heading]
    assert [numbers[f"part:{i}"] for i in parts] == [(1, n) for n in range(1, len(parts) + 1)]
    first = base.sections[parts[0]]
    subs = [numbers[p.id] for p in first.paragraphs if p.kind == "heading"]
    assert subs == [(2, n) for n in range(1, len(subs) + 1)]
    # a heading written "wrong" in the text keeps the number the model gives it
    d = copy.deepcopy(base)
    sub = next(p for p in d.sections[parts[0]].paragraphs if p.kind == "heading")
    sub.text = "（九）" + sub.text[3:]
    assert heading_numbers(d)[sub.id] == (2, 1) and heading_numbers(None) == {}


_OPS = ("扩写", "精简", "润色", "重写")


def _corrupt(d, rng) -> None:
    """What a model does wrong: a fact dropped, a figure invented, a fact written twice."""
    bodies = [p for s in d.sections if s.heading for p in s.paragraphs if p.kind == "body"]
    para = rng.choice(bodies)
    kind = rng.randrange(3)
    if kind == 0 and para.fact_ids:
        para.fact_ids.pop()
        para.text = para.text[: len(para.text) // 2] + "。"
    elif kind == 1:
        para.text += "全年另完成检查4321次。"
    else:
        other = rng.choice(d.facts)
        para.text += other.text + "。"
        para.fact_ids.append(other.id)


def _guard(d) -> None:
    expected = [f for f in d.facts if f.id in d.outline.fact_ids]
    phrases = load_phrases()
    violations = guard.check(d, expected, d.facts)
    guard.fixup(d, violations, d.facts, phrases["inserted_fact"], phrases["placeholder"])


@pytest.mark.parametrize("case", DEV[:3], ids=lambda c: c.id)
def test_ids_stay_unique_after_any_sequence(case, settings):
    rng = random.Random(case.id)
    d = _draft(case, settings)
    ever = set(_ids(d))
    for _ in range(12):
        step = rng.randrange(4)
        if step == 0:  # revise a paragraph or a part
            targets = [
                (i, p.id)
                for i, s in enumerate(d.sections)
                for p in s.paragraphs
                if p.kind == "body"
            ]
            i, pid = rng.choice(targets)
            d = revise(d, rng.choice(_OPS), rng.choice([i, pid]), settings=settings)
        elif step == 1:  # a model's mistakes, then the guard's fix-up
            _corrupt(d, rng)
            _guard(d)
        elif step == 2:  # a paragraph dropped (the writer deletes it), then the fix-up
            bodies = [p for s in d.sections[1:-1] for p in s.paragraphs if p.kind == "body"]
            DraftEditor(d).apply([Edit("remove", rng.choice(bodies).id)])
            _guard(d)
        else:  # saved and reopened (history, zongjie revise DRAFT.json)
            d = draft_from_dict(d.to_dict() | {"outline": d.outline.to_dict()})
        ids = _ids(d)
        assert len(ids) == len(set(ids)), ids
        new = set(ids) - ever
        assert all(int(i[1:]) > max(int(j[1:]) for j in ever) for i in new), (new, sorted(ever))
        ever |= new


# a draft's own fields; the outline's and the knowledge base's records have fields of these
# names too, but no code outside assistant/drafting/ builds those with attribute assignment
DRAFT_FIELDS = {"title", "sections", "paragraphs", "last_id"}
ROOT = Path(__file__).resolve().parents[1]


def draft_field_writes(source: str) -> list[str]:
    """Assignments to, and in-place changes of, a draft's fields in one module's source."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for el in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(el, ast.Attribute) and el.attr in DRAFT_FIELDS:
                    found.append(f"{node.lineno}: {ast.unparse(el)} =")
        func = node.func if isinstance(node, ast.Call) else None
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("append", "extend", "insert", "pop", "remove", "clear")
            and isinstance(func.value, ast.Attribute)
            and func.value.attr in DRAFT_FIELDS
        ):
            found.append(f"{node.lineno}: {ast.unparse(func)}()")
    return found


def test_no_code_outside_drafting_changes_a_draft():
    """The app's 换个标题 set `draft.title` itself; it goes through DraftEditor.retitle now."""
    paths = [ROOT / "app.py", *sorted((ROOT / "assistant").rglob("*.py"))]
    outside = [p for p in paths if "drafting" not in p.relative_to(ROOT).parts]
    writes = {
        str(p.relative_to(ROOT)): w
        for p in outside
        if (w := draft_field_writes(p.read_text(encoding="utf-8")))
    }
    assert not writes, writes


def test_the_scan_sees_a_title_set_by_hand():
    assert draft_field_writes("new = copy(d)\nnew.title = options[0]\n") == ["2: new.title ="]
    assert sorted(draft_field_writes("d.sections.append(s)\nd.sections[0].paragraphs = []\n")) == [
        "1: d.sections.append()",
        "2: d.sections[0].paragraphs =",
    ]
    assert draft_field_writes("editor.retitle(t)\nname = d.title\n") == []
