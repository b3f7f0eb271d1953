"""Web-page residue removal on the raw seeds; real report text passes through unchanged."""

from __future__ import annotations

import pytest

from assistant.cleaning import clean_document, clean_paste, clean_text, split_collection

RESIDUE = [
    "本 文 由",
    "收集 整理",
    "浏览次数",
    "上一篇",
    "下一篇",
    "网友评论",
    "评论功能已关闭",
    "相关公文",
    "推荐访问",
    "_第1页",
    "第1页 / 共8页",
    "亲,该文档总共8页",
    "超出免费预览范围",
    "资源描述",
    "展开阅读全文",
    "上传人",
    "下载 相关 举报",
    "copyright",
    "ICP备",
    "由会员分享",
    "发布日期",
    "猜你喜欢",
]


def _raw(seeds_dir, prefix):
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_residue_removed_from_every_seed(seeds_dir, prefix):
    raw = _raw(seeds_dir, prefix)
    cleaned = clean_text(raw)
    present = [r for r in RESIDUE if r in raw]
    assert all(r not in cleaned for r in present), [r for r in present if r in cleaned]
    # nothing of the report itself is lost: its last sentence survives
    assert cleaned.rstrip().endswith(("。", "!", "！"))


def test_site_name_and_footer_lines_of_000(seeds_dir):
    raw = _raw(seeds_dir, "000")
    result = clean_document(raw)
    assert "第 一公 文网" in raw and "第 一公 文网" not in result.text
    assert any("浏览次数" in line for line in result.removed_lines)
    assert result.text.splitlines()[0] == "治理办2017年工作总结及2018年工作计划"


def test_masked_figures_and_ocr_slips_are_kept(seeds_dir):
    cleaned_000 = clean_text(_raw(seeds_dir, "000"))
    assert "207年,我办紧紧围绕" in cleaned_000  # OCR slip for 2017 kept as written
    assert "处罚机动车乱停乱放3000余辆" in cleaned_000
    cleaned_004 = clean_text(_raw(seeds_dir, "004"))
    assert "新签、补签“门前三包”责任书*余份" in cleaned_004
    assert "拆除率达*%" in cleaned_004
    cleaned_002 = clean_text(_raw(seeds_dir, "002"))
    assert "四、xx年工作重点和努力方向" in cleaned_002


def test_page_chunk_numbers_rejoin_split_words_in_003(seeds_dir):
    raw = _raw(seeds_dir, "003")
    result = clean_document(raw)
    assert result.joined_page_chunks == 12
    assert "实行“整\n\n2、脏治乱" in raw
    assert "实行“整脏治乱专项行动领导包保责任制" in result.text
    assert "增加了182个的果皮箱" in result.text
    assert "\n2、" not in result.text and "\n12、" not in result.text
    assert result.text.splitlines()[0] == "区整脏治乱年底工作总结"
    assert not result.text.rstrip().endswith("8")  # the trailing page count is gone


def test_page_chunks_and_wrap_spaces_in_004(seeds_dir):
    raw = _raw(seeds_dir, "004")
    result = clean_document(raw)
    assert result.joined_page_chunks == 26
    assert result.wrap_spaces > 100
    assert "下半年工 作计划" in raw
    assert result.text.splitlines()[0] == "城管局2023年上半年工作总结及下半年工作计划"
    assert "以“七货街”为“门前三包”商户试点街区" in result.text  # was split "七\n2、货街"
    assert "争创“最干净城市”" in result.text


def test_party_lecture_appended_to_004_is_cut(seeds_dir):
    result = clean_document(_raw(seeds_dir, "004"))
    assert result.appendix.startswith("党课")
    assert "党课:凝心铸魂建功新时代" not in result.text
    assert "马克思主义" not in result.text
    assert result.text.rstrip().endswith("着力营造共治共享的浓厚创建氛围。")


def test_collection_page_splits_into_two_reports(seeds_dir):
    pieces = split_collection(clean_text(_raw(seeds_dir, "002")))
    assert [label for label, _ in pieces] == ["篇一", "篇二"]
    assert pieces[0][1].startswith("一年来,我镇的城乡环境综合治理工作")
    assert pieces[1][1].startswith("为提升城乡品位,今年以来,某县")
    assert "篇二" not in pieces[0][1]


def test_single_report_is_not_split():
    assert split_collection("一、工作情况\n本篇一共三部分。\n") == [
        ("", "一、工作情况\n本篇一共三部分。\n")
    ]


@pytest.mark.corpus
def test_real_reports_survive_untouched(corpus_dir):
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = clean_document(text)
        assert not result.changed, path.name
        assert result.text.strip() == text.strip(), path.name


def test_numbered_list_with_whole_sentences_is_not_page_residue():
    text = (
        "㈠凝心聚力,要在项目建设上有作为。\n\n"
        "1、大力组织基础设施建设。完成建筑垃圾填埋场建设。\n\n"
        "2、全力服务县域项目建设。优化市容秩序。\n\n"
        "3、强化市容秩序管理。落实网格巡查。\n"
    )
    result = clean_document(text)
    assert result.joined_page_chunks == 0
    assert result.text == text


def test_report_words_that_look_like_furniture_survive():
    text = (
        "一、工作情况\n"
        "对无经营许可证、条件不达标的230家业户进行了关停整改,依法维护版权所有人权益。\n"
        "开展“文明劝导”活动45次, 发放宣传资料35000多份。\n"
    )
    assert clean_text(text) == text


def test_sparse_spaces_in_a_web_copy_are_not_wrap_spaces(seeds_dir):
    # 002 separates inline headings from their text with spaces: those must stay
    cleaned = clean_text(_raw(seeds_dir, "002"))
    assert "1.组织领导方面 。组建了" in cleaned
    assert "(一)指导思想 认真贯彻落实" in cleaned


def test_bom_and_crlf_are_normalized():
    assert (
        clean_text("\ufeff一、工作情况\r\n全年完成任务。\r\n") == "一、工作情况\n全年完成任务。\n"
    )


def test_knowledge_folder_is_what_the_build_script_makes(
    seeds_dir, departments_dir, knowledge_dir, tmp_path
):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_knowledge", knowledge_dir.parent / "scripts" / "build_knowledge.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(seeds_dir, tmp_path, departments_dir)
    built = sorted(p.name for p in tmp_path.iterdir())
    committed = [p.name for p in knowledge_dir.glob("*.txt")] + ["catalog.json"]
    assert built == sorted(committed)
    for name in built:
        assert (tmp_path / name).read_bytes() == (knowledge_dir / name).read_bytes(), name


def test_short_unpunctuated_list_items_are_not_page_residue():
    text = "三、工作计划\n1、组织领导\n2、宣传教育\n3、督促检查\n4、考核问责\n"
    assert clean_text(text) == text


def test_a_report_line_about_party_lectures_is_not_an_appendix():
    body = "一、工作情况\n" + "全年清理牛皮癣3000余处，查处黑车300余辆。\n" * 20
    text = body + "党课：局领导讲党课12次，覆盖党员120人次。\n二、工作计划\n新建公厕3座。\n"
    assert clean_text(text) == text


_HEADER = (
    "标题: 某局2024年工作总结\n发布时间: 2025-09-18 11:43\n文号: \n发布机构: 某局\n"
    "栏目: 年度计划\n原文链接: https://example.gov.cn/t1.htm\n本地目录: zwgk/1_某局\n"
    "页面链接与图片详见 links.tsv(同目录)\n==================== 正文 ====================\n"
)


def test_archived_page_header_becomes_the_title_line():
    result = clean_document(_HEADER + "一、工作情况全年完成任务。\n")
    assert result.text == "某局2024年工作总结\n\n一、工作情况全年完成任务。\n"
    assert result.page_header["原文链接"] == "https://example.gov.cn/t1.htm"
    assert result.file_titles == ["某局2024年工作总结"] and result.changed


def test_header_like_lines_without_the_body_rule_are_report_text():
    # no 正文 rule: "栏目:" may be the writer's own line, so nothing is dropped
    text = "标题: 城管局工作总结\n栏目: 年度计划\n一、工作情况\n全年完成任务。\n"
    assert clean_text(text) == text
    # a rule with report text above it is no page header either
    text = "一、工作情况\n全年完成任务。\n==== 正文 ====\n二、计划\n新建公厕3座。\n"
    assert clean_text(text) == text


def test_a_paste_keeps_its_lines_and_its_numbered_items():
    from assistant.cleaning import clean_paste

    paste = "标题: 某局2024年工作总结\n\n来源：某某网\n1、查处黑车300辆\n2、清除牛皮癣900处\n3、新建公厕3座"
    result = clean_paste(paste)
    lines = result.text.split("\n")
    assert len(lines) == len(paste.split("\n"))  # a message can still name the writer's line
    assert lines[0] == "某局2024年工作总结" and lines[2] == ""
    assert lines[3:] == ["1、查处黑车300辆", "2、清除牛皮癣900处", "3、新建公厕3座"]
    assert clean_paste("1、查处黑车300辆\n附件：检查记录").text.endswith("附件：检查记录")


MARKDOWN_PASTE = (
    "## 区人社局2024年工作总结\r\n\r\n**一、主要成绩**\r\n\r\n"
    "1. **就业创业**：城镇新增就业5200人，完成目标的104%；\r\n"
    "2. **社会保险**：城乡居民养老保险参保率达到96.5%；\r\n\r\n---\r\n\r\n"
    "**二、存在问题**\r\n\r\n- 就业结构性矛盾突出\r\n\r\n**三、下一步打算**\r\n\r\n"
    "| 项目 | 目标 |\r\n|---|---|\r\n| 招聘活动 | 20场 |\r\n"
)


def test_a_markdown_paste_is_read_as_the_lines_it_shows():
    # a paste copied from a chat tool (2026-12): "**一、主要成绩**" and "## …" were facts, and
    # "一是**就业创业**：…" reached the draft
    from assistant.facts import parse_facts

    ledger = parse_facts(MARKDOWN_PASTE)
    assert ledger.title == "区人社局2024年工作总结" and ledger.unit == "区人社局"
    facts = [(f.role, f.heading, f.text) for f in ledger.facts]
    assert facts == [
        ("achievements", "就业创业", "城镇新增就业5200人，完成目标的104%"),
        ("achievements", "社会保险", "城乡居民养老保险参保率达到96.5%"),
        ("problems", "", "就业结构性矛盾突出"),
        ("plans", "", "招聘活动，目标20场"),
    ]
    assert "*" not in "".join(t for _, _, t in facts) and "#" not in ledger.title


def test_a_pipe_table_alone_is_read_as_its_rows():
    # a 应急管理局 paste of 2026-12, a table and nothing else of markdown: "| 工作 | 完成情况 |"
    # and "|---|---|" were facts ("一是| 工作 | 完成情况 |。二是|---|---|。")
    from assistant.facts import parse_facts

    paste = (
        "| 工作 | 完成情况 |\n|---|---|\n| 安全生产检查 | 检查企业1260家，整改率98.7% |\n"
        "| 防汛抗旱 | 转移群众2300人，未发生人员伤亡 |\n存在问题：部分企业主体责任落实不到位\n"
    )
    ledger = parse_facts(paste)
    assert [f.text for f in ledger.facts] == [
        "安全生产检查，检查企业1260家，整改率98.7%",
        "防汛抗旱，转移群众2300人，未发生人员伤亡",
        "部分企业主体责任落实不到位",
    ]
    assert any("表头 工作／完成情况" in w for w in ledger.warnings)
    assert not any("|" in f.text for f in ledger.facts)


def test_masked_names_are_no_markdown():
    # seed002-2 masks names with "**" ("智慧**”平台…大美**”"): they stay as written
    text = "同时,加快建设“智慧**”平台；“中国茶都、大美**”的名片进一步擦亮\n全年完成投资**万元\n"
    assert clean_paste(text).text == text


def test_a_paste_of_page_source_keeps_its_words_not_its_tags():
    paste = (
        '<div style="color:red">\n<p>全年完成污水管网改造&nbsp;18公里</p>\n'
        "<script>alert(1)</script><b>问题：</b>资金缺口较大\n"
        "<p>PM2.5浓度<35微克/立方米的天数达300天</p>\n</div>\n"
    )
    result = clean_paste(paste)
    assert result.markup == 10
    assert result.text.split("\n") == [
        "",
        "全年完成污水管网改造18公里",
        "问题：资金缺口较大",
        "PM2.5浓度<35微克/立方米的天数达300天",  # "<35" is no tag
        "",
        "",
    ]
    # a writer's own "&" and "<" stay as written where the paste has no tags
    plain = clean_paste("R&D投入增长12%，PM2.5<35的天数300天")
    assert plain.markup == 0 and plain.text == "R&D投入增长12%，PM2.5<35的天数300天"
