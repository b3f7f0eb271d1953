"""Build knowledge/roles.npz: the role classifier trained on knowledge/ alone.

The file is keyed by a hash of knowledge/'s files (and the model version), so the first draft
of a fresh install classifies roles without training. Run it after knowledge/ or the
classifier's features change; tests/test_role_model.py fails until you do.

    .venv/bin/python scripts/build_role_model.py [--check]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant import role_model  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    if args.check:
        ok = role_model.shipped_model() is not None
        print("knowledge/roles.npz matches knowledge/" if ok else "knowledge/roles.npz is stale")
        return 0 if ok else 1
    start = time.perf_counter()
    model = role_model.build_shipped()
    path = role_model.store.shipped_path(role_model.KNOWLEDGE_DIR)
    print(
        f"wrote {path.relative_to(ROOT)}: {model.size} sentences, {len(model.vocabulary)} "
        f"n-grams, {path.stat().st_size / 1024:.0f} KiB in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
