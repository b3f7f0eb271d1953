"""End to end in a real headless Chromium (Debian's package) driven by Playwright.

Pastes facts, drafts, opens the sources, revises a section, exports a .docx, uploads a document
to the knowledge base and runs an evaluation, with an en-US browser. Screenshots of each tab at
1440×900 and 1024×768 go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from servers import free_port, wait_for_http

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-US",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ROOT = Path(__file__).resolve().parents[1]
UNIT = "株洲县城市管理和行政执法局"
PASTE = f"""{UNIT}2023年工作情况
成绩：
- 查处非法营运黑车300余辆
- 清理“牛皮癣”1.2万处
- 全年清运生活垃圾5.6万吨，道路机械化清扫率达到99%
- 拆除违法建筑2.3万平方米
- 整治占道经营<img src=x onerror="window.__pwned=1">45处
问题：执法力量不足，基层队伍结构老化
明年：新建公厕3座；完成老旧小区改造12个
"""
TIMEOUT_MS = 90_000
# Gradio's English defaults that an en-US browser would show if the page were not Chinese
ENGLISH_DEFAULTS = [
    "Drop File Here",
    "Click to Upload",
    "Upload file",
    "Clear",
    "Submit",
    "Loading",
    "steps",
    "Search",
    "Empty",
    "Use via API",
    "Built with Gradio",
    "Settings",
    "No options",
    "Copy",
    "Error",
    "Sort",
    "Select",
]
# the draft pane's text each time it changes while a draft streams
WATCH_PAPER = """
window.__paper = [];
new MutationObserver(() => {
  const live = document.querySelector("#gw-paper .gw-live");
  if (live) window.__paper.push(live.innerText);
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api  # dev extra; a missing one fails loudly

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install chromium chromium-driver (make install-dev)"
        )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def app(settings):
    """The real app on a free port (no background index build); yields (url, demo)."""
    from app import create_app, launch

    port = free_port()
    demo = create_app(settings)
    launch(demo, build_index=False, server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url)
        yield url, demo
    finally:
        demo.close()


def shot(page, name: str) -> None:
    """Screenshots of the page at both sizes (full page), then back to the wide one."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((1440, 900), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"{name}_{width}x{height}.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def assert_chinese(page, where: str) -> None:
    text = page.locator("body").inner_text()
    shown = [w for w in ENGLISH_DEFAULTS if re.search(rf"\b{re.escape(w)}\b", text)]
    assert not shown, f"English Gradio defaults on the {where} page: {shown}"


def choose(page, dropdown: str, option: str | int) -> str:
    """Pick an option of a Gradio dropdown by its visible text or position; returns its text."""
    page.locator(dropdown).locator("input").first.click()
    options = page.locator("[role=listbox] [role=option]")
    item = options.nth(option) if isinstance(option, int) else options.filter(has_text=option).first
    text = item.get_attribute("aria-label") or item.inner_text()
    item.click()
    return text


def field(page, elem_id: str):
    return page.locator(f"#{elem_id}").locator("input, textarea").first


def wait_chat(page, text: str) -> None:
    page.locator("#gw-chat .message", has_text=text).last.wait_for(timeout=TIMEOUT_MS)


def wait_value(page, elem_id: str, value: str) -> None:
    page.wait_for_function(
        """([id, value]) => {
          const box = document.querySelector(`#${id} input, #${id} textarea`);
          return box && box.value === value;
        }""",
        arg=[elem_id, value],
        timeout=TIMEOUT_MS,
    )


def test_draft_stream_fields_history_kb_and_eval_in_chinese(browser, app, tmp_path):
    url, demo = app
    page = browser.new_page(
        viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="en-US"
    )
    assert page.evaluate("navigator.language") == "en-US"  # the browser is English...
    page.set_default_timeout(TIMEOUT_MS)
    page.add_init_script(WATCH_PAPER)

    # while an index builds, the draft tab says what it means
    with demo.services.indexing():
        page.goto(url)
        note = page.locator("#gw-index-note")
        note.locator("text=现在就可以起草").wait_for()
        assert "参考范文" in note.inner_text()
    page.wait_for_function(
        "() => { const n = document.querySelector('#gw-index-note');"
        " return !n || !n.offsetParent || !n.innerText.trim(); }",
        timeout=TIMEOUT_MS,
    )
    assert_chinese(page, "start")  # ...and the page is Chinese all the same
    assert "Ctrl+Enter" in page.get_attribute("#gw-input textarea", "placeholder")
    assert page.locator("button.primary").filter(visible=True).count() == 1  # one primary: 发送
    shot(page, "01_start")

    # fields read from the paste as it lands, with no click; a hand-edited field is kept
    page.fill("#gw-input textarea", PASTE)
    wait_value(page, "gw-unit", UNIT)
    wait_value(page, "gw-period", "2023年")
    wait_value(page, "gw-next", "2024年")
    field(page, "gw-next").fill("2024年度")
    page.fill("#gw-input textarea", PASTE.replace("2023年", "2022年"))
    wait_value(page, "gw-period", "2022年")
    assert field(page, "gw-next").input_value() == "2024年度"
    field(page, "gw-next").fill("")  # emptied by hand: the paste decides again
    page.fill("#gw-input textarea", PASTE)
    wait_value(page, "gw-period", "2023年")
    wait_value(page, "gw-next", "2024年")
    # "…2023年工作情况" heads the writer's material, no title of the draft's: 标题 stays empty
    # until the writer types one, and the draft takes it as typed
    assert field(page, "gw-title").input_value() == ""
    own_title = f"{UNIT}2023年工作总结及2024年工作打算"
    field(page, "gw-title").fill(own_title)

    # Ctrl+Enter sends; the pane shows the draft part by part before the end
    page.focus("#gw-input textarea")
    page.keyboard.press("Control+Enter")
    title = page.locator("#gw-paper .gw-title")
    wait_chat(page, "已起草")
    title.wait_for()
    snaps = page.evaluate("window.__paper")
    partial = [s for s in snaps if "一、" in s and "三、" not in s]
    assert partial, f"no partial draft was shown before the end: {len(snaps)} pane updates"
    assert any("正在起草" in s for s in partial)
    assert not page.locator("#gw-paper .gw-live").count()  # the finished draft replaced it
    assert title.inner_text().strip() == own_title
    paper = page.locator("#gw-paper").inner_text()
    assert "现将2023年工作总结及2024年工作打算报告如下" in paper and "三、2024年工作打算" in paper
    for figure in ("300余辆", "1.2万处", "99%", "3座", "12个"):
        assert figure in paper
    # the markup in the paste is taken out of the draft, its figure kept, and never runs (the
    # chat shows the writer's message as sent, as text)
    assert "整治占道经营45处" in paper and "<img" not in paper
    assert page.evaluate("window.__pwned") is None
    assert field(page, "gw-period").input_value() == "2023年"
    page.click("#gw-outline-box button")  # the outline the draft followed, ready to edit
    assert "一、" in page.input_value("#gw-outline textarea")

    # the history entry: title, unit · period · time to the second, first fact
    entry = page.locator("#gw-history label").first
    entry.wait_for()
    label = entry.inner_text()
    assert title.inner_text().strip() in label and UNIT in label
    assert re.search(r"\d\d:\d\d:\d\d", label) and "查处非法营运黑车300余辆" in label
    shot(page, "02_drafted")

    # open a paragraph's sources
    picked = choose(page, "#gw-paragraph", 2)
    pid = picked.split("·")[0].strip()
    sources = page.locator("#gw-sources")
    sources.locator(f"text={pid} ·").wait_for()
    assert "用到的事实" in sources.inner_text() and "参考范文段落" in sources.inner_text()
    assert "gw-selected" in page.locator(f"#gw-paper [data-pid={pid}]").get_attribute("class")
    page.get_by_role("tab", name="核对与结构检查").click()
    assert "结构检查" in page.locator("#gw-checks").inner_text()
    page.get_by_role("tab", name="来源").click()

    # revise a section with its button, then by chat; "换个标题" renames the history entry
    before = page.locator("#gw-paper").inner_text()
    choose(page, "#gw-section", "二、存在的主要问题")
    page.click("#gw-op-0")  # 扩写
    wait_chat(page, "已扩写")
    assert page.locator("#gw-paper").inner_text() != before
    page.fill("#gw-input textarea", "换个标题")
    page.click("#gw-send")
    wait_chat(page, "标题改为")
    new_title = title.inner_text().strip()
    page.locator("#gw-history label", has_text=new_title).first.wait_for()
    assert new_title in page.locator("#gw-history label").first.inner_text()
    # "把“…”那句删掉": the item goes, the list after it is numbered again
    page.fill("#gw-input textarea", "把“牛皮癣”那句删掉")
    page.click("#gw-send")
    wait_chat(page, "已删去")
    paper = page.locator("#gw-paper").inner_text()
    assert "牛皮癣" not in paper and "二是全年清运生活垃圾5.6万吨" in paper
    # the outline box follows: 按提纲起草 writes the draft again without it, and the new title
    outline = page.input_value("#gw-outline textarea")
    assert outline.startswith(new_title) and "F02" not in outline and "F01、F03" in outline
    page.click("#gw-draft")
    wait_chat(page, "未用上的事实：F02")
    assert title.inner_text().strip() == new_title
    assert "牛皮癣" not in page.locator("#gw-paper").inner_text()
    shot(page, "03_revised")

    # export the .docx
    with page.expect_download() as info:
        page.click("#gw-dl-docx")
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.suffix == ".docx"
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(target, ARTIFACTS / "browser_export.docx")
    lines = [p.text for p in Document(target).paragraphs if p.text.strip()]
    assert lines[0] == new_title
    assert any("查处非法营运黑车300余辆" in line for line in lines)

    page.get_by_role("tab", name="核对与结构检查").click()
    checks = page.locator("#gw-checks", has_text="处自动修正").inner_text()
    assert "清理“牛皮癣”1.2万处" in checks.split("未用上的事实")[1]  # the deleted item's fact
    page.get_by_role("tab", name="来源").click()
    knowledge_tab(page, tmp_path)
    eval_tab(page, tmp_path)

    # history: the conversation is listed and reopens after a reload, with its record: the
    # checks as they were (fix-up count and all) and the sources of its paragraphs
    page.reload()
    page.get_by_role("tab", name="起草").click()
    item = page.locator("#gw-history label").first
    item.wait_for()
    assert new_title in item.inner_text()
    item.click()
    page.locator("#gw-paper .gw-title", has_text=new_title).wait_for()
    page.locator("#gw-sources", has_text="用到的事实").wait_for()
    page.get_by_role("tab", name="核对与结构检查").click()
    assert page.locator("#gw-checks", has_text="处自动修正").inner_text() == checks
    page.close()


def knowledge_tab(page, tmp_path: Path) -> None:
    """Upload one report and one file that is not a document; the banner and search follow."""
    report = tmp_path / "城管局2022年工作总结.txt"
    report.write_text(
        "城管局2022年工作总结\n一、2022年工作开展情况\n（一）市容整治\n"
        "全年清理“牛皮癣”8000余处，<script>window.__pwned=2</script>拆除违章广告120块。\n"
        "二、存在的主要问题\n执法力量不足。\n三、2023年工作计划\n持续开展市容整治。\n",
        encoding="utf-8",
    )
    fake = tmp_path / "扫描件.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    page.get_by_role("tab", name="知识库").click()
    state = page.locator("#gw-kb-state")
    state.locator("text=知识库是空的").wait_for()
    assert_chinese(page, "知识库")
    page.set_input_files("#gw-upload input[type=file]", [str(report), str(fake)])
    page.locator("#gw-upload", has_text="扫描件").wait_for()
    page.click("#gw-ingest")
    status = page.locator("#gw-kb-status")
    status.locator("text=导入 1 个文件").wait_for()
    assert "扫描件.pdf" in status.inner_text()
    page.locator("#gw-docs", has_text="城管局2022年工作总结").wait_for()
    state.locator("text=共 1 篇文档").wait_for()  # the banner says what the index holds now
    page.fill("#gw-query textarea", "清理牛皮癣")
    page.click("#gw-search")
    hits = page.locator("#gw-hits")
    hits.locator("text=8000余处").wait_for()
    assert "第 1 名" in hits.inner_text() and "命中词" in hits.inner_text()
    assert hits.locator("mark.gw-hit").count() >= 1
    assert "<script>window.__pwned=2</script>" in hits.inner_text()
    assert page.evaluate("window.__pwned") is None
    # every column of the table is readable: the id (the last column) is shown whole
    widths = page.evaluate(
        """() => [...document.querySelectorAll('#gw-docs span')]
          .filter(e => /^[0-9a-f]{12,}$/.test(e.textContent.trim()) && e.offsetWidth > 0)
          .map(e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right,
                     document.querySelector('#gw-docs').getBoundingClientRect().right])"""
    )
    assert widths, "the document id is not shown"
    assert all(text <= box + 1 and right <= edge for text, box, right, edge in widths), widths
    assert_chinese(page, "知识库")
    shot(page, "04_knowledge")


def eval_tab(page, tmp_path: Path) -> None:
    """Run two dev cases from an upload; grouped bars, sortable table, side by side."""
    cases = tmp_path / "two.jsonl"
    dev = (ROOT / "eval" / "cases" / "dev.jsonl").read_text(encoding="utf-8")
    cases.write_text("".join(dev.splitlines(True)[:2]), encoding="utf-8")
    page.get_by_role("tab", name="评估").click()
    choose(page, "#gw-case-set", "上传的用例文件")
    page.set_input_files("#gw-cases input[type=file]", str(cases))
    page.locator("#gw-cases", has_text="two.jsonl").wait_for()
    assert_chinese(page, "评估")
    page.click("#gw-eval")
    page.locator("#gw-eval-status", has_text="完成 2 个用例").wait_for(timeout=240_000)
    groups = page.locator("#gw-eval-bars .gw-group")
    assert groups.count() >= 8
    assert groups.first.locator(".gw-bar").count() == 2  # systems side by side per metric
    assert groups.first.get_attribute("title")  # the metric's meaning on hover
    summary = page.locator("#gw-eval-summary").inner_text()
    assert "篇幅得分" in summary and "0–1" in summary
    second = json.loads(dev.splitlines()[1])["id"]
    cell = page.locator("#gw-eval-cases").get_by_text(second, exact=True).filter(visible=True)
    cell = cell.first  # the first row of that case: the system under test
    cell.wait_for()
    cell.click()
    pair = page.locator("#gw-eval-pair")
    pair.locator(f"text={second} ·").wait_for()
    assert "草稿（offline）" in pair.inner_text() and "参考稿" in pair.inner_text()
    assert_chinese(page, "评估")
    shot(page, "05_eval")
