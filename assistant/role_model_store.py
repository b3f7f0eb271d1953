"""Role classifier weights on disk, as plain arrays in an .npz file.

Two places hold them: the file shipped with the project for the model trained on knowledge/
alone (built by scripts/build_role_model.py, so a first draft needs no training), and the cache
under the data directory for a model that also learned from the knowledge base. Read with
allow_pickle=False: a file planted in either place can hold numbers, never code.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

SHIPPED_NAME = "roles.npz"
FIELDS = ("terms", "indices", "idf", "coef", "intercept", "classes", "ngram_range", "key", "size")


def shipped_path(knowledge_dir: Path) -> Path:
    return knowledge_dir / SHIPPED_NAME


def load(path: Path | None) -> dict[str, np.ndarray] | None:
    """The arrays of a saved model; None when the file is missing, truncated or foreign."""
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in FIELDS}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    return arrays


def save(path: Path, arrays: dict[str, np.ndarray], *, prune: bool = True) -> None:
    """Write atomically; with `prune`, drop the models of older knowledge bases beside it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        tmp.replace(path)
        if prune:
            for old in path.parent.glob("roles-*"):
                if old != path:
                    old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only data directory: the model still works from memory
