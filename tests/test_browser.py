"""End to end in a real headless Chromium (Debian's package) driven by Playwright.

Pastes facts, drafts, opens the sources, revises a section, exports a .docx and uploads a
document to the knowledge base. Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from servers import serve_app

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
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PASTE = """株洲县城市管理和行政执法局2023年工作要点
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
def app_url(settings):
    with serve_app(settings) as url:
        yield url


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def choose(page, dropdown: str, option: str | int) -> str:
    """Pick an option of a Gradio dropdown by its visible text or position; returns its text."""
    page.locator(dropdown).locator("input").first.click()
    options = page.locator("[role=listbox] [role=option]")
    item = options.nth(option) if isinstance(option, int) else options.filter(has_text=option).first
    text = item.get_attribute("aria-label") or item.inner_text()
    item.click()
    return text


def wait_chat(page, text: str) -> None:
    page.locator("#gw-chat .message", has_text=text).last.wait_for(timeout=TIMEOUT_MS)


def test_draft_sources_revise_export_and_upload(browser, app_url, tmp_path):
    page = browser.new_page(
        viewport={"width": 1600, "height": 1000}, accept_downloads=True, locale="zh-CN"
    )
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(app_url)
    page.wait_for_selector("#gw-input textarea")
    shot(page, "01_start")

    # paste facts and draft
    page.fill("#gw-input textarea", PASTE)
    page.click("#gw-send")
    title = page.locator("#gw-paper .gw-title")
    title.wait_for()
    wait_chat(page, "已起草")
    assert "工作总结" in title.inner_text()
    paper = page.locator("#gw-paper").inner_text()
    for figure in ("300余辆", "1.2万处", "99%", "3座", "12个"):
        assert figure in paper
    # the markup in the paste is shown as text and never runs
    assert '<img src=x onerror="window.__pwned=1">' in paper
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#gw-period").locator("input, textarea").first.input_value() == "2023年"
    assert "一、" in page.input_value("#gw-outline textarea")
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
    shot(page, "03_sources")

    # revise a section with its button, then by chat
    before = page.locator("#gw-paper").inner_text()
    choose(page, "#gw-section", "二、存在的主要问题")
    page.click("#gw-op-0")  # 扩写
    wait_chat(page, "已扩写")
    after = page.locator("#gw-paper").inner_text()
    assert after != before
    page.fill("#gw-input textarea", "精简（二）")
    page.click("#gw-send")
    wait_chat(page, "已精简")
    shot(page, "04_revised")

    # export the .docx
    with page.expect_download() as info:
        page.click("#gw-dl-docx")
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.suffix == ".docx"
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(target, ARTIFACTS / "browser_export.docx")
    doc = Document(target)
    lines = [p.text for p in doc.paragraphs if p.text.strip()]
    assert lines[0] == title.inner_text().strip()
    assert any("查处非法营运黑车300余辆" in line for line in lines)

    # upload documents to the knowledge base: one report, one file that is not a document
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
    page.set_input_files("#gw-upload input[type=file]", [str(report), str(fake)])
    page.locator("#gw-upload", has_text="扫描件").wait_for()
    page.click("#gw-ingest")
    status = page.locator("#gw-kb-status")
    status.locator("text=导入 1 个文件").wait_for()
    assert "扫描件.pdf" in status.inner_text()
    page.locator("#gw-docs", has_text="城管局2022年工作总结").wait_for()
    page.fill("#gw-query textarea", "清理牛皮癣")
    page.click("#gw-search")
    hits = page.locator("#gw-hits")
    hits.locator("text=8000余处").wait_for()
    assert "<script>window.__pwned=2</script>" in hits.inner_text()
    assert page.evaluate("window.__pwned") is None
    shot(page, "05_knowledge")

    # history: the conversation is listed and reopens after a reload
    page.reload()
    page.get_by_role("tab", name="起草").click()
    item = page.locator("#gw-history label").first
    item.wait_for()
    assert re.search(r"工作总结", item.inner_text())
    item.click()
    page.locator("#gw-paper .gw-title").wait_for()
    shot(page, "06_reopened")
    page.close()
