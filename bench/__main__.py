"""`make bench`: run every benchmark under bench/ in one process and print one table of figures.

Each benchmark module is named ``bench_*.py`` and has ``run() -> list[dict]`` returning rows
``{"name": str, "value": float, "unit": str}`` (ratios are rows too, measured in the same run).
Results are also written to bench/results/latest.json for the issue notes.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The benchmarks build throw-away counters, as the test suite does: each may make up its own district
# index key (a production start refuses to; see store/datakeys.py).
os.environ.setdefault("COUNTER_APP_TEST_MODE", "1")


def main(argv: list[str]) -> int:
    only = set(argv)
    sys.path.insert(0, str(HERE.parent))
    rows: list[dict] = []
    failed = 0
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (only and info.name not in only):
            continue
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{info.name}")
            for row in module.run():
                rows.append({"bench": info.name, **row})
        except Exception:
            failed += 1
            traceback.print_exc()
            rows.append({"bench": info.name, "name": "FAILED", "value": float("nan"), "unit": ""})
        print(f"  ({info.name}: {time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    width = max((len(r["name"]) for r in rows), default=10)
    print(f"{'benchmark':<22} {'figure':<{width}} {'value':>12}  unit")
    for r in rows:
        print(f"{r['bench']:<22} {r['name']:<{width}} {r['value']:>12.3f}  {r['unit']}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
