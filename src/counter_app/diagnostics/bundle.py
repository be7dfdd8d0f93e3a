"""The diagnostic bundle: one zip for support with versions, settings (secrets removed), every
check's result, recent logs and the last APDU traces and console recordings.

Nothing personal and nothing secret goes in. The checks' results and the settings are the app's
own words and figures (no check measures personal data). Logs and traces are already masked when
written and are masked once more here (defence in depth: a line written by an older version, or by hand);
the key directory and the database are never read; settings whose names suggest a secret are
dropped. ``tests/diagnostics/test_bundle_has_no_personal_data.py`` checks it on a real issuance.
"""

from __future__ import annotations

import json
import platform
import sqlite3
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from counter_app.diagnostics.result import CheckResult, worst
from counter_app.logmask import mask

LOG_TAIL_BYTES = 512 * 1024    # of each log file
LOG_FILES = 3                  # the newest ones
TRACE_FILES = 10
_SECRET_WORDS = ("password", "secret", "token", "private", "pin", "key")


def versions() -> dict[str, Any]:
    from counter_app import __version__

    out: dict[str, Any] = {"counter_app": __version__, "python": sys.version.split()[0],
                           "platform": platform.platform(), "sqlite": sqlite3.sqlite_version}
    for module in ("smartcard", "PySide6", "cups", "httpx", "gmssl"):
        try:
            mod = __import__(module)
            out[module] = str(getattr(mod, "__version__", getattr(mod, "VERSION", "present")))
        except Exception:  # absent or broken: say so, the bundle is for finding that out
            out[module] = None
    return out


def public_settings(settings) -> dict[str, Any]:
    """The effective settings minus anything whose name suggests a secret."""
    return {k: v for k, v in settings.as_dict().items()
            if not any(w in k.lower().split(".")[-1] for w in _SECRET_WORDS)}


def _newest(folder: Path, pattern: str, n: int) -> list[Path]:
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob(pattern) if p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)[:n]


def _tail(path: Path, limit: int) -> str:
    with path.open("rb") as f:
        size = f.seek(0, 2)
        f.seek(max(0, size - limit))
        data = f.read()
    text = data.decode("utf-8", errors="replace")
    if size > limit:
        text = text.split("\n", 1)[-1]  # drop the cut first line
    return text


def write_bundle(out: str | Path, *, settings, paths, results: list[CheckResult], lang: str = "zh") -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = {"created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "verdict": worst(results).value,
               "counter_id": str(settings["counter.id"] or "")}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        def put(name: str, text: str) -> None:
            z.writestr(name, text)

        def put_masked(name: str, text: str) -> None:
            z.writestr(name, mask(text))

        put("summary.json", json.dumps(summary, ensure_ascii=False, indent=1))
        put("versions.json", json.dumps(versions(), indent=1))
        put("settings.json", json.dumps(public_settings(settings), ensure_ascii=False, indent=1, default=str))
        put("checks.json", json.dumps({"checks": [r.as_dict(lang) for r in results]}, ensure_ascii=False,
                                      indent=1, default=str))
        for log_file in _newest(Path(paths.log_dir), "*.log*", LOG_FILES):
            put_masked(f"logs/{log_file.name}", _tail(log_file, LOG_TAIL_BYTES))
        traces = Path(paths.traces_dir)
        for trace in _newest(traces, "*.trace", TRACE_FILES) + _newest(traces, "*.json", TRACE_FILES):
            put_masked(f"traces/{trace.name}", trace.read_text(encoding="utf-8", errors="replace"))
    return out
