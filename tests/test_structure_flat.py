"""The structure parser on reports with every line break removed (issue 4: a reference "may have
no line breaks at all"): the same parts, roles and level-2 headings as with line breaks."""

from __future__ import annotations

import pytest
from test_structure import CORPUS_LEVEL2, CORPUS_PARTS, KNOWLEDGE_LEVEL2, KNOWLEDGE_PARTS, outline

from assistant.structure import parse_document
from eval.lint import lint_text

# level-2 titles whose body runs straight on, with no verb that says where the title stops:
# the heading is found, its title keeps the glued words ("…城市建设" + "新城区建设要全面加快")
GLUED_LEVEL2 = {("gwr_hailar_district_2015.txt", 1, "（三）")}  # (file, part index, marker)


def _flat(text: str) -> str:
    return "".join(text.splitlines())


def _level2(doc) -> list[list[tuple[int, str, str]]]:
    return [
        [
            (c.heading.number, c.heading.marker, c.heading.title)
            for c in p.children
            if c.heading.level == 2
        ]
        for p in doc.parts
    ]


def _assert_same_structure(name: str, text: str, parts, level2_counts) -> None:
    flat = _flat(text)
    assert "\n" not in flat
    doc, flat_doc = parse_document(text), parse_document(flat)
    assert outline(flat_doc) == parts
    assert [len(p) for p in _level2(flat_doc)] == level2_counts
    for index, (lined_part, flat_part) in enumerate(
        zip(_level2(doc), _level2(flat_doc), strict=True)
    ):
        for (n, marker, title), (flat_n, flat_marker, flat_title) in zip(
            lined_part, flat_part, strict=True
        ):
            assert (flat_n, flat_marker) == (n, marker)
            if (name, index, marker) in GLUED_LEVEL2:
                assert flat_title.startswith(title) and flat_title != title
            else:
                assert flat_title == title, name
    # the body of each part starts where it starts with line breaks
    for part, flat_part in zip(doc.parts, flat_doc.parts, strict=True):
        assert (
            _flat(text[part.heading.end : part.end]).strip(" \u3000\xa0")[:20]
            == (flat[flat_part.heading.end : flat_part.end].strip(" \u3000\xa0")[:20])
        )


@pytest.mark.parametrize("name", sorted(KNOWLEDGE_PARTS))
def test_knowledge_reports_without_line_breaks(knowledge_dir, name):
    text = (knowledge_dir / name).read_text(encoding="utf-8")
    _assert_same_structure(name, text, KNOWLEDGE_PARTS[name], KNOWLEDGE_LEVEL2[name])


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CORPUS_PARTS))
def test_corpus_reports_without_line_breaks(corpus_dir, name):
    text = (corpus_dir / name).read_text(encoding="utf-8")
    _assert_same_structure(name, text, CORPUS_PARTS[name], CORPUS_LEVEL2[name])
    doc, flat_doc = parse_document(text), parse_document(_flat(text))
    assert flat_doc.title == doc.title
    assert len(flat_doc.problem_spans) == len(doc.problem_spans)
    for span, flat_span in zip(doc.problem_spans, flat_doc.problem_spans, strict=True):
        assert text[span.start : span.start + 20] == flat_doc.text[flat_span.start :][:20]


def test_level1_title_glued_to_its_body_in_000(knowledge_dir):
    flat = _flat((knowledge_dir / "seed000.txt").read_text(encoding="utf-8"))
    assert "三、208年工作计划208年,我办将坚持" in flat
    doc = parse_document(flat)
    plans = doc.parts[2].heading
    assert (plans.title, plans.inline) == ("208年工作计划", True)
    assert flat[plans.end :].startswith("208年,我办将坚持")
    problems = doc.parts[1].heading
    assert problems.title == "存在的主要问题" and flat[problems.end :].startswith("(一)城乡配套")
    assert doc.title == "治理办2017年工作总结及2018年工作计划"


def test_level1_glued_title_at_a_line_start():
    # a writer's paste: the heading opens a line but its body follows with no break
    text = (
        "一、2023年工作情况\n全年清理牛皮癣3000余处。\n"
        "二、208年工作计划208年,我办将坚持以全域实施“五治”工程为重点,以“党的十九大精神”为引领,"
        "推进工作。\n"
    )
    doc = parse_document(text)
    assert outline(doc) == [("一、2023年工作情况", "achievements"), ("二、208年工作计划", "plans")]
    assert doc.parts[1].heading.inline is False
    assert text[doc.parts[1].heading.end :].startswith("208年,我办将坚持")


def test_level1_titles_cut_where_the_body_opens(corpus_dir, knowledge_dir):
    flat = _flat((corpus_dir / "gwr_hailar_district_2019.txt").read_text(encoding="utf-8"))
    assert "三、加强政府自身建设我们必须大力弘扬" in flat
    last = parse_document(flat).parts[2]
    # no title ending ("情况", "计划") and no role: it stops where "我们" opens the body
    assert (last.heading.title, last.role) == ("加强政府自身建设", "plans")
    # "目标" ends titles too, but "目标完成情况" is the title that has a role
    flat = _flat((knowledge_dir / "seed002-1.txt").read_text(encoding="utf-8"))
    first = parse_document(flat).parts[0]
    assert (first.heading.title, first.role) == ("目标完成情况", "achievements")


def test_level2_title_glued_to_its_body(corpus_dir):
    flat = _flat((corpus_dir / "gwr_hailar_district_2016.txt").read_text(encoding="utf-8"))
    assert "（一）狠抓投资融资和项目建设，保持经济稳定增长坚持把投资作为" in flat
    plans = parse_document(flat).parts[2]
    titles = [c.heading.title for c in plans.children]
    assert titles[0] == "狠抓投资融资和项目建设，保持经济稳定增长"
    assert titles[1] == "积极调整产业结构，发展壮大经济实力"  # cut before "紧紧围绕"
    assert titles[7] == "加强自身建设，全面提升依法行政能力"  # "全面" opens the clause: kept


def test_adverb_inside_a_level2_title_is_not_a_cut(corpus_dir):
    # "乡村全面振兴": "全面" before a noun-like word ends a title, it does not open a body
    flat = _flat((corpus_dir / "gwr_national_2024.txt").read_text(encoding="utf-8"))
    tasks = parse_document(flat).parts[2]
    assert tasks.children[6].heading.title == "坚持不懈抓好“三农”工作，扎实推进乡村全面振兴"


def test_lost_level2_marker_in_text_without_line_breaks(knowledge_dir):
    text = (knowledge_dir / "seed001.txt").read_text(encoding="utf-8")
    level2 = parse_document(_flat(text)).parts[0].children
    lost = level2[3].heading
    assert (lost.number, lost.marker, lost.missing_marker) == (4, "", True)
    assert lost.title == "保持高压态势,违建防控进一步压实"
    # the shape test keeps an ordinary short sentence from becoming that title
    assert [h.heading.number for h in level2] == [1, 2, 3, 4, 5]


def test_short_text_without_line_breaks():
    text = (
        "区城管局2023年工作总结今年以来，我局各项工作成效明显。一、2023年工作开展情况"
        "（一）聚焦主责主业，推动城市管理提质增效坚持常态清理，清理牛皮癣3000余处。"
        "二、存在的主要问题项目建设进度不快，乱搭乱建整治成果还不稳固。"
        "三、2024年工作计划新建公厕3座。"
    )
    doc = parse_document(text)
    assert doc.title == "区城管局2023年工作总结"
    assert outline(doc) == [
        ("一、2023年工作开展情况", "achievements"),
        ("二、存在的主要问题", "problems"),
        ("三、2024年工作计划", "plans"),
    ]
    assert doc.parts[0].children[0].heading.title == "聚焦主责主业，推动城市管理提质增效"


def _findings(text: str) -> list[tuple[str, str]]:
    return sorted((f.rule, f.message) for f in lint_text(text).findings)


@pytest.mark.parametrize("name", sorted(KNOWLEDGE_PARTS))
def test_lint_finds_the_same_defects_without_line_breaks(knowledge_dir, name):
    text = (knowledge_dir / name).read_text(encoding="utf-8")
    assert _findings(_flat(text)) == _findings(text)


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(CORPUS_PARTS))
def test_lint_finds_the_same_defects_without_line_breaks_in_corpus(corpus_dir, name):
    text = (corpus_dir / name).read_text(encoding="utf-8")
    assert _findings(_flat(text)) == _findings(text)
