"""Calibrate the heading soft-recall threshold: `python -m eval.calibrate`.

Reads eval/calibration/headings.yaml (seed-report headings, each with a hand-written topic
heading), scores every heading against every topic of its group with the default embedder,
and picks the threshold with the best balanced accuracy (Youden's J; ties: the higher one).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from assistant.data_files import read_yaml
from assistant.embeddings import get_embeddings
from assistant.settings import load_settings
from eval.headings import HeadingEmbedder

DATA = Path(__file__).resolve().parent / "calibration" / "headings.yaml"


def labelled_pairs(path: Path = DATA) -> list[tuple[str, str, bool]]:
    groups = read_yaml(path, "标题标定数据")["groups"]
    out = []
    for group in groups:
        pairs = group["pairs"]
        for i, (heading, _) in enumerate(pairs):
            for j, (_, topic) in enumerate(pairs):
                out.append((heading, topic, i == j))
    return out


def calibrate(embedder: HeadingEmbedder, pairs: list[tuple[str, str, bool]]) -> dict:
    sims = np.array([float(embedder.similarity([a], [b])[0, 0]) for a, b, _ in pairs])
    labels = np.array([same for _, _, same in pairs])
    best = None
    for t in np.round(np.arange(0.70, 0.99, 0.005), 3):
        tpr = float(np.mean(sims[labels] >= t))
        fpr = float(np.mean(sims[~labels] >= t))
        j = tpr - fpr
        if best is None or j >= best["youden_j"] - 1e-12:
            best = {"threshold": float(t), "youden_j": j, "tpr": tpr, "fpr": fpr}
    pos, neg = sims[labels], sims[~labels]
    return {
        **best,
        "positives": int(labels.sum()),
        "negatives": int((~labels).sum()),
        "positive_similarity": {
            "min": float(pos.min()),
            "median": float(np.median(pos)),
            "max": float(pos.max()),
        },
        "negative_similarity": {
            "min": float(neg.min()),
            "median": float(np.median(neg)),
            "max": float(neg.max()),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    args = parser.parse_args(argv)
    embedder = HeadingEmbedder(get_embeddings(load_settings()))
    result = calibrate(embedder, labelled_pairs(Path(args.data)))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
