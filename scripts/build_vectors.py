"""Build knowledge/vectors.<model>.npz: float16 vectors of every chunk of knowledge/.

The texts are exactly what `KnowledgeBase.ensure_builtin` embeds (catalog metadata, the
ingest chunker), keyed by a hash of each text, so `make run` finds them without a model
call. Run it after knowledge/ or the chunker changes; tests/test_shipped_vectors.py fails
until you do. Vectors of unchanged texts are kept as they are; --fresh re-embeds all.

    .venv/bin/python scripts/build_vectors.py [--fresh] [--check]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.chunking import chunk_document  # noqa: E402
from assistant.embeddings import (  # noqa: E402
    KNOWLEDGE_DIR,
    ShippedVectors,
    get_embeddings,
    model_name_for,
    text_key,
    vectors_path,
)
from assistant.kb import builtin_catalog  # noqa: E402
from assistant.loaders import load_document  # noqa: E402
from assistant.settings import Settings, load_settings  # noqa: E402


def builtin_passages(folder: Path = KNOWLEDGE_DIR) -> list[str]:
    """The passage texts ingesting knowledge/ embeds, in order, without duplicates."""
    catalog = builtin_catalog(folder)
    files = [folder / name for name in catalog] or sorted(folder.glob("*.txt"))
    texts: dict[str, None] = {}
    for path in files:
        loaded = load_document(path)
        meta = {"doc_id": loaded.doc_id, **catalog.get(path.name, {})}
        texts.update((c.embed_text, None) for c in chunk_document(loaded, meta))
    return list(texts)


def stale(folder: Path, settings: Settings) -> tuple[list[str], list[str]]:
    """(texts without a shipped vector, shipped keys no text of knowledge/ has) as hex."""
    path = vectors_path(model_name_for(settings), folder)
    texts = builtin_passages(folder)
    have = set(ShippedVectors.load(path).rows) if path.is_file() else set()
    want = {text_key(t) for t in texts}
    return [t for t in texts if text_key(t) not in have], sorted(k.hex() for k in have - want)


def build(folder: Path, settings: Settings, fresh: bool = False) -> tuple[Path, int, int]:
    """Write the vectors file; returns (path, passages, passages embedded now)."""
    model = model_name_for(settings)
    path = vectors_path(model, folder)
    texts = builtin_passages(folder)
    old = ShippedVectors.load(path) if path.is_file() and not fresh else None
    if old is not None and old.model_name != model:
        old = None
    kept = {t: old.vectors[old.rows[text_key(t)]] for t in texts if old and t in old}
    todo = [t for t in texts if t not in kept]
    embedder = get_embeddings(replace(settings.embedding, shipped_vectors=False))
    computed = embedder.encode_passages(todo) if todo else np.zeros((0, 0))
    vectors = {**kept, **dict(zip(todo, computed, strict=True))}
    new = ShippedVectors.build(model, texts, np.array([vectors[t] for t in texts]))
    unchanged = (
        old is not None
        and list(old.rows) == list(new.rows)
        and np.array_equal(old.vectors, new.vectors)
    )
    if not unchanged:  # npz bytes carry a time stamp: rewrite only when the content changed
        new.save(path)
    return path, len(texts), len(todo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=KNOWLEDGE_DIR)
    parser.add_argument("--fresh", action="store_true", help="re-embed every passage")
    parser.add_argument("--check", action="store_true", help="only report what is stale")
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.check:
        missing, extra = stale(args.knowledge, settings)
        print(f"{len(missing)} passages without a vector, {len(extra)} vectors without a passage")
        return 1 if missing or extra else 0
    started = time.perf_counter()
    path, total, embedded = build(args.knowledge, settings, fresh=args.fresh)
    print(
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {total} passages, "
        f"{embedded} embedded now, {path.stat().st_size / 1024:.0f} KiB, "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
