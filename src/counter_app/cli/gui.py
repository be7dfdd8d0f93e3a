"""``counter-app`` with no command: the GUI (until it lands, a clear message)."""

from __future__ import annotations

import sys


def run_gui(args, ctx) -> int:
    try:
        from counter_app.ui.app import run  # type: ignore[attr-defined]
    except ImportError:
        sys.stderr.write(ctx.t("图形界面尚未提供；请使用子命令，见 counter-app --help\n",
                               "The GUI is not available yet; use a command, see counter-app --help\n"))
        return 2
    return run(args, ctx)
