"""The portal's house rules, checked on its source (``ast``): no Qt, nothing of the counter but its domain and
photo code (Qt-free), nothing of the ledger's HTTP side (its app, console and API routes), no script from
elsewhere in any template."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "citizen_portal"
LEDGER_HTTP = ("central_ledger.app", "central_ledger.console", "central_ledger.online_api",
               "central_ledger.district_api", "central_ledger.heartbeat_api", "central_ledger.models")


def imports() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path.name, node.lineno, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append((path.name, node.lineno, node.module))
    return found


def test_no_qt_and_only_the_counters_qt_free_parts():
    bad = [f"{f}:{n} {m}" for f, n, m in imports()
           if m.split(".")[0] in ("PySide6", "shiboken6")
           or (m.startswith("counter_app") and not m.startswith(("counter_app.domain", "counter_app.photo")))]
    assert not bad, bad


def test_nothing_of_the_ledgers_http_side():
    bad = [f"{f}:{n} {m}" for f, n, m in imports() if m.startswith(LEDGER_HTTP)]
    assert not bad, bad


def test_the_templates_load_nothing_from_elsewhere():
    for path in (SRC / "templates").glob("*.html"):
        text = path.read_text("utf-8")
        assert "<script" not in text and "http://" not in text and "https://" not in text, path.name
