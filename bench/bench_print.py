"""Card printing: median time from the print call to the job handed to CUPS (the demo queue).

Needs root, cupsd and cups-pdf (the demo card printer is set up in a queue of its own, then
deleted); prints the test page so that no issuance moves. The first job is a warm-up (fonts).
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

RUNS = 7


def run() -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from counter_app.printing import job
    from counter_app.printing.face import paint_test_page
    from counter_app.printing.fonts import ensure_qt_app
    from counter_app.printing.template import load_template
    from devices.printer import queue

    ensure_qt_app()
    name = f"CardPrinterBench{os.getpid()}"
    with tempfile.TemporaryDirectory() as tmp:
        queue.up(name, Path(tmp) / "pdf", state_dir=tmp)
        try:
            template = load_template("labels_printed")
            times = []
            for i in range(RUNS + 1):
                sub = job.submit(name, template, lambda p, dpi: paint_test_page(p, template, dpi), label="bench")
                result = job.follow(sub, 60)
                assert result.state == "completed", result.en
                if i:
                    times.append(sub.handed_over_s * 1000)
        finally:
            queue.down(name)
    return [{"name": "print call to job in CUPS median", "value": statistics.median(times), "unit": "ms"}]
