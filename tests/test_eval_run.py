"""`zongjie eval run / compare` end to end: a fresh data dir, the offline engine, the real dev cases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eval.cases import load_cases
from eval.scoring import METRICS

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "eval" / "cases" / "dev.jsonl"
REQUIRED = [
    "structure_compliance",
    "figure_recall",
    "figure_precision",
    "fabricated_figures",
    "fact_coverage",
    "role_accuracy",
    "rouge_l_f1",
    "heading_soft_recall",
    "length_score",
]

pytestmark = pytest.mark.slow


def zongjie(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    """A fresh install's environment: empty data dir, empty settings file, offline engine."""
    base = tmp_path_factory.mktemp("eval_env")
    config = base / "zongjie.toml"
    config.write_text("", encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ZONGJIE_")}
    return {**clean, "ZONGJIE_DATA_DIR": str(base / "data"), "ZONGJIE_CONFIG": str(config)}


@pytest.fixture(scope="module")
def generated(env, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval_out") / "offline"
    started = time.perf_counter()
    result = zongjie(env, "eval", "run", str(DEV), "--out", str(out))
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    return out, seconds, result


def test_run_finishes_quickly_and_writes_everything(generated):
    out, seconds, result = generated
    assert seconds < 60, f"eval run took {seconds:.1f} s"
    assert (out / "report.json").is_file() and (out / "report.html").is_file()
    ids = [c.id for c in load_cases(DEV)]
    for system in ("offline", "naive"):
        assert sorted(p.stem for p in (out / "drafts" / system).glob("*.md")) == sorted(ids)
    assert "评测" in result.stderr  # the progress bar
    assert "structure_compliance" in result.stdout and "report.html" in result.stdout


def test_report_json_shape(generated):
    out, _, _ = generated
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["systems"] == ["offline", "naive"]
    for system in ("offline", "naive"):
        for metric in REQUIRED:
            assert metric in report["aggregate"][system]
    ids = [c.id for c in load_cases(DEV)]
    assert sorted(report["cases"]) == sorted(ids)
    for case_id in ids:
        for system in ("offline", "naive"):
            assert set(REQUIRED) <= set(report["cases"][case_id][system])
    assert report["llm_judged"] is False


def test_offline_engine_beats_naive_where_naive_is_weak(generated):
    out, _, _ = generated
    agg = json.loads((out / "report.json").read_text(encoding="utf-8"))["aggregate"]
    offline, naive = agg["offline"], agg["naive"]
    assert offline["structure_compliance"] > naive["structure_compliance"]
    assert offline["role_accuracy"] > naive["role_accuracy"]
    assert offline["heading_soft_recall"] > naive["heading_soft_recall"] == 0.0
    assert offline["length_score"] > naive["length_score"]
    # the offline engine copies figures verbatim and invents none (the drafting issue's contract)
    assert offline["figure_recall"] == 1.0
    assert offline["fabricated_figures"] == 0


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_report_html_is_self_contained_and_escaped(generated):
    out, _, _ = generated
    html = (out / "report.html").read_text(encoding="utf-8")
    page = _Collector()
    page.feed(html)
    assert "script" not in page.tags and "link" not in page.tags  # nothing to fetch
    assert page.tags.count("svg") == 1  # the distribution charts, inline
    assert "table" in page.tags and "pre" in page.tags  # per-case table; drafts side by side
    text = "".join(page.text)
    for metric in METRICS:
        assert metric in text
    assert "最差" in text and "参考稿" in text


def test_html_escapes_case_text(tmp_path, env):
    from eval.harness import write_outputs

    case = load_cases(DEV)[0]
    evil = "<script>alert(1)</script>"
    report = json.loads(json.dumps({
        "created": "now", "cases_file": evil, "systems": ["x", "naive"], "source": "drafts",
        "aggregate": {"x": {}, "naive": {}}, "cases": {case.id: {"x": {}, "naive": {}}},
        "details": {case.id: {s: {"lint": {"findings": []}, "missing_figures": [], "fabricated": [], "facts": []} for s in ("x", "naive")}},
        "timing": {}, "llm_judged": False,
    }))  # fmt: skip
    write_outputs(report, [case], {case.id: {"x": evil, "naive": evil}}, tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert evil not in html and "&lt;script&gt;" in html


def test_drafts_dir_scores_existing_drafts_the_same_way(generated, env, tmp_path):
    out, _, _ = generated
    rescored = tmp_path / "rescored"
    result = zongjie(
        env,
        "eval",
        "run",
        str(DEV),
        "--drafts",
        str(out / "drafts" / "offline"),
        "--out",
        str(rescored),
    )
    assert result.returncode == 0, result.stderr
    first = json.loads((out / "report.json").read_text(encoding="utf-8"))
    second = json.loads((rescored / "report.json").read_text(encoding="utf-8"))
    assert second["source"] == "drafts" and second["systems"] == ["offline", "naive"]
    for case_id, by_system in first["cases"].items():
        for metric in REQUIRED:
            assert second["cases"][case_id]["offline"][metric] == pytest.approx(
                by_system["offline"][metric]
            )

    compared = zongjie(
        env, "eval", "compare", str(out / "report.json"), str(rescored / "report.json"), "--json"
    )
    assert compared.returncode == 0, compared.stderr
    rows = json.loads(compared.stdout)
    assert {r["system"] for r in rows} == {"offline", "naive"}
    assert all(r["delta"] in (None, pytest.approx(0.0)) for r in rows)
    table = zongjie(env, "eval", "compare", str(out / "report.json"), str(rescored / "report.json"))
    assert table.returncode == 0 and "rouge_l_f1" in table.stdout


def test_compare_shows_which_side_is_better(generated, tmp_path):
    from eval.compare import compare_reports, format_table

    out, _, _ = generated
    a = json.loads((out / "report.json").read_text(encoding="utf-8"))
    b = json.loads(json.dumps(a))
    b["aggregate"]["offline"]["rouge_l_f1"] += 0.1
    b["aggregate"]["offline"]["fabricated_figures"] += 2
    rows = {(r["system"], r["metric"]): r for r in compare_reports(a, b)}
    assert rows[("offline", "rouge_l_f1")]["b_better"] is True
    assert rows[("offline", "fabricated_figures")]["b_better"] is False
    text = format_table(list(rows.values()))
    assert "+0.100" in text and "↑更好" in text and "↓更差" in text


def test_missing_drafts_and_bad_paths_are_clear_messages(env, tmp_path):
    drafts = tmp_path / "partial"
    drafts.mkdir()
    (drafts / "d000-full.md").write_text("一、工作开展情况\n", encoding="utf-8")
    result = zongjie(
        env, "eval", "run", str(DEV), "--drafts", str(drafts), "--out", str(tmp_path / "o")
    )
    assert result.returncode == 1
    assert "缺少这些用例的草稿" in result.stderr and "d001-full" in result.stderr
    assert "Traceback" not in result.stderr
    result = zongjie(env, "eval", "compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert result.returncode == 1 and "找不到评测报告" in result.stderr
    result = zongjie(env, "eval", "run", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "o"))
    assert result.returncode == 1 and "找不到评测用例文件" in result.stderr
