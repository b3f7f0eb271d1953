"""A learned role classifier for pasted facts that carry no section marker.

Trained on the sentences of real reports, each labelled by the structure parser with the role of
the part it sits in (problem spans count as problems): the built-in corpus files in knowledge/
plus the chunks of the knowledge base. Logistic regression over character n-gram TF-IDF and the
cue-word features of assistant.roles. The model is cached under the data directory, keyed by a
hash of its training material, so it retrains only when the knowledge base changes.
`exclude_docs` names knowledge/ files (and the same documents in the knowledge base) to leave
out, so that an evaluation case is never scored by a model that has read its own reference.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import metadata, roles, structure
from assistant import role_model_store as store

MODEL_VERSION = 3  # bump when features or training change: old cache files are then unused
LABELS: tuple[str, ...] = ("achievements", "problems", "plans")
MIN_SENTENCE_CHARS = 6
KNOWLEDGE_DIR = Path(__file__).resolve().parents[1] / "knowledge"

_SENTENCE = re.compile(r"[^。！？!?；;\n]+")
_YEAR = re.compile(r"(?:19|20)\d\d年")
_WHITESPACE = re.compile(r"\s\s+")  # scikit-learn's char analyzer folds runs of whitespace
FEATURE_NAMES = ("problem_cue", "plan_cue", "plan_time_word", "names_next_period")
_memory: OrderedDict[str, RoleClassifier] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Source:
    """One training document: a knowledge/ file or a knowledge-base document's chunks."""

    name: str  # knowledge/ file name, or "kb:<doc_id>"
    sha256: str
    texts: tuple[tuple[str, str], ...]  # (text, role of the whole text or "" to parse it)
    period: str | None


def labelled_sentences(text: str) -> list[tuple[str, str]]:
    """(sentence, role) of a report's body sentences, roles from the structure parser."""
    doc = structure.parse_document(text)
    out = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        for h in doc.headings:  # a heading glued to its body: keep the body only
            if start <= h.start < end or h.start <= start < h.end:
                start = max(start, h.end)
        body = text[start:end].strip(" \t\u3000，,、：:")
        if len(body) < MIN_SENTENCE_CHARS:
            continue
        role = doc.role_at(start)
        if role in LABELS:
            out.append((_strip_runin(body), role))
    return out


def _strip_runin(text: str) -> str:
    first = next(iter(structure.marker_candidates(text[:4])), None)
    if first is not None and first.start == 0 and first.kind in ("runin", "l3", "l4"):
        return text[first.end :].strip()
    return text


def features(text: str, period: str | None, next_period: str | None) -> list[float]:
    """Cue-word features: the cue role, a plan time word, whether the text names the next period.

    (Naming this period is no feature: plans name it too, "开好2024年度民主生活会".)
    """
    cue = roles.cue_role(text)
    years = set(_YEAR.findall(text))
    next_year = _year(next_period) or _year(metadata.next_period(period) if period else None)
    return [
        float(bool(cue and cue[0] == "problems")),
        float(bool(cue and cue[0] == "plans")),
        float(bool(cue and cue[1] in roles.PLAN_TIME_CUES)),
        float(bool(next_year and next_year in years)),
    ]


def _year(period: str | None) -> str | None:
    found = _YEAR.search(period or "")
    return found.group(0) if found else None


class RoleClassifier:
    """predict(text) -> (role, probability); probabilities_many(texts) -> [{role: p}].

    Holds the fitted weights as plain arrays (n-gram vocabulary, IDF, coefficients), so a
    cached model loads and predicts with numpy alone: scikit-learn is imported for training
    only. The transform is scikit-learn's char TF-IDF (whitespace folded, lowercased,
    sublinear tf, L2 norm); tests check both give the same probabilities.
    """

    CUE_WEIGHT = 3.0  # cue features next to TF-IDF values of about 0.1

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: Any,
        ngram_range: tuple[int, int],
        coef: Any,
        intercept: Any,
        classes: list[str],
        key: str,
        size: int,
    ):
        self.vocabulary, self.idf, self.ngram_range = vocabulary, idf, ngram_range
        self.coef, self.intercept, self.classes = coef, intercept, classes
        self.key, self.size = key, size
        self.fitted: tuple[Any, Any] | None = None  # scikit-learn's objects, for tests

    @classmethod
    def from_fit(cls, vectorizer: Any, model: Any, key: str, size: int) -> RoleClassifier:
        vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        made = cls(
            vocabulary,
            vectorizer.idf_.copy(),
            tuple(vectorizer.ngram_range),
            model.coef_.copy(),
            model.intercept_.copy(),
            [str(c) for c in model.classes_],
            key,
            size,
        )
        made.fitted = (vectorizer, model)
        return made

    def to_arrays(self) -> dict[str, Any]:
        import numpy as np

        terms = sorted(self.vocabulary, key=self.vocabulary.get)
        return {
            "terms": np.array(terms, dtype=str),
            "indices": np.array([self.vocabulary[t] for t in terms], dtype=np.int64),
            "idf": self.idf,
            "coef": self.coef,
            "intercept": self.intercept,
            "classes": np.array(self.classes, dtype=str),
            "ngram_range": np.array(self.ngram_range, dtype=np.int64),
            "key": np.array(self.key),
            "size": np.array(self.size, dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, Any]) -> RoleClassifier:
        vocabulary = {
            str(t): int(i) for t, i in zip(arrays["terms"], arrays["indices"], strict=True)
        }
        low, high = (int(v) for v in arrays["ngram_range"])
        return cls(
            vocabulary,
            arrays["idf"],
            (low, high),
            arrays["coef"],
            arrays["intercept"],
            [str(c) for c in arrays["classes"]],
            str(arrays["key"]),
            int(arrays["size"]),
        )

    def _row(self, original: str, period: str | None, next_period: str | None):
        import numpy as np

        text = _WHITESPACE.sub(" ", original).lower()
        counts: dict[int, int] = {}
        low, high = self.ngram_range
        for n in range(low, min(high, len(text)) + 1):
            for i in range(len(text) - n + 1):
                index = self.vocabulary.get(text[i : i + n])
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
        row = np.zeros(len(self.idf) + len(FEATURE_NAMES))
        for index, count in counts.items():
            row[index] = (1.0 + math.log(count)) * self.idf[index]
        norm = float(np.sqrt((row * row).sum()))
        if norm:
            row /= norm
        cues = features(original, period, next_period)
        row[len(self.idf) :] = [v * self.CUE_WEIGHT for v in cues]
        return row

    def probabilities_many(
        self, texts: Sequence[str], period: str | None = None, next_period: str | None = None
    ) -> list[dict[str, float]]:
        import numpy as np

        if not texts:
            return []
        matrix = np.array([self._row(t, period, next_period) for t in texts])
        scores = matrix @ self.coef.T + self.intercept
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        rows = scores / scores.sum(axis=1, keepdims=True)
        return [{c: float(p) for c, p in zip(self.classes, row, strict=True)} for row in rows]

    def predict(
        self, text: str, period: str | None = None, next_period: str | None = None
    ) -> tuple[str, float]:
        probs = self.probabilities_many([text], period, next_period)[0]
        role = max(probs, key=probs.get)
        return role, probs[role]


def train(
    samples: Sequence[tuple[str, str, str | None]], key: str = "", **options: Any
) -> RoleClassifier:
    """Fit the classifier on (sentence, role, period) samples."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    texts = [s[0] for s in samples]
    vectorizer = TfidfVectorizer(
        analyzer="char",
        ngram_range=options.pop("ngram_range", (1, 3)),
        sublinear_tf=True,
        min_df=2,
        max_features=options.pop("max_features", 60000),
    )
    tfidf = vectorizer.fit_transform(texts)
    cues = [[v * RoleClassifier.CUE_WEIGHT for v in features(t, p, None)] for t, _, p in samples]
    matrix = hstack([tfidf, csr_matrix(cues)]).tocsr()
    # C and tol chosen leave-one-document-out on the eval cases: a looser fit generalises
    # better across departments and takes a third of the time of the default tolerance
    params = {"C": 2.0, "tol": 1e-3, "max_iter": 2000, "class_weight": "balanced", **options}
    model = LogisticRegression(**params)
    with threadpool_limits(1):  # BLAS threads fighting over busy cores cost 5x the fit
        model.fit(matrix, [s[1] for s in samples])
    return RoleClassifier.from_fit(vectorizer, model, key, len(samples))


# ---------------------------------------------------------------- training material


def knowledge_sources(folder: Path = KNOWLEDGE_DIR) -> list[Source]:
    """The built-in corpus files, with the period the catalog gives them."""
    catalog = _catalog(folder)
    files = [folder / name for name in catalog if (folder / name).is_file()]
    files = files or sorted(folder.glob("*.txt"))
    out = []
    for path in files:
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        period = catalog.get(path.name, {}).get("period")
        out.append(Source(path.name, hashlib.sha256(data).hexdigest(), ((text, ""),), period))
    return out


def _catalog(folder: Path) -> dict[str, dict[str, Any]]:
    # read here rather than through assistant.kb, which would import the vector store
    try:
        entries = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {e["file"]: e for e in entries if isinstance(e, dict) and e.get("file")}


def kb_sources(kb: Any) -> list[Source]:
    """The knowledge base's documents as (chunk text, chunk role) pairs."""
    ledger = getattr(kb, "ledger", None)
    if ledger is None:
        return []
    if hasattr(kb, "_refresh"):
        kb._refresh()  # pick up documents another process added
    by_doc: dict[str, list[tuple[str, str]]] = {}
    for chunk in sorted(ledger.chunks.values(), key=lambda c: (c.doc_id, c.position)):
        if chunk.role in LABELS:
            by_doc.setdefault(chunk.doc_id, []).append((chunk.text, chunk.role))
    out = []
    for doc_id, texts in by_doc.items():
        doc = ledger.docs.get(doc_id)
        if doc is not None:
            out.append(Source(f"kb:{Path(doc.source).name}", doc.sha256, tuple(texts), doc.period))
    return out


def _samples(sources: Iterable[Source]) -> list[tuple[str, str, str | None]]:
    out = []
    for source in sources:
        for text, role in source.texts:
            pairs = labelled_sentences(text) if not role else _chunk_sentences(text, role)
            out += [(sentence, label, source.period) for sentence, label in pairs]
    return out


def _chunk_sentences(text: str, role: str) -> list[tuple[str, str]]:
    return [
        (_strip_runin(s.strip()), role)
        for s in _SENTENCE.findall(text)
        if len(s.strip()) >= MIN_SENTENCE_CHARS
    ]


def training_sources(
    kb: Any = None, exclude_docs: frozenset[str] = frozenset(), folder: Path = KNOWLEDGE_DIR
) -> list[Source]:
    """knowledge/ files and KB documents, less the excluded ones and KB copies of the files."""
    exclude = {Path(name).name for name in exclude_docs}
    files = knowledge_sources(folder)
    excluded_sha = {s.sha256 for s in files if s.name in exclude}
    kept = [s for s in files if s.name not in exclude]
    known_sha = {s.sha256 for s in files}
    for source in kb_sources(kb) if kb is not None else []:
        if source.sha256 in known_sha or source.sha256 in excluded_sha:
            continue  # a built-in file ingested into the KB, or an excluded document
        if source.name.removeprefix("kb:") in exclude:
            continue
        kept.append(source)
    return kept


def _key(sources: Sequence[Source]) -> str:
    """The training material and what turns it into features: the texts and the cue words."""
    digest = hashlib.sha256(f"v{MODEL_VERSION}".encode())
    digest.update(hashlib.sha256(roles.WORDS_PATH.read_bytes()).digest())
    for source in sorted(sources, key=lambda s: s.sha256):
        digest.update(source.sha256.encode())
        digest.update(str(len(source.texts)).encode())
    return digest.hexdigest()[:24]


def classifier(
    settings: Any = None,
    exclude_docs: frozenset[str] = frozenset(),
    kb: Any = None,
    folder: Path = KNOWLEDGE_DIR,
) -> RoleClassifier | None:
    """The classifier for this knowledge base, trained once and cached; None with no material.

    The model of knowledge/ alone ships with the project (knowledge/roles.npz), so it is ready
    without training. A model that also learned from the knowledge base is cached on disk
    under settings.data_dir/models (when settings are given); leave-one-out models live in
    memory only.
    """
    sources = training_sources(kb, exclude_docs, folder)
    if not sources:
        return None
    key = _key(sources)
    with _lock:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
        path = _cache_path(settings, key) if not exclude_docs else None
        model = _load(store.shipped_path(folder), key) or _load(path, key)
        if model is None:
            samples = _samples(sources)
            if len({s[1] for s in samples}) < len(LABELS):
                return None  # a corpus without the three kinds of parts teaches nothing
            model = train(samples, key)
            if path:
                store.save(path, model.to_arrays())
        _memory[key] = model
        while len(_memory) > 8:
            _memory.popitem(last=False)
        return model


def shipped_model(folder: Path = KNOWLEDGE_DIR) -> RoleClassifier | None:
    """The model the project ships for knowledge/, if it still matches knowledge/."""
    return _load(store.shipped_path(folder), _key(knowledge_sources(folder)))


def build_shipped(folder: Path = KNOWLEDGE_DIR) -> RoleClassifier:
    """Train on knowledge/ alone and write knowledge/roles.npz (scripts/build_role_model.py)."""
    sources = knowledge_sources(folder)
    model = train(_samples(sources), _key(sources))
    store.save(store.shipped_path(folder), model.to_arrays(), prune=False)
    return model


def _cache_path(settings: Any, key: str) -> Path | None:
    data_dir = getattr(settings, "data_dir", None)
    return Path(data_dir) / "models" / f"roles-{key}.npz" if data_dir else None


def _load(path: Path | None, key: str) -> RoleClassifier | None:
    arrays = store.load(path)
    if arrays is None or str(arrays["key"]) != key:
        return None  # missing, damaged, or trained on other material
    return RoleClassifier.from_arrays(arrays)


def reference_documents(
    source: str | None, title: str | None = None, folder: Path = KNOWLEDGE_DIR
) -> frozenset[str]:
    """knowledge/ file names that hold a case's reference document, to leave out of training.

    From the case's `source` ("knowledge/seed000.txt", or the raw file the catalog names as
    the source of a knowledge/ file), else from catalog entries with the case's title.
    """
    catalog = _catalog(folder)
    names: set[str] = set()
    if source:
        name = Path(source).name
        names |= {name} if name in catalog else set()
        names |= {f for f, e in catalog.items() if Path(str(e.get("source", ""))).name == name}
    if not names and title:
        names = {f for f, e in catalog.items() if e.get("title") == title}
    return frozenset(names)
