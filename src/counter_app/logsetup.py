"""Logging of one counter: rotating files under its log directory, masked, plus stderr on request."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from counter_app.logmask import mask
from counter_app.paths import AppPaths

TRAFFIC = 5  # APDU traffic, below DEBUG (as yubikit does)
logging.addLevelName(TRAFFIC, "TRAFFIC")

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class MaskingFormatter(logging.Formatter):
    """Formats as usual, then masks personal data in the whole line (including tracebacks)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


_configured_for: str | None = None


def configure_logging(paths: AppPaths, verbosity: int = 0, level: str = "INFO") -> None:
    """Attach a rotating, masked file handler (and a stderr handler with ``-v``). Idempotent per log dir."""
    global _configured_for
    root = logging.getLogger()
    target = str(paths.log_dir)
    if _configured_for == target:
        return
    for h in list(root.handlers):
        if getattr(h, "_counter_app", False):
            root.removeHandler(h)
            h.close()
    try:
        paths.log_dir.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(
            paths.log_dir / "counter-app.log", maxBytes=5 * 1024 * 1024, backupCount=10, encoding="utf-8"
        )
        fh.setFormatter(MaskingFormatter(_FORMAT))
        fh._counter_app = True  # type: ignore[attr-defined]
        root.addHandler(fh)
    except OSError as exc:  # a read-only or full disk must not stop the counter
        sys.stderr.write(f"log file unavailable: {exc}\n")
    if verbosity:
        sh = logging.StreamHandler(sys.stderr)
        sh.setFormatter(MaskingFormatter(_FORMAT))
        sh.setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
        sh._counter_app = True  # type: ignore[attr-defined]
        root.addHandler(sh)
    root.setLevel(TRAFFIC if verbosity > 2 else getattr(logging, level, logging.INFO))
    _configured_for = target
