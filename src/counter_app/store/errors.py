"""What can go wrong with the local database, each with a message fit for the clerk (zh/en).

The store is an adapter: it raises these precise exceptions and the edge (GUI, CLI) shows
``message(lang)``. Every one carries a :class:`Problem` so the edge handles them like domain
errors; they are not :class:`DomainError` because no business rule was broken.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.domain.problems import DEFAULT_LANG, EXIT_INVALID, Problem, Severity


class StoreError(Exception):
    """Base of the store's errors: a stable code and a message per language. A
    :class:`~counter_app.domain.problems.UserFacingError`."""

    exit_code: int = EXIT_INVALID
    severity: Severity = Severity.ERROR

    def __init__(self, problem: Problem):
        super().__init__(problem.en)
        self.problem = problem

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return self.problem.message(lang)


class DatabaseUnreadable(StoreError):
    """The file is not an SQLite database, or it is damaged beyond opening."""

    def __init__(self, path: Path, detail: str):
        self.path = path
        self.detail = detail
        super().__init__(
            Problem(
                "store.unreadable",
                f"无法读取数据库文件 {path}：文件已损坏或不是本系统的数据库（{detail}）。"
                f"请联系技术人员，用备份恢复。",
                f"Cannot read the database file {path}: it is damaged or not a database "
                f"({detail}). Ask a technician to restore it from a backup.",
            )
        )


class DatabaseMissing(StoreError):
    """A read-only use (``db check``) found no database file."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            Problem(
                "store.missing",
                f"数据库文件不存在：{path}。请先运行 “counter-app db migrate” 创建。",
                f"There is no database file at {path}. Create it with 'counter-app db migrate'.",
            )
        )


class NotACounterDatabase(StoreError):
    """An SQLite file with tables but without this application's migration record."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            Problem(
                "store.foreign_database",
                f"{path} 是一个 SQLite 数据库，但不是制卡柜台的数据库，未做任何修改。",
                f"{path} is an SQLite database, but not a counter database; it was left unchanged.",
            )
        )


class SchemaTooNew(StoreError):
    """The database was migrated by a newer version of the application than this one."""

    def __init__(self, found: int, known: int):
        self.found = found
        self.known = known
        super().__init__(
            Problem(
                "store.schema_too_new",
                f"数据库结构版本为 {found}，本程序只支持到 {known}。"
                f"数据库已被更新版本的程序使用过：请安装该版本或更新的版本，不要降级。",
                f"The database schema is version {found}, this program knows up to {known}. "
                f"A newer version of the program has used this database: install that version "
                f"or later; do not downgrade.",
            )
        )


class MigrationFailed(StoreError):
    """A migration raised: it was rolled back, and the database stays at the previous version."""

    def __init__(self, version: int, name: str, detail: str, backup: Path | None):
        self.version = version
        self.backup = backup
        where = f"，升级前的备份在 {backup}" if backup else ""
        where_en = f"; the copy taken before migrating is {backup}" if backup else ""
        super().__init__(
            Problem(
                "store.migration_failed",
                f"数据库升级到版本 {version}（{name}）失败，已回滚{where}。原因：{detail}",
                f"Migrating the database to version {version} ({name}) failed and was rolled "
                f"back{where_en}. Reason: {detail}",
            )
        )


class DatabaseBusy(StoreError):
    """Another program held the write lock for longer than the busy timeout."""

    severity = Severity.WARNING  # try again in a moment

    def __init__(self, path: Path | None):
        super().__init__(
            Problem(
                "store.busy",
                f"数据库正被其他程序占用（{path}），请稍后重试。",
                f"The database is in use by another program ({path}); try again in a moment.",
            )
        )
