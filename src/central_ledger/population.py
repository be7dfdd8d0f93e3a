"""The district's resident population per township (what coverage is measured against) and the yearly targets.

**Population table.** The admin imports a CSV (UTF-8, with or without a byte-order mark: Excel writes one) or an
XLSX (its first sheet) with the columns ``township_code``, ``township_name``, ``residents`` and, optionally,
``second_generation_holders`` (valid second-generation cards at the time of the census), or the same in
Chinese: ``乡镇代码``, ``乡镇名称``, ``常住人口``, ``二代卡持卡人数``. The whole file is read and checked first;
a bad row is refused with its row number (the header is row 1, as a spreadsheet numbers them) and nothing is
imported; a good file replaces the table in one transaction, and the import is written to ``staff_audit``.

**Targets.** One row per year and scope (``district`` or a hall id) in ``targets``: new third-generation cards,
all cards, coverage percent. The district's defaults (70,000 / 120,000 / 99.5) apply when no row is set; a
hall has targets only when they are set for it (:mod:`central_ledger.district`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from central_ledger.crypto import canonical_json
from central_ledger.district import DEFAULT_TARGETS, DISTRICT, read_targets, unknown_hall, utc_text
from central_ledger.ledger import LedgerError, utc_now
from central_ledger.storage import Storage

COLUMNS = ("township_code", "township_name", "residents", "second_generation_holders")
REQUIRED = ("township_code", "township_name", "residents")
HEADER_ALIASES = {
    "township_code": "township_code", "乡镇代码": "township_code", "乡镇（街道）代码": "township_code",
    "township_name": "township_name", "乡镇名称": "township_name", "乡镇（街道）名称": "township_name",
    "residents": "residents", "常住人口": "residents",
    "second_generation_holders": "second_generation_holders", "二代卡持卡人数": "second_generation_holders",
}
TOWNSHIP_CODE_RE = re.compile(r"[0-9]{6,12}")  # as central_ledger.derive keeps a card's township
MAX_ROWS = 10000


@dataclass(frozen=True)
class PopulationRow:
    township_code: str
    township_name: str
    residents: int
    second_generation_holders: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ImportResult:
    rows: int
    residents: int
    second_generation_holders: int
    imported_at: str
    source_file: str
    replaced: int                 # rows the table held before

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def refused(row: int | None, zh: str, en: str) -> LedgerError:
    where_zh = f"第 {row} 行：" if row is not None else ""
    where_en = f"row {row}: " if row is not None else ""
    return LedgerError(422, "population_invalid", f"人口表未导入。{where_zh}{zh}",
                       f"population table not imported. {where_en}{en}", row=row)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's number 421303001 read as 421303001.0
    return str(value).strip()


def _raw_rows(path: Path) -> list[list[str]]:
    """The file's rows as text cells (CSV or XLSX by its first bytes, whatever the name says)."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        try:
            import openpyxl
        except ImportError as exc:  # pragma: no cover - a dependency of the ledger
            raise refused(None, "读取 XLSX 需要 openpyxl", "reading XLSX needs openpyxl") from exc
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:
            raise refused(None, f"不是可读的 XLSX 文件（{exc}）", f"not a readable XLSX file ({exc})") from exc
        try:
            sheet = book.worksheets[0]
            return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refused(None, "文件不是 UTF-8 编码的 CSV（请另存为“CSV UTF-8”）",
                      "the file is not a UTF-8 CSV (save it as \"CSV UTF-8\")") from exc
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _count(text: str, row: int, column: str, required: bool) -> int:
    if text == "" and not required:
        return 0
    plain = text.replace(",", "").replace(" ", "")
    if not re.fullmatch(r"[0-9]+", plain):
        raise refused(row, f"{column} 应为非负整数，而不是 “{text}”",
                      f"{column} must be a whole number of at least 0, not \"{text}\"")
    return int(plain)


def read_population(path: Path) -> list[PopulationRow]:
    """The rows of a population file, all checked (a :class:`LedgerError` names the first bad row)."""
    raw = _raw_rows(path)
    while raw and not any(raw[0]):
        raw.pop(0)
    if not raw:
        raise refused(None, "文件是空的", "the file is empty")
    header = [HEADER_ALIASES.get(h.strip().lstrip("\ufeff"), None) for h in raw[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise refused(1, f"缺少列 {', '.join(missing)}（可用中文表头 乡镇代码、乡镇名称、常住人口、二代卡持卡人数）",
                      f"missing column(s) {', '.join(missing)} (Chinese headers 乡镇代码, 乡镇名称, 常住人口, "
                      f"二代卡持卡人数 are accepted)")
    index = {name: header.index(name) for name in COLUMNS if name in header}
    rows: list[PopulationRow] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(raw[1:], start=2):
        if not any(cells):
            continue  # a blank line (a spreadsheet's trailing rows)
        if len(rows) >= MAX_ROWS:
            raise refused(number, f"行数超过 {MAX_ROWS}", f"more than {MAX_ROWS} rows")

        def get(name: str, cells: list[str] = cells) -> str:
            i = index.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        code = get("township_code")
        if not TOWNSHIP_CODE_RE.fullmatch(code):
            raise refused(number, f"乡镇代码应为 6 至 12 位数字，而不是 “{code}”",
                          f"the township code must be 6 to 12 digits, not \"{code}\"")
        if code in seen:
            raise refused(number, f"乡镇代码 {code} 与第 {seen[code]} 行重复",
                          f"township code {code} repeats row {seen[code]}")
        name = get("township_name")
        if not name or len(name) > 100:
            raise refused(number, "乡镇名称为空或过长（最多 100 字）", "the township name is empty or too long (100 at most)")
        residents = _count(get("residents"), number, "常住人口/residents", True)
        second = _count(get("second_generation_holders"), number, "二代卡持卡人数/second_generation_holders", False)
        if second > residents:
            raise refused(number, f"二代卡持卡人数 {second} 多于常住人口 {residents}",
                          f"second-generation holders {second} exceed the residents {residents}")
        seen[code] = number
        rows.append(PopulationRow(code, name, residents, second))
    if not rows:
        raise refused(None, "文件中没有数据行", "the file has no data rows")
    return rows


def import_population(storage: Storage, path: Path, *, by: str | None = None,
                      clock: Callable[[], dt.datetime] = utc_now) -> ImportResult:
    """Replace the population table with the file's rows, in one transaction (nothing when a row is bad)."""
    rows = read_population(path)
    now = utc_text(clock())
    with storage.transaction(write=True) as tx:
        before = tx.one("SELECT COUNT(*) AS n FROM population")
        tx.execute("DELETE FROM population")
        tx.executemany("INSERT INTO population (township_code, township_name, residents, second_generation_holders,"
                       " imported_at, imported_by, source_file) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(r.township_code, r.township_name, r.residents, r.second_generation_holders, now, by,
                         path.name[:200]) for r in rows])
        result = ImportResult(len(rows), sum(r.residents for r in rows),
                              sum(r.second_generation_holders for r in rows), now, path.name,
                              int(before["n"]) if before else 0)
        tx.execute("INSERT INTO staff_audit (username, action, detail, address, at) VALUES (?, ?, ?, ?, ?)",
                   (by, "population_import", canonical_json(result.as_dict()).decode("utf-8"), None,
                    clock().astimezone(dt.UTC).isoformat(timespec="microseconds")))
    return result


def population_rows(storage: Storage) -> list[dict[str, Any]]:
    """The population table as imported, by township code."""
    with storage.transaction() as tx:
        return tx.all("SELECT township_code, township_name, residents, second_generation_holders, imported_at,"
                      " imported_by, source_file FROM population ORDER BY township_code")


# --- targets ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetRow:
    year: int
    scope: str                 # 'district' or a hall id
    new_ssc3: int | None
    all_cards: int | None
    coverage_percent: float | None
    is_default: bool           # not set: the district's defaults (or nothing, for a hall)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def set_targets(storage: Storage, year: int, hall: str | None = None, *, new_ssc3: int | None = None,
                all_cards: int | None = None, coverage_percent: float | None = None, by: str | None = None,
                clock: Callable[[], dt.datetime] = utc_now) -> TargetRow:
    """Set a year's targets for the district (``hall`` None) or a hall; what is not given keeps its value (the
    district's defaults for a district row not set yet; a hall's first row must give all three)."""
    if not 2000 <= year <= 2100:
        raise LedgerError(422, "target_invalid", f"年份 {year} 不在 2000–2100 之间", f"year {year} not in 2000-2100")
    for label, value in (("new_ssc3", new_ssc3), ("all_cards", all_cards)):
        if value is not None and not 0 <= value <= 100_000_000:
            raise LedgerError(422, "target_invalid", f"目标 {label} 应为 0 至 1 亿", f"target {label}: 0 to 100 million")
    if coverage_percent is not None and not 0 <= coverage_percent <= 100:
        raise LedgerError(422, "target_invalid", "覆盖率目标应在 0 至 100 之间", "the coverage target is 0 to 100")
    scope = hall or DISTRICT
    now = clock().astimezone(dt.UTC).isoformat(timespec="microseconds")
    with storage.transaction(write=True) as tx:
        if hall is not None and tx.one("SELECT 1 FROM halls WHERE hall_id = ?", (hall,)) is None:
            raise unknown_hall(hall)
        current = read_targets(tx, year, hall)
        values = (new_ssc3 if new_ssc3 is not None else current.new_ssc3,
                  all_cards if all_cards is not None else current.all_cards,
                  coverage_percent if coverage_percent is not None else current.coverage_percent)
        if None in values:
            raise LedgerError(422, "target_incomplete", f"大厅 {hall} 首次设定目标须同时给出 --new-ssc3、--all、--coverage",
                              f"a hall's first targets need --new-ssc3, --all and --coverage ({hall})")
        if tx.one("SELECT 1 FROM targets WHERE year = ? AND scope = ?", (year, scope)) is None:
            tx.execute("INSERT INTO targets (year, scope, new_ssc3, all_cards, coverage_percent, updated_at,"
                       " updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)", (year, scope, *values, now, by))
        else:
            tx.execute("UPDATE targets SET new_ssc3 = ?, all_cards = ?, coverage_percent = ?, updated_at = ?,"
                       " updated_by = ? WHERE year = ? AND scope = ?", (*values, now, by, year, scope))
        row = TargetRow(year, scope, int(values[0]), int(values[1]), float(values[2]), False)
        tx.execute("INSERT INTO staff_audit (username, action, detail, address, at) VALUES (?, ?, ?, ?, ?)",
                   (by, "targets_set", canonical_json(row.as_dict()).decode("utf-8"), None, now))
    return row


def show_targets(storage: Storage, year: int) -> list[TargetRow]:
    """The district's targets of ``year`` (defaults when not set) and every hall's that are set."""
    with storage.transaction() as tx:
        district = read_targets(tx, year, None)
        halls = tx.all("SELECT scope, new_ssc3, all_cards, coverage_percent FROM targets WHERE year = ?"
                       " AND scope <> ? ORDER BY scope", (year, DISTRICT))
    out = [TargetRow(year, DISTRICT, district.new_ssc3, district.all_cards, district.coverage_percent,
                     district.is_default)]
    out += [TargetRow(year, r["scope"], int(r["new_ssc3"]), int(r["all_cards"]), float(r["coverage_percent"]), False)
            for r in halls]
    return out


__all__ = ["COLUMNS", "DEFAULT_TARGETS", "ImportResult", "PopulationRow", "TargetRow", "import_population",
           "population_rows", "read_population", "set_targets", "show_targets"]
