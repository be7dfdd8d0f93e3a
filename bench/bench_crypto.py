"""SM3 and SM4 throughput of the two backends (gmssl, OpenSSL via ``cryptography``) and their ratio.

This measurement is why :mod:`counter_app.crypto.backends` defaults to OpenSSL.
Run alone with ``python bench/bench_crypto.py``, or with the others through ``make bench``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from counter_app import crypto  # noqa: E402
from counter_app.crypto import Backend, Padding  # noqa: E402

KEY = bytes(range(16))
IV = bytes(16)


def _throughput(fn, size: int, min_seconds: float = 0.3) -> float:
    """MB/s of ``fn()`` over ``size`` bytes, repeated for at least ``min_seconds``."""
    fn()  # warm up (imports, key schedule code paths)
    n, t0 = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return n * size / elapsed / 1e6


def run() -> list[dict]:
    rows: list[dict] = []
    cases = {
        "sm3": lambda data, b: crypto.sm3(data, b),
        "sm4-cbc-enc": lambda data, b: crypto.sm4_encrypt(KEY, data, padding=Padding.NONE, iv=IV, backend=b),
    }
    for name, op in cases.items():
        # gmssl is pure Python: a small buffer keeps its run short; OpenSSL gets a realistic 64 KiB one.
        sizes = {Backend.GMSSL: 4096, Backend.OPENSSL: 65536}
        speeds = {}
        for backend, size in sizes.items():
            if backend is Backend.OPENSSL and not crypto.OPENSSL_AVAILABLE:
                continue
            data = os.urandom(size)
            speeds[backend] = _throughput(lambda op=op, data=data, backend=backend: op(data, backend), size)
            rows.append({"name": f"{name} {backend.value}", "value": speeds[backend], "unit": "MB/s"})
        if len(speeds) == 2:
            rows.append({"name": f"{name} openssl/gmssl", "value": speeds[Backend.OPENSSL] / speeds[Backend.GMSSL],
                         "unit": "x"})
    # the card-protocol sizes: one 16-byte diversification step, as personalization does a dozen of them
    for backend in (Backend.GMSSL, Backend.OPENSSL):
        if backend is Backend.OPENSSL and not crypto.OPENSSL_AVAILABLE:
            continue
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < 0.3:
            crypto.diversify(KEY, bytes(8), backend)
            n += 1
        rows.append({"name": f"sm4 one block {backend.value}", "value": (time.perf_counter() - t0) / n * 1e6,
                     "unit": "us/op"})
    return rows


def main() -> int:
    rows = run()
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        print(f"{r['name']:<{width}} {r['value']:>12.3f}  {r['unit']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
