"""The 上期计划落实情况 panel in a real headless Chromium: upload a plan, check, add a 〔待补〕 line.

Reuses the app and browser fixtures of tests/test_browser.py (same Chromium, same start-up).
"""

from __future__ import annotations

import pytest
from test_browser import TIMEOUT_MS, app, browser, field  # noqa: F401  (pytest fixtures)
from test_plancheck import FACTS, PLAN

pytestmark = pytest.mark.slow


def test_plan_panel_checks_an_uploaded_plan(browser, app, tmp_path):  # noqa: F811
    url, _ = app
    plan = tmp_path / "上期计划.txt"
    plan.write_text(
        PLAN.replace("专项检查", '专项检查<img src=x onerror="window.__pwned=1">'), "utf-8"
    )
    page = browser.new_page(locale="en-US")
    page.goto(url)
    field(page, "gw-input").fill(FACTS)
    page.get_by_role("tab", name="上期计划落实情况").click()
    page.locator("#gw-plan-file input[type=file]").set_input_files(str(plan))
    page.locator("#gw-plan-run").click()
    table = page.locator("#gw-plan-table")
    table.locator("text=未见成果 3 项").wait_for(timeout=TIMEOUT_MS)
    text = table.inner_text()
    assert "计划“5座”，实际“4座”（F01），未达到" in text
    assert '<img src=x onerror="window.__pwned=1">' in text  # shown as text, not run
    assert page.evaluate("window.__pwned") is None
    page.locator("#gw-plan-add").click()
    page.wait_for_function(
        "document.querySelector('#gw-input textarea').value.includes('〔待补：')",
        timeout=TIMEOUT_MS,
    )
    value = field(page, "gw-input").input_value()
    assert value.startswith(FACTS.strip())
    assert value.endswith("〔待补：上期计划“全年计划投入资金”的完成情况〕")
    page.close()
