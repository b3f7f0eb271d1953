"""`zongjie revise DRAFT.json` end to end through the real console entry point (subprocess):
the same revision, editor and guard as the UI, in batches."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASTE = "成绩：\n- 查处非法营运黑车300余辆\n- 清除牛皮癣900余处\n- 拆除违法建设1062.1万余平方米\n问题：\n- 执法力量不足\n计划：\n- 新建公厕3座\n"


def run(args, settings, stdin=None):
    env = {"ZONGJIE_DATA_DIR": str(settings.data_dir), "PATH": "/usr/bin:/bin"}
    env["HOME"] = str(settings.data_dir)
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def draft_json(tmp_path, settings):
    facts = tmp_path / "facts.txt"
    facts.write_text(PASTE, encoding="utf-8")
    result = run(["draft", str(facts), "--no-kb", "--json", "--period", "2023年"], settings)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "draft.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_revise_a_part_and_again_from_its_output(draft_json, tmp_path, settings):
    before = json.loads(draft_json.read_text(encoding="utf-8"))
    out = tmp_path / "condensed.json"
    result = run(
        ["revise", str(draft_json), "--op", "condense", "--part", "1", "-o", str(out)], settings
    )
    assert result.returncode == 0, result.stderr
    after = json.loads(out.read_text(encoding="utf-8"))
    old, new = before["sections"][1], after["sections"][1]
    assert len("".join(p["text"] for p in new["paragraphs"])) <= len(
        "".join(p["text"] for p in old["paragraphs"])
    )
    assert "300余辆" in after["text"] and "1062.1万余平方米" in after["text"]
    assert after["sections"][2:] == before["sections"][2:]  # no other part touched
    # the output is a draft again: expand one paragraph of it, text to standard output
    pid = next(p["id"] for p in new["paragraphs"] if p["kind"] == "body")
    result = run(["revise", str(out), "--op", "expand", "--paragraph", pid], settings)
    assert result.returncode == 0, result.stderr
    assert "〔待补：" in result.stdout and result.stdout.startswith(after["title"])
    ids = [p["id"] for s in after["sections"] for p in s["paragraphs"]]
    assert len(ids) == len(set(ids))


def test_revise_json_from_stdin(draft_json, settings):
    text = draft_json.read_text(encoding="utf-8")
    result = run(["revise", "-", "--op", "polish", "--part", "2", "--json"], settings, stdin=text)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sections"][2]["heading"].startswith("二、") and data["unused_facts"] == []


@pytest.mark.parametrize(
    "args,message",
    [
        (["--op", "condense", "--part", "9"], "超出范围"),
        (["--op", "condense", "--paragraph", "P999"], "没有找到"),
    ],
)
def test_bad_targets_get_one_chinese_message(draft_json, settings, args, message):
    result = run(["revise", str(draft_json), *args], settings)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_is_not_a_draft(tmp_path, settings):
    path = tmp_path / "x.json"
    path.write_text("{not json", encoding="utf-8")
    result = run(["revise", str(path), "--op", "polish", "--part", "1"], settings)
    assert result.returncode == 1 and "不是 JSON" in result.stderr
    path.write_text('{"text": "x"}', encoding="utf-8")
    result = run(["revise", str(path), "--op", "polish", "--part", "1"], settings)
    assert result.returncode == 1 and "不是一份草稿" in result.stderr
