"""BM25 over jieba tokens, with an inverted index in numpy so a query costs milliseconds."""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

_jieba_lock = threading.Lock()
_jieba = None

# single characters and function words that carry no topic; numbers are kept (they match facts)
_STOP = frozenset(
    "的 了 和 与 及 等 在 对 为 是 将 把 被 从 以 并 也 都 而 或 其 之 于 中 上 下 年 月 日 个 "
    "我 我们 我局 我办 我区 我县 我镇 全年 今年 工作 进行 开展 加强 推进 持续 共 累计 "
    "一是 二是 三是 四是 五是 六是 七是 八是 九是 十是".split()
)
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]")


def _load_jieba():
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            # jieba's default cache is the shared, predictable /tmp/jieba.cache, which it loads
            # with marshal: anyone could plant one. Keep it in a folder only this user can write.
            jieba.dt.tmp_dir = str(jieba_cache_dir())
            jieba.initialize()
            _jieba = jieba
    return _jieba


def jieba_cache_dir() -> str:
    """$XDG_CACHE_HOME/zongjie (or ~/.cache/zongjie), mode 0700; a private temp folder if unusable."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "zongjie")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.stat(folder)
        if info.st_uid == os.getuid() and not info.st_mode & 0o022:
            return folder
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="zongjie-jieba-")  # private (0700), fresh each run


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens, lower-cased, without punctuation and stop words."""
    jieba = _load_jieba()
    tokens = []
    for token in jieba.cut_for_search(text.lower()):
        token = token.strip()
        if not token or token in _STOP or not _TOKEN_OK.search(token):
            continue
        tokens.append(token)
    return tokens


class BM25Index:
    """Okapi BM25 (k1, b) over pre-tokenised documents; optional boolean mask per query."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.size = len(docs)
        lengths = np.fromiter((len(d) for d in docs), dtype=np.float32, count=self.size)
        avg = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        norm = k1 * (1 - b + b * lengths / avg)
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(i)
                tfs.append(tf)
        # per term: document indices and their precomputed BM25 weights
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, (ids, tfs) in postings.items():
            idx = np.asarray(ids, dtype=np.int32)
            tf = np.asarray(tfs, dtype=np.float32)
            df = len(ids)
            idf = np.log1p((self.size - df + 0.5) / (df + 0.5))
            weight = idf * tf * (k1 + 1) / (tf + norm[idx])
            self._postings[term] = (idx, weight.astype(np.float32))

    def scores(self, query_tokens: Iterable[str]) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        for term, count in Counter(query_tokens).items():
            posting = self._postings.get(term)
            if posting is not None:
                idx, weight = posting
                out[idx] += weight * count
        return out

    def top(
        self, query_tokens: Sequence[str], k: int, mask: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Indices and scores of the best k documents with a positive score."""
        if not self.size or k <= 0:
            return []
        scores = self.scores(query_tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        positive = int(np.count_nonzero(scores > 0))
        k = min(k, positive)
        if k == 0:
            return []
        part = np.argpartition(-scores, k - 1)[:k]
        order = part[np.argsort(-scores[part], kind="stable")]
        return [(int(i), float(scores[i])) for i in order]
