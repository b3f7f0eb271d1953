"""Issue 12's fault matrix, case by case: safe eval paths, long pastes, messages, encodings.

Every failure runs the real console command in a subprocess and asserts one Chinese message,
exit code 1 and no traceback. The knowledge-base cases are in test_kb_shared.py and
test_kb_health.py.
"""

from __future__ import annotations

import copy
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import guard
from assistant.drafting import DraftRequest
from assistant.drafting.chain import draft
from assistant.errors import InputError
from assistant.ingest import Ingestor
from assistant.loaders import decode_text, load_document
from assistant.structure import int_to_cn

ROOT = Path(__file__).resolve().parents[1]
PASTE = "成绩：\n- 查处非法营运黑车300余辆\n- 清除牛皮癣900余处\n问题：\n- 执法力量不足\n计划：\n- 新建公厕3座\n"
CJK = re.compile(r"[\u4e00-\u9fff]{4}")


def zongjie(settings, *args, stdin=None, stdout=None, env=None):
    base = {
        "ZONGJIE_DATA_DIR": str(settings.data_dir),
        "ZONGJIE_CONFIG": os.environ["ZONGJIE_CONFIG"],
        "PATH": "/usr/bin:/bin",
        "HOME": str(settings.data_dir),
        "XDG_CACHE_HOME": str(settings.data_dir / "cache"),
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**base, **(env or {})},
        timeout=180,
    )


def assert_one_message(result, *needles):
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert CJK.search(result.stderr), result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


# ------------------------------------------------------------------ long pastes


@pytest.mark.parametrize(
    "value,numeral",
    [
        (10, "十"),
        (19, "十九"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (109, "一百零九"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (300, "三百"),
        (1005, "一千零五"),
        (10010, "一万零一十"),
        (120000, "十二万"),
    ],
)
def test_int_to_cn_handles_any_count(value, numeral):
    assert int_to_cn(value) == numeral


def test_int_to_cn_never_writes_ten_ten():
    for value in range(1, 1001):
        text = int_to_cn(value)
        assert "十十" not in text and "百百" not in text, (value, text)


def test_a_theme_of_110_facts_and_the_300_fact_paste_limit_draft_without_crash(settings):
    paste = "成绩：\n" + "".join(f"- 完成道路修补{n}处\n" for n in range(1, 301))
    result = draft(DraftRequest(paste, unit="某县城管局", period="2023年"), settings)
    assert "完成道路修补300处" in result.text
    assert "十十" not in result.text
    one_theme = "成绩：\n" + "".join(f"- 清理垃圾{n}吨\n" for n in range(1, 111))
    assert "十十" not in draft(DraftRequest(one_theme, period="2023年"), settings).text


# ------------------------------------------------------------------ safe eval paths

BAD_IDS = {
    "relative": "../../../PWNED_relative",
    "absolute": "/tmp/PWNED_absolute",
    "slash": "a/b",
    "nul": "case\x00x",
    "long": "长" * 300,
}


def cases_file(folder: Path, case_id: str) -> Path:
    good = {
        "id": "good-1",
        "title": "某局2023年工作总结",
        "unit": "某局",
        "period": "2023年",
        "next_period": "2024年",
        "input": "查处黑车300余辆",
        "facts": [{"text": "查处黑车300余辆", "role": "achievements"}],
        "reference": "一、2023年工作开展情况\n查处黑车300余辆。",
    }
    path = folder / "cases.jsonl"
    lines = [json.dumps(good, ensure_ascii=False), json.dumps({**good, "id": case_id})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")} if folder.exists() else set()


@pytest.mark.parametrize("kind", sorted(BAD_IDS))
def test_unsafe_case_ids_are_refused_by_the_cli_naming_the_line(kind, settings, tmp_path):
    cases = cases_file(tmp_path, BAD_IDS[kind])
    outside_before = files_under(tmp_path.parent)
    result = zongjie(settings, "eval", "run", str(cases), "--out", str(tmp_path / "out"))
    assert_one_message(result, "cases.jsonl 第 2 行", "用例编号")
    assert not Path("/tmp/PWNED_absolute.md").exists()
    new = files_under(tmp_path.parent) - outside_before
    assert all(p.is_relative_to(settings.data_dir) for p in new), new  # nothing written


@pytest.mark.parametrize("kind", sorted(BAD_IDS))
def test_unsafe_case_ids_are_refused_by_the_ui_evaluation_handler(kind, settings, tmp_path):
    from assistant.ui.panels import EvaluatePanel
    from assistant.ui.services import Services

    cases = cases_file(tmp_path, BAD_IDS[kind])
    status, summary, bars, per_case, report = EvaluatePanel(Services(settings)).run(
        str(cases), False, "offline"
    )
    assert "第 2 行" in status and "用例编号" in status
    assert (summary, bars, per_case, report) == ([], [], [], None)


def test_every_eval_file_is_checked_to_stay_under_out(tmp_path):
    from eval.harness import write_outputs

    out = tmp_path / "out"
    with pytest.raises(InputError, match="输出目录之外"):
        write_outputs({"systems": []}, [], {"c1": {"../../escaped": "x"}}, out)
    assert not (tmp_path / "escaped").exists() and not (tmp_path.parent / "c1.md").exists()


def test_safe_ids_with_cjk_letters_digits_dash_underscore_pass(tmp_path):
    from eval.cases import load_cases

    cases = load_cases(cases_file(tmp_path, "城管-2023_第3例"))
    assert [c.id for c in cases] == ["good-1", "城管-2023_第3例"]


# ------------------------------------------------------------------ messages, early and always


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "facts.txt"
    path.write_text(PASTE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "extra,needles",
    [
        (["-o", "out.pdf"], ["不支持导出为“.pdf”"]),
        (["-o", "/nonexistent-dir/draft.md"], ["不存在"]),
        (["--period", "abc"], ["--period “abc” 不是一个时段"]),
        (["--next-period", "明年"], ["--next-period"]),
        (["--outline", "/nonexistent/outline.txt"], ["找不到提纲文件"]),
    ],
)
def test_bad_draft_arguments_are_refused_before_drafting(extra, needles, facts_file, settings):
    result = zongjie(settings, "draft", str(facts_file), "--no-kb", *extra)
    assert_one_message(result, *needles)
    assert result.stdout == ""  # refused before a single word was drafted


def test_unwritable_output_folder_is_refused_before_drafting(facts_file, settings, tmp_path):
    if os.geteuid() == 0:
        folder = Path("/proc/self")  # not writable even for root
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    result = zongjie(settings, "draft", str(facts_file), "--no-kb", "-o", str(folder / "d.md"))
    assert_one_message(result, "没有写入权限")
    assert result.stdout == ""


def test_stdout_on_a_full_disk_is_one_message(facts_file, settings):
    with open("/dev/full", "w") as full:
        result = zongjie(settings, "draft", str(facts_file), "--no-kb", stdout=full)
    assert_one_message(result, "无法读写", "No space left on device")


def test_period_with_a_half_year_is_accepted(facts_file, settings):
    result = zongjie(settings, "draft", str(facts_file), "--no-kb", "--period", "下半年")
    assert result.returncode == 0, result.stderr


def test_draft_says_why_the_knowledge_base_was_not_used(facts_file, settings):
    empty = zongjie(settings, "draft", str(facts_file))
    assert empty.returncode == 0 and "知识库是空的" in empty.stderr
    down = zongjie(
        settings,
        "draft",
        str(facts_file),
        env={"ZONGJIE_STORE_HOST": "127.0.0.1", "ZONGJIE_STORE_PORT": "9"},
    )
    assert down.returncode == 0, down.stderr
    assert "知识库不可用" in down.stderr and "127.0.0.1:9" in down.stderr
    assert "Traceback" not in down.stderr


# ------------------------------------------------------------------ the rest


def test_jieba_cache_lives_in_the_users_cache_dir(settings, tmp_path):
    cache = tmp_path / "xdg-cache"
    code = "from assistant.lexical import tokenize, _load_jieba; tokenize('清理牛皮癣');"
    code += "print(_load_jieba().dt.tmp_dir)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CACHE_HOME": str(cache)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert folder == cache / "zongjie"
    assert (folder / "jieba.cache").is_file()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


UNIT = "5个街道联合执法队"


def test_unit_figures_are_allowed_in_title_and_opening_only(settings):
    clean = draft(DraftRequest(PASTE, unit=UNIT, period="2023年"), settings)
    assert clean.title.startswith(UNIT)
    assert any(UNIT in p.text for s in clean.sections if not s.heading for p in s.paragraphs)
    expected = [f for f in clean.facts if f.id in clean.outline.fact_ids]
    assert not guard.check(clean, expected, clean.facts)
    bad = copy.deepcopy(clean)
    body = next(s for s in bad.sections if s.role == "achievements").paragraphs[-1]
    body.text += "全年完成5个项目。"
    found = [v for v in guard.check(bad, expected, bad.facts) if v.kind == "unsourced_figure"]
    assert [v.figure for v in found] == ["5个"]
    bad.sections[0].paragraphs[0].text += "全年完成5个项目。"  # the opening may repeat the unit's 5
    found = [v for v in guard.check(bad, expected, bad.facts) if v.kind == "unsourced_figure"]
    assert [v.figure for v in found] == ["5个"]


def test_utf16_without_bom_is_text(tmp_path):
    text = "城管局2023年工作总结\n一、工作开展情况\n查处黑车300余辆。\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_text(text.encode(encoding), "x.txt") == text
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        assert load_document(path).title == "城管局2023年工作总结"


def test_nul_bytes_after_the_first_8kb_are_stripped_with_a_warning(settings, tmp_path):
    body = "城管局2023年工作总结\n一、工作开展情况\n" + "查处黑车300余辆，清理垃圾50吨。\n" * 400
    raw = body.encode("utf-8")
    raw = raw[:9000] + b"\x00" + raw[9000:12000] + b"\x00\x00" + raw[12000:]
    path = tmp_path / "nul.txt"
    path.write_bytes(raw)
    loaded = load_document(path)
    assert "\x00" not in loaded.text
    assert loaded.warnings == ("文件中有 3 个空字符（NUL），已删除。",)

    class Nothing:  # no vectors needed: _prepare reads and chunks only
        batch_size = 1

    from assistant.ingest import IngestReport
    from assistant.ledger import Ledger, file_backend

    report = IngestReport()
    pending = Ingestor(Ledger(file_backend(settings)), None, Nothing(), "m")._prepare(
        [path], report, {}
    )
    assert pending and all("\x00" not in c.text for c in pending[0].chunks)
    assert "空字符" in report.summary() and str(path) in report.summary()


def test_export_refuses_nul_and_paths_outside_its_folder(tmp_path):
    from assistant.export import export_draft

    text = "某局2023年工作总结\n\n一、2023年工作开展情况\n查处黑车300余辆。\n"
    with pytest.raises(InputError, match="空字符"):
        export_draft(text, tmp_path / "a\x00b.md")
    with pytest.raises(InputError, match="导出目录之外"):
        export_draft(text, tmp_path / "exports" / ".." / "escaped.md", within=tmp_path / "exports")
    assert not (tmp_path / "escaped.md").exists()
    inside = export_draft(text, tmp_path / "exports" / "稿.md", within=tmp_path / "exports")
    assert inside.read_text(encoding="utf-8").startswith("# 某局2023年工作总结")
