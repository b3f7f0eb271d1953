"""`make bench`: runs every bench/bench_*.py and writes bench/results/ with machine info.

Each module defines `run() -> dict` returning {"title": str, "markdown": str, "data": dict}.
Run one with `python -m bench.run NAME`.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def machine_info() -> dict:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
    }


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = argv or sorted(p.stem.removeprefix("bench_") for p in here.glob("bench_*.py"))
    RESULTS.mkdir(parents=True, exist_ok=True)
    info = machine_info()
    sections = [
        "# Benchmark results\n",
        "Machine: " + ", ".join(f"{k}={v}" for k, v in info.items()) + "\n",
    ]
    failed = 0
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== bench {name}", flush=True)
        started = time.perf_counter()
        try:
            result = module.run()
        except Exception as exc:  # one failing bench must not hide the others
            failed += 1
            print(f"bench {name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        seconds = time.perf_counter() - started
        payload = {"machine": info, "seconds": round(seconds, 2), **result}
        (RESULTS / f"{name}.json").write_text(
            json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        block = f"## {result['title']}\n\n{result['markdown'].strip()}\n\n_({seconds:.1f} s)_\n"
        (RESULTS / f"{name}.md").write_text(f"Machine: {info}\n\n{block}", encoding="utf-8")
        sections.append(block)
        print(result["markdown"], flush=True)
    if not argv:
        (RESULTS / "README.md").write_text("\n".join(sections), encoding="utf-8")
    else:  # a partial run: README.md keeps every bench, each block with its own run's machine
        _rebuild_readme(here)
    return 1 if failed else 0


def _rebuild_readme(here: Path) -> None:
    blocks = ["# Benchmark results\n", "Each section names the run it comes from.\n"]
    for path in sorted(here.glob("bench_*.py")):
        result = RESULTS / f"{path.stem.removeprefix('bench_')}.md"
        if result.is_file():
            machine, _, block = result.read_text(encoding="utf-8").partition("\n\n")
            blocks.append(f"{block.strip()}\n\n{machine}\n")
    (RESULTS / "README.md").write_text("\n".join(blocks), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
