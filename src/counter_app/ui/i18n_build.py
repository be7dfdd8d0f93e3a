"""Compile the Qt Linguist translations: ``resources/translations/*.ts`` → ``.qm`` beside them.

Run by ``scripts/setup.sh`` (``python -m counter_app.ui.i18n_build``); the ``.qm`` files are not
kept in git. ``--update`` first refreshes the ``.ts`` files from the sources with
``pyside6-lupdate`` (kept translations stay; new strings appear unfinished).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from counter_app.ui.i18n import translations_dir

SOURCES = Path(__file__).resolve().parent


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it comes with PySide6)")
    return found


def update(ts_files: list[Path]) -> None:
    sources = sorted(str(p) for p in SOURCES.rglob("*.py"))
    for ts in ts_files:
        subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(ts)], check=True)


def build(ts_files: list[Path]) -> list[Path]:
    out = []
    for ts in ts_files:
        qm = ts.with_suffix(".qm")
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                       stdout=subprocess.DEVNULL)
        out.append(qm)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m counter_app.ui.i18n_build")
    parser.add_argument("--update", action="store_true", help="refresh the .ts files from the sources first")
    args = parser.parse_args(argv)
    ts_files = sorted(translations_dir().glob("*.ts"))
    if args.update:
        update(ts_files)
    for qm in build(ts_files):
        print(qm)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
