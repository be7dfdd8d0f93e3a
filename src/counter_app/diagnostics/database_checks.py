"""The counter's database: integrity, schema version, size, WAL size, and free disk space.

Integrity and version are ``counter-app db check``'s (read-only: nothing is changed). Free space is
measured with ``statvfs`` of the filesystem holding the data directory; the thresholds are
parameters (settings can lower them on a small disk, tests use a small real filesystem).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from counter_app.diagnostics.result import CheckResult, fault, ok, warning
from counter_app.store.database import connect
from counter_app.store.errors import StoreError
from counter_app.store.migrations import schema_version
from counter_app.store.schema import latest_version

INTEGRITY, SIZE, DISK = "db.integrity", "db.size", "disk.free"
DISK_FAULT_BYTES = 200 * 1024 * 1024     # below this a write (a photo, a WAL checkpoint) may fail
DISK_WARN_BYTES = 1024 * 1024 * 1024
WAL_WARN_BYTES = 64 * 1024 * 1024


def check_integrity(paths) -> CheckResult:
    if not paths.database.exists():
        return fault(INTEGRITY, {"database": str(paths.database), "exists": False},
                     "数据库文件不存在：请运行 counter-app db migrate 创建，或从备份恢复。",
                     "The database file does not exist: run 'counter-app db migrate', or restore a backup.")
    result = inspect_database(paths.database)
    measured = {"integrity": result["integrity"], "schema_version": result["schema_version"],
                "expected_version": result["expected_version"],
                "foreign_key_violations": result["foreign_key_violations"]}
    if result["ok"]:
        return ok(INTEGRITY, measured)
    problems_zh = "；".join(p["zh"] for p in result["problems"])
    problems_en = "; ".join(p["en"] for p in result["problems"])
    backups = sorted(p.name for p in paths.backups_dir.glob("*")) if paths.backups_dir.is_dir() else []
    measured["backups"] = backups[-5:]
    return fault(INTEGRITY, measured, f"{problems_zh}。备份目录：{paths.backups_dir}",
                 f"{problems_en} Backups: {paths.backups_dir}")


def check_size(paths) -> CheckResult:
    db = paths.database
    wal = db.with_name(db.name + "-wal")
    measured = {"database_bytes": db.stat().st_size if db.exists() else None,
                "wal_bytes": wal.stat().st_size if wal.exists() else 0}
    if measured["wal_bytes"] > WAL_WARN_BYTES:
        return warning(SIZE, measured, "预写日志(WAL)过大：可能有程序长时间占用数据库。请关闭所有柜台程序后重新打开。",
                       "The write-ahead log is large: something holds the database open. Close every counter-app and restart it.")
    return ok(SIZE, measured)


def check_disk(path: Path, *, fault_below: int = DISK_FAULT_BYTES, warn_below: int = DISK_WARN_BYTES) -> CheckResult:
    """Free space of the filesystem holding ``path`` (statvfs: the space an unprivileged user may use)."""
    probe = Path(path)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    st = os.statvfs(probe)
    free = st.f_bavail * st.f_frsize
    total = st.f_blocks * st.f_frsize
    measured = {"path": str(path), "free_bytes": free, "total_bytes": total,
                "free_percent": round(100 * free / total, 1) if total else None,
                "fault_below": fault_below, "warn_below": warn_below}
    if free < fault_below:
        return fault(DISK, measured, f"磁盘空间不足（剩余 {free // (1024 * 1024)} MB）：制卡数据可能无法保存。请清理磁盘"
                     "（删除旧日志和旧备份，或执行 counter-app db purge）。",
                     f"The disk is nearly full ({free // (1024 * 1024)} MB free): records may fail to save. Free "
                     f"space (old logs and backups, or 'counter-app db purge').")
    if free < warn_below:
        return warning(DISK, measured, f"磁盘剩余空间较少（{free // (1024 * 1024)} MB）：请尽快清理。",
                       f"Disk space is getting low ({free // (1024 * 1024)} MB free): free some soon.")
    return ok(DISK, measured)


def inspect_database(path: Path) -> dict[str, Any]:
    """Inspect the database at ``path`` read-only (nothing is changed); every finding is a problem in both
    languages. ``counter-app db check`` prints it; :func:`check_integrity` judges it."""
    expected = latest_version()
    result: dict[str, Any] = {
        "ok": False, "integrity": None, "quick_check": None, "foreign_key_violations": None,
        "schema_version": None, "expected_version": expected, "problems": [],
    }

    def problem(zh: str, en: str) -> None:
        result["problems"].append({"zh": zh, "en": en})

    try:
        db = connect(path, readonly=True)
    except StoreError as exc:
        # SQLite's own words when it could not read the file ("file is not a database"), else the code.
        result["integrity"] = getattr(exc, "detail", None) or exc.problem.code
        problem(exc.message("zh"), exc.message("en"))
        return result
    try:
        conn = db.conn
        result["integrity"] = _pragma_check(conn, "integrity_check")
        result["quick_check"] = _pragma_check(conn, "quick_check")
        if result["integrity"] != "ok" or result["quick_check"] != "ok":
            problem(f"数据库已损坏：{result['integrity']}。请联系技术人员用备份恢复。",
                    f"the database is damaged: {result['integrity']}. Ask a technician to restore a backup.")
        try:
            violations = conn.execute("PRAGMA foreign_key_check").fetchall()
            version = schema_version(db)
        except sqlite3.DatabaseError as exc:
            problem(f"无法读取数据库结构：{exc}", f"cannot read the schema: {exc}")
            return result
        result["foreign_key_violations"] = len(violations)
        result["schema_version"] = version
        if violations:
            problem(f"有 {len(violations)} 处外键引用无效。", f"{len(violations)} foreign key references are broken.")
        if version < expected:
            problem(f"数据库版本 {version} 低于程序要求的 {expected}：请运行 “counter-app db migrate”。",
                    f"schema version {version} is older than {expected}: run 'counter-app db migrate'.")
        elif version > expected:
            problem(f"数据库版本 {version} 高于本程序支持的 {expected}：请使用更新版本的程序。",
                    f"schema version {version} is newer than this program knows ({expected}): "
                    f"use a newer program.")
    finally:
        db.close()
    result["ok"] = not result["problems"]
    return result


def _pragma_check(conn: sqlite3.Connection, pragma: str) -> str:
    """``ok``, or SQLite's findings joined into one line (a damaged file may raise instead)."""
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "ok" if rows == ["ok"] else "; ".join(rows)
