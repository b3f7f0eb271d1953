"""`zongjie ingest / search / kb …` through the real dispatcher: output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "kb"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "data"
    assert main(["--data-dir", str(path), "ingest", "--quiet", str(SAMPLES)]) == 0
    return path


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    for key in [k for k in __import__("os").environ if k.startswith("ZONGJIE_")]:
        monkeypatch.delenv(key)
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("ZONGJIE_CONFIG", str(empty))


def run_json(capsys, argv: list[str]):
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_kb_list_json_format(capsys, data_dir):
    docs = run_json(capsys, ["--data-dir", str(data_dir), "kb", "list", "--json"])
    assert len(docs) == 3
    for doc in docs:
        assert list(doc) == ["doc_id", "title", "unit", "period", "chunks", "roles"]
        assert doc["chunks"] == sum(doc["roles"].values())
    water = next(d for d in docs if d["title"].startswith("水务局"))
    assert (water["unit"], water["period"]) == ("水务局", "2023年上半年")
    assert set(water["roles"]) <= {"achievements", "problems", "plans", "other"}


def test_data_dir_after_the_subcommand(capsys, data_dir):
    docs = run_json(capsys, ["kb", "list", "--json", "--data-dir", str(data_dir)])
    assert len(docs) == 3
    hits = run_json(capsys, ["search", "黑车", "--json", "--data-dir", str(data_dir)])
    assert hits


def test_search_json_format_and_filters(capsys, data_dir):
    argv = ["--data-dir", str(data_dir), "search", "新建公厕", "--role", "plans", "-k", "2"]
    hits = run_json(capsys, [*argv, "--json"])
    assert 1 <= len(hits) <= 2
    for hit in hits:
        assert list(hit) == ["text", "title", "heading_path", "role", "score"]
        assert hit["role"] == "plans"
    assert "公厕3座" in hits[0]["text"]


def test_search_human_output_shows_title_path_role_score(capsys, data_dir):
    assert main(["--data-dir", str(data_dir), "search", "清理牛皮癣", "-k", "1"]) == 0
    out = capsys.readouterr().out
    assert "城管局2022年工作总结及2023年工作计划" in out
    assert "一、2022年工作开展情况" in out and "achievements" in out
    assert "牛皮癣" in out


def test_queries_file_gives_json_lines_in_order(capsys, data_dir, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("查处非法营运黑车300余辆\n新建污水管网\n\n执法力量不足\n", encoding="utf-8")
    capsys.readouterr()
    argv = ["--data-dir", str(data_dir), "search", "--queries", str(queries), "--json", "-k", "1"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    results = [json.loads(line) for line in lines]
    assert "黑车" in results[0][0]["text"]
    assert "污水管网" in results[1][0]["text"]
    assert results[2] == []
    assert "执法力量不足" in results[3][0]["text"]


def test_remove_and_unknown_doc(capsys, data_dir, tmp_path):
    copy = tmp_path / "data"
    import shutil

    shutil.copytree(data_dir, copy)
    docs = run_json(capsys, ["--data-dir", str(copy), "kb", "list", "--json"])
    target = next(d for d in docs if d["title"].startswith("治理办"))
    assert main(["--data-dir", str(copy), "kb", "remove", target["doc_id"]]) == 0
    assert "已删除" in capsys.readouterr().out
    remaining = run_json(capsys, ["--data-dir", str(copy), "kb", "list", "--json"])
    assert target["doc_id"] not in {d["doc_id"] for d in remaining}
    hits = run_json(capsys, ["--data-dir", str(copy), "search", "黑车300余辆", "--json"])
    assert all("黑车300余辆" not in h["text"] for h in hits)
    assert main(["--data-dir", str(copy), "kb", "remove", "nope"]) == 1
    assert "没有编号为 nope 的文档" in capsys.readouterr().err


def test_ingest_exit_codes_and_messages(capsys, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text("交通局2020年工作总结\n一、工作情况\n修复道路坑槽150处。\n", encoding="utf-8")
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "ingest", "-q", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "empty.txt" in captured.err and "空" in captured.err
    assert main(["--data-dir", data, "ingest", "-q", str(bad), str(good)]) == 0
    captured = capsys.readouterr()
    assert "导入 1 个文件" in captured.out and "个片段" in captured.out and "秒" in captured.out
    assert main(["--data-dir", data, "ingest", "-q", str(good)]) == 0  # unchanged: not an error
    assert "未变化" in capsys.readouterr().out


@pytest.mark.slow
def test_console_command_in_a_fresh_process(data_dir):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "search",
            "督查179次",
            "--json",
            "-k",
            "1",
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "督查179次" in json.loads(out.stdout)[0]["text"]


def test_kb_init_on_a_filled_base_lists_and_demonstrates(capsys, data_dir):
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "kb", "init"]) == 0
    out = capsys.readouterr().out
    assert "已导入内置样例报告" not in out  # not empty: nothing ingested again
    assert "共 3 个文档" in out
    assert "示例检索" in out and "牛皮癣" in out


def test_ensure_builtin_uses_the_catalog_and_runs_only_when_empty(tmp_path):
    from assistant.kb import KnowledgeBase
    from assistant.settings import Settings

    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "a.txt").write_text("某某报告\n一、工作情况\n植树造林3000亩。\n", encoding="utf-8")
    catalog = [
        {
            "file": "a.txt",
            "title": "林业站2019年工作总结",
            "unit": "林业站",
            "period": "2019年",
            "source": "seeds/x.txt",
        }
    ]
    (folder / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), "utf-8")
    kb = KnowledgeBase(Settings().with_data_dir(tmp_path / "data"))
    report = kb.ensure_builtin(knowledge_dir=folder)
    assert report.files == 1
    doc = kb.list_documents()[0]
    assert (doc.title, doc.unit, doc.period) == ("林业站2019年工作总结", "林业站", "2019年")
    hit = kb.search("植树造林", k=1)[0]
    assert (hit.title, hit.unit, hit.period) == ("林业站2019年工作总结", "林业站", "2019年")
    assert kb.ensure_builtin(knowledge_dir=folder) is None
