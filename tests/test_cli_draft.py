"""`zongjie draft` end to end through the real console entry point (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASTE = "株洲县城市管理和行政执法局2017年工作要点\n成绩：\n- 查处非法营运黑车300余辆\n- 清除牛皮癣900余处\n- 拆除违法建设1062.1万余平方米\n问题：\n- 执法力量不足\n明年：\n- 新建公厕3座\n"


def run(args, settings, stdin=None):
    env = {
        "ZONGJIE_DATA_DIR": str(settings.data_dir),
        "PATH": "/usr/bin:/bin",
        "HOME": str(settings.data_dir),
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant", "draft", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "facts.txt"
    path.write_text(PASTE, encoding="utf-8")
    return path


def test_draft_streams_to_stdout(facts_file, settings):
    result = run([str(facts_file), "--no-kb"], settings)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("株洲县城市管理和行政执法局2017年工作总结及2018年工作计划")
    assert "一、2017年工作开展情况" in out and "三、2018年工作计划" in out
    assert "查处非法营运黑车300余辆" in out and "1062.1万余平方米" in out


def test_stdin_and_fields(settings):
    result = run(
        ["-", "--no-kb", "--unit", "某县城管局", "--period", "2023年上半年"],
        settings,
        stdin="查处黑车300余辆\n执法力量不足\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("某县城管局2023年上半年工作总结及2023年下半年工作计划")
    assert "〔待补：下一步工作计划" in result.stdout or "〔待补：" in result.stdout


def test_the_title_option_names_the_draft_and_its_opening(facts_file, settings):
    title = "株洲县城市管理和行政执法局2017年度工作报告"
    result = run([str(facts_file), "--no-kb", "--title", title], settings)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == title and "现将2017年度工作报告如下：" in result.stdout
    # the pasted title line is still no fact, and a title too long is refused in Chinese
    assert "2017年工作要点" not in result.stdout
    refused = run([str(facts_file), "--no-kb", "--title", "标题" * 50], settings)
    assert refused.returncode != 0 and "标题共 100 字" in refused.stderr
    assert not refused.stdout.strip()


def test_json_output(facts_file, settings):
    result = run([str(facts_file), "--no-kb", "--json"], settings)
    data = json.loads(result.stdout)
    assert {"text", "facts", "unused_facts", "fixups"} <= set(data)
    assert [f["role"] for f in data["facts"]] == ["achievements"] * 3 + ["problems", "plans"]
    assert all(f["used_in"] for f in data["facts"]) and data["unused_facts"] == []


def test_outline_only_and_edited_outline(facts_file, tmp_path, settings):
    result = run([str(facts_file), "--no-kb", "--outline-only"], settings)
    assert (
        result.returncode == 0
        and "一、2017年工作开展情况" in result.stdout
        and "F01" in result.stdout
    )
    edited = tmp_path / "outline.txt"
    edited.write_text(result.stdout.replace("F02", ""), encoding="utf-8")
    drafted = run([str(facts_file), "--no-kb", "--outline", str(edited), "--json"], settings)
    data = json.loads(drafted.stdout)
    assert data["unused_facts"] == ["F02"] and "清除牛皮癣" not in data["text"]


@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_write_file(facts_file, tmp_path, settings, suffix):
    out = tmp_path / f"draft{suffix}"
    result = run([str(facts_file), "--no-kb", "-o", str(out)], settings)
    assert result.returncode == 0, result.stderr
    assert out.is_file() and out.stat().st_size > 500 and result.stdout == ""
    if suffix == ".md":
        assert "查处非法营运黑车300余辆" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args,stdin,message",
    [
        (["-"], "   \n", "输入有误：粘贴的内容只有空白"),
        (["/nonexistent/facts.txt"], None, "找不到要点文件"),
        (["-", "--backend", "nope"], "查处黑车300余辆", "没有名为 nope 的起草引擎"),
        (["-", "--backend", "openai"], "查处黑车300余辆", "未设置模型服务地址"),
    ],
)
def test_errors_are_one_chinese_message(args, stdin, message, settings):
    result = run([*args, "--no-kb"], settings, stdin=stdin)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_facts_in_a_word_file_utf16_or_gbk_are_read_as_the_kb_reads_them(tmp_path, settings):
    """A writer's facts saved as Word, as UTF-16 (Windows Notepad) or as GBK text."""
    from docx import Document

    word = tmp_path / "要点.docx"
    doc = Document()
    for line in PASTE.splitlines():
        doc.add_paragraph(line)
    doc.save(word)
    utf16 = tmp_path / "要点16.txt"
    utf16.write_bytes(PASTE.encode("utf-16"))
    gbk = tmp_path / "要点gbk.txt"
    gbk.write_bytes(PASTE.encode("gbk"))
    for path in (word, utf16, gbk):
        result = run([str(path), "--no-kb"], settings)
        assert result.returncode == 0, result.stderr
        assert "一是查处非法营运黑车300余辆" in result.stdout, path.name


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("坏.docx", b"PK\x03\x04 not a zip", "Word 文件已损坏"),
        ("坏.pdf", b"%PDF-1.4 garbage", "PDF 文件已损坏"),
        ("要点.txt", b"%PDF-1.4 garbage", "是 PDF 或 Word 文件"),
        ("要点", b"PK\x03\x04\x14\x00 a zip", "是 PDF 或 Word 文件"),
        ("照片.txt", bytes(range(256)) * 20, "内容无法读取"),
    ],
)
def test_a_broken_or_disguised_facts_file_is_one_message(tmp_path, settings, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = run([str(path), "--no-kb"], settings)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "EOF marker" not in result.stderr  # a library's warning is not the writer's message
