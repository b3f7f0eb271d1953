"""The learned role classifier: training material, cache, leave-one-document-out accuracy."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from assistant import role_model, role_order
from assistant.facts import parse_facts

ROOT = Path(__file__).resolve().parents[1]
CASES = [ROOT / "eval" / "cases" / "dev.jsonl", ROOT / "eval" / "cases" / "corpus.jsonl"]


def test_sentences_are_labelled_by_the_part_they_sit_in():
    text = (
        "一、2023年工作情况\n（一）市容管理\n全年查处黑车300余辆。清理牛皮癣900余处。\n"
        "二、存在的问题\n执法力量不足，车辆老化。\n三、2024年工作计划\n新建公厕3座，改造中转站5个。"
    )
    assert role_model.labelled_sentences(text) == [
        ("全年查处黑车300余辆", "achievements"),
        ("清理牛皮癣900余处", "achievements"),
        ("执法力量不足，车辆老化", "problems"),
        ("新建公厕3座，改造中转站5个", "plans"),
    ]


def test_the_numpy_predictor_matches_scikit_learn():
    """The cached model predicts without scikit-learn; its probabilities are scikit-learn's."""
    from scipy.sparse import csr_matrix, hstack

    samples = role_model._samples(role_model.knowledge_sources()[:4])
    model = role_model.train(samples)
    vectorizer, fitted = model.fitted
    texts = ["查处黑车300余辆", "执法力量不足  车辆老化", "2024年将新建公厕3座", "ABC 组织培训2次"]
    cues = [
        [v * model.CUE_WEIGHT for v in role_model.features(t, "2023年", "2024年")] for t in texts
    ]
    expected = fitted.predict_proba(hstack([vectorizer.transform(texts), csr_matrix(cues)]))
    got = model.probabilities_many(texts, "2023年", "2024年")
    for row, want in zip(got, expected, strict=True):
        assert [row[c] for c in fitted.classes_] == pytest.approx(list(want), abs=1e-9)
    again = role_model.RoleClassifier.from_arrays(model.to_arrays())  # as saved and loaded
    assert again.probabilities_many(texts, "2023年", "2024年") == got


def test_decoding_in_paste_order_keeps_markers_and_confident_facts():
    probs = [
        {"achievements": 0.9, "problems": 0.05, "plans": 0.05},
        {"achievements": 0.45, "problems": 0.1, "plans": 0.45},  # unsure: follows its neighbours
        {},
        {"achievements": 0.95, "problems": 0.02, "plans": 0.03},  # sure: back to achievements
    ]
    fixed = [None, None, "problems", None]
    path = role_order.decode_in_order(probs, fixed)
    assert path == ["achievements", "achievements", "problems", "achievements"]
    unsure_after = [*probs[:3], {"achievements": 0.5, "problems": 0.4, "plans": 0.1}]
    assert role_order.decode_in_order(unsure_after, fixed)[3] == "problems"


def test_reference_documents_of_a_case(knowledge_dir):
    catalog = {e["file"]: e for e in json.loads((knowledge_dir / "catalog.json").read_text())}
    assert role_model.reference_documents("knowledge/seed000.txt") == {"seed000.txt"}
    name, entry = next((f, e) for f, e in catalog.items() if e.get("source"))
    assert role_model.reference_documents(entry["source"]) == {name}  # the raw file's name
    assert name in role_model.reference_documents(None, entry["title"])
    assert role_model.reference_documents("elsewhere/unknown.txt") == frozenset()


def test_the_shipped_model_matches_knowledge_and_is_ready_without_training(settings):
    """knowledge/roles.npz is the model of knowledge/ alone: run scripts/build_role_model.py
    when this fails after knowledge/ or the features changed."""
    shipped = role_model.shipped_model()
    assert shipped is not None, "knowledge/roles.npz is stale: run scripts/build_role_model.py"
    role_model._memory.clear()
    start = time.perf_counter()
    model = role_model.classifier(settings)
    assert time.perf_counter() - start < 1.0  # loaded, not trained
    assert model.key == shipped.key and model.size > 1000
    assert not list((settings.data_dir / "models").glob("roles-*"))  # nothing to cache
    # the same as a model trained now on the same material
    fresh = role_model.train(role_model._samples(role_model.knowledge_sources()), model.key)
    texts = ["查处黑车300余辆", "执法力量不足", "持续强化生态环境保护，重点推进海漂垃圾治理"]
    got = model.probabilities_many(texts, "2023年", "2024年")
    want = fresh.probabilities_many(texts, "2023年", "2024年")
    for row, expected in zip(got, want, strict=True):
        assert row == pytest.approx(expected, abs=1e-6)


def test_a_model_with_kb_documents_is_cached_on_disk_as_arrays(settings, tmp_path):
    """A model trained on other material is saved as .npz under the data directory, loaded
    on the next start, and a damaged cache file is retrained, never trusted."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for source in role_model.knowledge_sources()[:5]:
        (folder / source.name).write_text(source.texts[0][0], encoding="utf-8")
    role_model._memory.clear()
    model = role_model.classifier(settings, folder=folder)
    assert model is not None
    cached = list((settings.data_dir / "models").glob("roles-*"))
    assert [p.name for p in cached] == [f"roles-{model.key}.npz"]
    role_model._memory.clear()
    start = time.perf_counter()
    again = role_model.classifier(settings, folder=folder)
    assert time.perf_counter() - start < 1.0  # loaded, not retrained
    assert again.key == model.key and again is not model
    cached[0].write_bytes(b"not a model")
    role_model._memory.clear()
    retrained = role_model.classifier(settings, folder=folder)
    assert retrained.key == model.key
    assert len(list((settings.data_dir / "models").glob("roles-*"))) == 1


def test_excluded_documents_are_left_out_of_training(knowledge_dir):
    names = {s.name for s in role_model.training_sources(exclude_docs=frozenset({"seed001.txt"}))}
    assert "seed001.txt" not in names and "seed000.txt" in names
    every = {s.name for s in role_model.training_sources()}
    assert every == {s.name for s in role_model.knowledge_sources(knowledge_dir)}


def test_the_ledger_gives_the_classifier_reason():
    paste = (
        "查处黑车300余辆\n执法车辆老化，执法力量不足\n持续强化生态环境保护，重点推进海漂垃圾治理"
    )
    ledger = parse_facts(paste, period="2023年")
    assert [f.role for f in ledger.facts] == ["achievements", "problems", "plans"]
    assert all(f.role_reason.startswith("classifier: ") for f in ledger.facts)
    prob = float(ledger.facts[0].role_reason.split("(")[1].split(")")[0].split(",")[0])
    assert 0.5 < prob <= 1.0


def test_leading_plan_words_are_as_plain_as_markers():
    ledger = parse_facts("查处黑车300余辆\n明年新建公厕3座\n拟改造中转站5个", period="2023年")
    assert [(f.role, f.role_reason) for f in ledger.facts][1:] == [
        ("plans", "cue: 明年"),
        ("plans", "cue: 拟"),
    ]


# ---------------------------------------------------------------- leave one document out


@pytest.fixture(scope="module")
def loo_models():
    """One model per knowledge/ file, trained on all the others."""
    sources = role_model.knowledge_sources()
    return {s.name: role_model.classifier(None, exclude_docs=frozenset({s.name})) for s in sources}


@pytest.mark.slow
def test_leave_one_document_out_accuracy_on_knowledge_sentences(loo_models):
    """Every report sentence, scored by a model that never read its report.

    Sentences are harder than pasted facts (framing sentences read alike in every part), so the
    bar is well above what the majority class (balanced accuracy 1/3) or chance gives.
    """
    right: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for source in role_model.knowledge_sources():
        samples = role_model._samples([source])
        probs = loo_models[source.name].probabilities_many([s[0] for s in samples], source.period)
        for p, (_, role, _) in zip(probs, samples, strict=True):
            counts[role] += 1
            right[role] += max(p, key=p.get) == role
    total = sum(counts.values())
    accuracy = sum(right.values()) / total
    balanced = sum(right[r] / counts[r] for r in role_model.LABELS) / len(role_model.LABELS)
    majority = counts.most_common(1)[0][1] / total
    print(f"sentence LOO: accuracy {accuracy:.3f}, balanced {balanced:.3f}, over {total}")
    assert total > 1000 and accuracy > majority + 0.02 and balanced >= 0.55


@pytest.mark.slow
def test_leave_one_document_out_roles_of_unmarked_eval_cases(loo_models):
    """The issue's goal on the cases without markers, each parsed by a model blind to it."""
    right = total = 0
    for path in CASES:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if case.get("marked"):
                continue
            exclude = role_model.reference_documents(case.get("source"), case["title"])
            assert exclude, f"{case['id']}: its reference document is not found in knowledge/"
            ledger = parse_facts(
                case["input"], case["unit"], case["period"], case["next_period"],
                exclude_docs=exclude,
            )  # fmt: skip
            gold = {f["text"]: f["role"] for f in case["facts"]}
            scored = [(f.role, gold[f.text]) for f in ledger.facts if f.text in gold]
            right += sum(a == b for a, b in scored)
            total += len(scored)
    print(f"unmarked case roles, leave-one-document-out: {right}/{total}")
    assert total >= 150 and right / total >= 0.95


# ---------------------------------------------------------------- real department text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("pingtan_zyst_2024sum_2025plan.txt", "2024年"),  # 自然资源与生态环境局, with problems
        ("pingtan_jinjing_2022sum_2023plan.txt", "2022年"),
        ("pingtan_shsy_2024sum_2025plan.txt", "2024年"),
    ],
)
def test_an_unmarked_paste_from_a_department_report(departments_dir, name, period):
    """Parts of a real report, pasted in order as bullets with no markers, get their roles back."""
    from assistant.cleaning import clean_text

    raw = departments_dir / name
    sentences = role_model.labelled_sentences(clean_text(raw.read_text(encoding="utf-8")))
    usable = [(s, r) for s, r in sentences if 8 <= len(s) <= 60]
    picked = [p for p in usable if p[1] == "achievements" and any(c.isdigit() for c in p[0])][:12]
    picked += [p for p in usable if p[1] == "problems"][:4]
    picked += [p for p in usable if p[1] == "plans"][:6]
    assert len(picked) >= 18
    paste = "\n".join(f"- {s}" for s, _ in picked)
    exclude = role_model.reference_documents(f"departments/{raw.name}")
    assert exclude, "the report is in knowledge/ under another name"
    ledger = parse_facts(paste, period=period, exclude_docs=exclude)
    gold = dict(picked)
    scored = [(f.role, gold[f.text]) for f in ledger.facts if f.text in gold]
    assert len(scored) >= 16
    accuracy = sum(a == b for a, b in scored) / len(scored)
    print(f"{name}: {accuracy:.2f} of {len(scored)} facts")
    # report sentences, not a writer's facts: framing sentences and plans with no plan verb
    # ("加强公共配套服务") read like achievements, so the bar is below the eval cases' 0.95
    assert accuracy >= 0.8


# ---------------------------------------------------------------- with a knowledge base


@pytest.mark.slow
def test_a_knowledge_base_document_joins_training_and_a_change_retrains(
    corpus_dir, knowledge_dir, tmp_path
):
    from assistant.kb import KnowledgeBase
    from assistant.settings import Settings

    settings = Settings().with_data_dir(tmp_path / "data")
    kb = KnowledgeBase(settings)
    before = role_model.classifier(settings, kb=kb)
    report = min(corpus_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    kb.ingest([report])
    roles_in_kb = {c.role for c in kb.ledger.chunks.values()}
    assert roles_in_kb & set(role_model.LABELS), "the report has parts with roles"
    after = role_model.classifier(settings, kb=kb)
    assert after.key != before.key and after.size > before.size  # retrained with the KB
    cached = [p.name for p in (settings.data_dir / "models").glob("roles-*.npz")]
    assert cached == [f"roles-{after.key}.npz"]  # the old knowledge base's model is dropped
    blind = role_model.classifier(settings, kb=kb, exclude_docs=frozenset({report.name}))
    assert blind.key == before.key  # leaving the document out gives the model without it
    kb.ingest([knowledge_dir / "seed003.txt"])  # a built-in file adds nothing new
    assert role_model.classifier(settings, kb=kb).key == after.key

    paste = "\n".join(f"- 完成第{i}批次项目建设{i}0个" for i in range(1, 31))
    parse_facts(paste, period="2023年", kb=kb)
    start = time.perf_counter()
    ledger = parse_facts(paste, period="2023年", kb=kb)
    assert time.perf_counter() - start < 1.0  # no search per fact
    assert len(ledger.facts) == 30
    assert all(f.role_reason.startswith("classifier: ") for f in ledger.facts)
