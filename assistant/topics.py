"""Open-vocabulary topics: word weights from the reports, fact similarity, contiguous groups.

Word weights are inverse document frequencies over the sentences of the built-in reports
(knowledge/).
They are computed once and cached on disk (keyed by the files' names, sizes and times), so
a draft pays a few milliseconds for them.

A part's facts are split into contiguous groups, so the writer's order survives: the split
maximises the sum over groups of |sum of the group's unit vectors| minus a cost per group
(a group's vector length grows with how alike its facts are), solved exactly by dynamic
programming over the paste order.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant import roles
from assistant.data_files import read_yaml
from assistant.lexical import _load_jieba

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
STOCK_PATH = DATA / "stock_words.yaml"
IDF_VERSION = 3
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"[0-9０-９*＊%％.]")
_SENTENCES = re.compile(r"[^。！？；\n]+")
BIGRAM_WEIGHT = 0.35  # character bigrams catch shared stems that jieba cuts apart
MAX_GROUP = 8  # facts under one sub-heading: more reads as a list
_lock = threading.Lock()


def corpus_paths() -> list[Path]:
    """Report texts the word weights are computed from: the built-in corpus (knowledge/).

    Only what ships with the project, so a draft reads the same on every install, with or
    without a development checkout's ../shared beside it."""
    return sorted((ROOT / "knowledge").glob("*.txt"))


@lru_cache(maxsize=1)
def stock_words() -> frozenset[str]:
    return frozenset(_stock_file()["words"])


@lru_cache(maxsize=1)
def catch_all_words() -> tuple[str, ...]:
    return tuple(_stock_file()["catch_all"])


@lru_cache(maxsize=1)
def not_proper_words() -> frozenset[str]:
    return frozenset(_stock_file().get("not_proper", []))


@lru_cache(maxsize=1)
def _stock_file() -> dict:
    return read_yaml(STOCK_PATH, "套话词表")


@lru_cache(maxsize=8192)
def cut(text: str) -> tuple[str, ...]:
    """jieba words (accurate mode), as written (cached: a fact is cut once per process)."""
    return tuple(_load_jieba().lcut(text))


def dictionary_count(word: str) -> int:
    """How often jieba's dictionary has seen a word (0 for one it does not know)."""
    return _load_jieba().dt.FREQ.get(word, 0) or 0


def word_flag(word: str) -> str:
    """The dictionary POS flag of a jieba word; "x" for a word not in the dictionary."""
    _load_jieba()
    import jieba.posseg as pseg

    return pseg.dt.word_tag_tab.get(word, "x")


def is_content(word: str) -> bool:
    """A word that names a topic: 2+ characters, Chinese, no figure, not a stock 公文 word,
    not a plan's time ("明年完善…": every plan line of a paste may say it, so it ties no two)."""
    return (
        len(word) >= 2
        and bool(_CJK.search(word))
        and not _DIGIT.search(word)
        and word not in stock_words()
        and word not in roles.PLAN_TIME_CUES
    )


def content_words(text: str) -> list[str]:
    return [w for w in cut(text) if is_content(w)]


IDIOM_FLAGS = frozenset({"l", "i"})  # jieba 0.42.1's idioms and set phrases


def noun_run(text: str) -> str:
    """The noun phrase a text opens with, as written ("社会治理持续加强" -> 社会治理, "项目建设提速
    增效" -> 项目建设); "" when it opens with a verb or an adverb ("抓项目促投资")."""
    nouns = frozenset(_stock_file()["noun_phrase_flags"])
    run: list[str] = []
    last = ""
    for word in cut(text):
        flag = word_flag(word)
        if not run and word in stock_words():
            break  # "全力做好…", "全面保障…": a stock adverb opens no noun phrase
        if run and flag in IDIOM_FLAGS and len(word) == 4:
            break  # a four-character idiom after a noun says how it went: "农业生产稳中有升"
        if flag in nouns:
            run.append(word)
        elif flag == "v" and run and last != "vn":
            run.append(word)  # a verb closes the phrase: "乡村振兴"
            break
        else:
            break
        last = flag
    return "".join(run)


def _bigrams(text: str) -> list[str]:
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    return [run[i : i + 2] for run in runs for i in range(len(run) - 1)]


@dataclass
class Idf:
    """Inverse document frequency of words and character bigrams over report sentences."""

    sentences: int
    words: dict[str, float]
    bigrams: dict[str, float]
    # word n-grams ("耕地保护", "中心组学习") -> how many reports write them: a term of the trade
    terms: dict[str, int] = field(default_factory=dict)

    @property
    def unseen(self) -> float:
        return math.log((self.sentences + 1) / 1.5)

    def word(self, w: str) -> float:
        return self.words.get(w, self.unseen)

    def bigram(self, b: str) -> float:
        return self.bigrams.get(b, self.unseen)

    def term(self, phrase: str) -> int:
        """How many reports write this run of words; 0 for one report or none."""
        return self.terms.get(phrase, 0)


def _fingerprint(paths: list[Path]) -> str:
    h = hashlib.sha1(f"v{IDF_VERSION}".encode())
    for p in paths:
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    for p in (STOCK_PATH, roles.WORDS_PATH):  # what counts as a content word (is_content)
        h.update(hashlib.sha1(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zongjie"


def _term_grams(words: tuple[str, ...]) -> set[str]:
    """Runs of 2-3 adjacent Chinese words of 2+ characters each, joined as written."""
    ok = [len(w) >= 2 and not _DIGIT.search(w) and bool(_CJK.fullmatch(w[0])) for w in words]
    out = set()
    for i in range(len(words)):
        for n in (2, 3):
            if i + n <= len(words) and all(ok[i : i + n]):
                out.add("".join(words[i : i + n]))
    return out


def compute_idf(texts: list[str]) -> Idf:
    word_df: Counter[str] = Counter()
    bigram_df: Counter[str] = Counter()
    term_df: Counter[str] = Counter()
    n = 0
    for text in texts:
        grams: set[str] = set()
        for sentence in _SENTENCES.findall(text):
            if len(sentence) < 4:
                continue
            n += 1
            words = cut(sentence)
            word_df.update({w for w in words if is_content(w)})
            bigram_df.update(set(_bigrams(sentence)))
            grams |= _term_grams(words)
        term_df.update(grams)  # per report: a phrase of one report alone is no term
    # words seen once weigh about as much as unseen ones: leave them out of the table
    words = {w: math.log((n + 1) / (df + 0.5)) for w, df in word_df.items() if df > 1}
    bigrams = {b: math.log((n + 1) / (df + 0.5)) for b, df in bigram_df.items() if df > 1}
    terms = {t: df for t, df in term_df.items() if df > 1}
    return Idf(n, words, bigrams, terms)


_IDF: Idf | None = None


def idf() -> Idf:
    """The word weights: from memory, else the disk cache, else computed and cached."""
    global _IDF
    with _lock:
        if _IDF is None:
            _IDF = _load_or_compute()
        return _IDF


def _load_or_compute() -> Idf:
    paths = corpus_paths()
    cache = _cache_dir() / f"idf-{_fingerprint(paths)}.json"
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return Idf(data["sentences"], data["words"], data["bigrams"], data["terms"])
    except (OSError, ValueError, KeyError):
        pass
    texts = []
    for p in paths:
        try:
            texts.append(p.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    table = compute_idf(texts)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        payload = {"sentences": table.sentences, "words": table.words, "bigrams": table.bigrams}
        payload["terms"] = table.terms
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home: the weights stay in memory for this process
    return table


# ---------------------------------------------------------------- similarity and groups


def features(text: str, extra: dict[str, float] | None = None) -> dict[str, float]:
    """Weighted words and bigrams of one fact."""
    table = idf()
    out: dict[str, float] = {}
    for w in content_words(text):
        out["w:" + w] = out.get("w:" + w, 0.0) + table.word(w)
    for b in _bigrams(text):
        if not any(ch in "的了和与及在对为是将把被从以并" for ch in b):
            out["b:" + b] = out.get("b:" + b, 0.0) + BIGRAM_WEIGHT * table.bigram(b)
    out.update(extra or {})
    return out


def similarity_matrix(vectors: list[dict[str, float]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for vec in vectors:
        for key in vec:
            vocab.setdefault(key, len(vocab))
    matrix = np.zeros((len(vectors), max(1, len(vocab))), dtype=np.float64)
    for i, vec in enumerate(vectors):
        for key, weight in vec.items():
            matrix[i, vocab[key]] = weight
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms > 0, norms, 1.0)
    sims = matrix @ matrix.T
    np.fill_diagonal(sims, 1.0)
    return sims


def _segment(sims: np.ndarray, cost: float, longest: int) -> list[tuple[int, int]]:
    """Best split of 0..n into contiguous (start, end) groups for one cost per group."""
    n = len(sims)
    prefix = np.zeros((n + 1, n + 1))
    prefix[1:, 1:] = sims.cumsum(0).cumsum(1)

    def gain(i: int, j: int) -> float:
        block = prefix[j, j] - prefix[i, j] - prefix[j, i] + prefix[i, i]
        return math.sqrt(max(block, 0.0)) - cost

    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - longest), j):
            score = best[i] + gain(i, j)
            if score > best[j]:
                best[j], back[j] = score, i
    bounds, j = [], n
    while j > 0:
        bounds.append((back[j], j))
        j = back[j]
    return bounds[::-1]


def group_range(n: int) -> tuple[int, int]:
    """How many groups n facts may form: about one per four facts, at most eight
    (the sub-sections of the corpus reports hold three to six facts' worth of text)."""
    low = max(1, min(8, round(n / 5)))
    high = max(low, min(8, math.ceil(n / 2)))
    return low, high


def contiguous_groups(sims: np.ndarray, low: int, high: int) -> list[tuple[int, int]]:
    """Contiguous groups, their count between low and high, cohesion deciding the cut points."""
    n = len(sims)
    if n == 0:
        return []
    longest = min(n, MAX_GROUP)
    # a higher cost per group merges more; search it until the count is in range
    start = 0.6
    bounds = _segment(sims, start, longest)
    lo_cost, hi_cost = (start, 4.0) if len(bounds) > high else (0.0, start)
    for _ in range(24):
        if low <= len(bounds) <= high:
            break
        mid = (lo_cost + hi_cost) / 2
        bounds = _segment(sims, mid, longest)
        if len(bounds) > high:
            lo_cost = mid
        else:
            hi_cost = mid
    return bounds
