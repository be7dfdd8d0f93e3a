#!/usr/bin/env python3
"""Screenshots of the citizens' pages (zh, a 360×740 phone) into docs/screenshots/apply-*.png.

They are taken by the real-browser test (tests/portal/test_portal_browser.py: Debian's Chromium through Playwright
against a real ``citizen-portal serve`` over a fresh ledger), which saves each page where
``PORTAL_SCREENSHOT_DIR`` points. Usage: ``.venv/bin/python scripts/portal_screenshots.py [DIR]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PORTAL_SCREENSHOT_DIR": str(target.resolve())}
    done = subprocess.call([sys.executable, "-m", "pytest", "-q", "tests/portal/test_portal_browser.py"],
                           cwd=ROOT, env=env)
    if done == 0:
        shots = sorted(p.name for p in target.glob("apply-*.png"))
        print(f"{len(shots)} screenshots in {target}: {', '.join(shots)}")
    return done


if __name__ == "__main__":
    raise SystemExit(main())
