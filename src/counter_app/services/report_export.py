"""The day and range reports as files: CSV, XLSX (openpyxl) and a printable PDF (Qt's PDF writer).

The close of day (:func:`dayclose_rows`), its fees (:func:`fee_rows`), its lines per co-issuing bank
(:func:`bank_rows`) and the service ratings (:func:`rating_rows`) are rows of the same shape; in the XLSX
they go to their own sheets (``dayclose``, ``fees``, ``banks``, ``ratings``: :data:`SHEETS`).

All three are written from one list of rows (:func:`report_rows`: section, key, value, detail),
so they cannot disagree: what a CSV says, the spreadsheet and the PDF say too. No personal data
beyond the report's own: usernames of clerks, card numbers and masked ID numbers of spoiled cards.

The PDF uses the bundled CJK font of the card face (:mod:`counter_app.printing.fonts`), so
Chinese labels print the same on every counter, and needs a Qt application (created offscreen
when there is none, as the print service does).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from counter_app.services.reports import DailyReport, YearView

FORMATS = ("json", "csv", "xlsx", "pdf")
_HEADER = ("section", "key", "value", "detail")

_SECTION_ZH = {
    "summary": "汇总", "by_state": "按状态", "by_clerk.started": "柜员受理", "by_clerk.issued": "柜员发卡",
    "by_clerk.spoiled": "柜员废卡", "by_type": "按申请类型", "by_reason": "按补换原因", "timing.mean_s": "平均用时（秒）",
    "timing.p90_s": "90% 用时（秒）", "spoiled_card": "废卡", "reprint": "重新打印", "series.issued": "每日发卡",
    "series.created": "每日受理", "series.spoiled": "每日废卡",
    "dayclose": "日结", "fees": "收费", "fees.waived": "减免", "fees.refunded": "退费", "fees.problem": "收费不符",
    "bank": "合作银行", "ratings.clerk": "柜员评价", "ratings.day": "每日评价",
}

# Rows whose section starts with one of these go to their own sheet of the XLSX (write_xlsx).
SHEETS = {"fees": "fees", "dayclose": "dayclose", "bank": "banks", "ratings": "ratings"}


def report_rows(report: DailyReport) -> list[tuple[str, str, object, str]]:
    rows: list[tuple[str, str, object, str]] = [
        ("summary", "date_from", report.date_from.isoformat(), ""),
        ("summary", "date_to", report.date_to.isoformat(), ""),
        ("summary", "created", report.created, ""),
        ("summary", "issued", report.issued, ""),
        ("summary", "spoiled", report.spoiled, ""),
        ("summary", "reprints", report.reprints, ""),
        ("summary", "pending_sync", report.pending_sync, ""),
        ("summary", "oldest_pending_seconds",
         "" if report.oldest_pending_seconds is None else report.oldest_pending_seconds, ""),
    ]
    rows += [("by_state", k, v, "") for k, v in report.by_state.items()]
    for field in ("started", "issued", "spoiled"):
        rows += [(f"by_clerk.{field}", clerk, counts[field], "") for clerk, counts in report.by_clerk.items()]
    rows += [("by_type", k, v, "") for k, v in report.by_type.items()]
    rows += [("by_reason", k, v, "") for k, v in report.by_reason.items()]
    rows.append(("timing.mean_s", "per_issuance", _num(report.per_issuance.mean_seconds), ""))
    rows.append(("timing.p90_s", "per_issuance", _num(report.per_issuance.p90_seconds), ""))
    for step, timing in report.per_step.items():
        rows.append(("timing.mean_s", step, _num(timing.mean_seconds), f"n={timing.count}"))
        rows.append(("timing.p90_s", step, _num(timing.p90_seconds), f"n={timing.count}"))
    rows += [("spoiled_card", s.issuance_ref, s.card_number or "",
              f"{s.at} {s.clerk} {s.id_number_masked} {s.reason}".strip()) for s in report.spoiled_cards]
    rows += [("reprint", r.issuance_ref, r.card_number or "", f"{r.at} {r.clerk}") for r in report.reprint_list]
    if len(report.series) > 1:
        for s in report.series:
            rows.append(("series.created", s.day.isoformat(), s.created, ""))
            rows.append(("series.issued", s.day.isoformat(), s.issued, ""))
            rows.append(("series.spoiled", s.day.isoformat(), s.spoiled, ""))
    return rows


def fee_rows(fees, day: str = "") -> list[tuple[str, str, object, str]]:
    """The fees of a close of day (:class:`~counter_app.services.dayclose.DayCloseFees`), amounts in yuan;
    ``day`` goes in the detail column (a range exports one block per day)."""
    from counter_app.services.dayclose import money

    rows: list[tuple[str, str, object, str]] = [
        ("fees", "qr_count", fees.qr.count, day), ("fees", "qr_yuan", money(fees.qr.fen), day),
        ("fees", "cash_count", fees.cash.count, day), ("fees", "cash_yuan", money(fees.cash.fen), day),
        ("fees", "waived_count", fees.waived_count, day),
        ("fees", "carried_over_count", fees.carried_over.count, day),
        ("fees", "carried_over_yuan", money(fees.carried_over.fen), day),
        ("fees", "cash_expected_yuan", money(fees.cash_expected_fen), day),
        ("fees", "cash_counted_yuan", "" if fees.cash_counted_fen is None else money(fees.cash_counted_fen), day),
        ("fees", "qr_recorded_yuan", money(fees.qr_recorded_fen), day),
        ("fees", "qr_gateway_yuan", "" if fees.qr_gateway_fen is None else money(fees.qr_gateway_fen), day),
        ("fees", "reconciles", "yes" if fees.reconciles else "no", day),
    ]
    rows += [("fees.waived", code, n, day) for code, n in fees.waived_by_code.items()]
    for method, total in fees.refunded.items():
        rows += [("fees.refunded", f"{method}_count", total.count, day),
                 ("fees.refunded", f"{method}_yuan", money(total.fen), day)]
    rows += [("fees.problem", "zh", line, day) for line in fees.problems("zh")]
    rows += [("fees.problem", "en", line, day) for line in fees.problems("en")]
    return rows


def bank_rows(lines) -> list[tuple[str, str, object, str]]:
    """The close of day's lines per co-issuing bank (:class:`~counter_app.services.dayclose.BankCloseLine`)."""
    rows: list[tuple[str, str, object, str]] = []
    for line in lines:
        for key in ("received", "used", "spoiled", "expected_on_hand", "counted", "difference", "issued_today",
                    "spoiled_today", "in_progress_today"):
            value = getattr(line, key)
            rows.append(("bank", f"{line.bank_code or '-'}.{key}", "" if value is None else value, line.bank_name))
    return rows


def dayclose_rows(close, settings=None) -> list[tuple[str, str, object, str]]:
    """A recorded close of day: its figures, the stock count, the fees and the banks."""
    from counter_app.services.dayclose import banks_of, fees_of

    t = close.totals
    rows: list[tuple[str, str, object, str]] = [
        ("dayclose", "day", close.day.isoformat(), ""), ("dayclose", "closed_by", close.closed_by, ""),
        ("dayclose", "created", t.get("created", ""), ""), ("dayclose", "issued", t.get("issued", ""), ""),
        ("dayclose", "spoiled", t.get("spoiled", ""), ""), ("dayclose", "stock_counted", close.counted, ""),
        ("dayclose", "stock_expected", close.expected, ""), ("dayclose", "stock_difference", close.difference, ""),
        ("dayclose", "audit_hash", close.audit_hash, f"seq {close.audit_seq}"),
    ]
    fees = fees_of(close)
    if fees is not None:
        rows += fee_rows(fees, close.day.isoformat())
    return rows + bank_rows(banks_of(close, settings))


def rating_rows(clerks, days) -> list[tuple[str, str, object, str]]:
    """好差评 of a range: per clerk (count, average, levels 5..1, 满意率) and per day (count per level)."""
    rows: list[tuple[str, str, object, str]] = []
    for c in clerks:
        levels = " ".join(f"{k}:{c.by_level.get(k, 0)}" for k in (5, 4, 3, 2, 1))
        rows += [("ratings.clerk", f"{c.clerk_name}.count", c.count, levels),
                 ("ratings.clerk", f"{c.clerk_name}.average", _num(c.average), ""),
                 ("ratings.clerk", f"{c.clerk_name}.satisfied_percent", _num(c.satisfied_percent),
                  " ".join(c.poor_cases))]
    for day, by_level in sorted(days.items()):
        levels = " ".join(f"{k}:{by_level.get(k, 0)}" for k in (5, 4, 3, 2, 1))
        rows.append(("ratings.day", day.isoformat(), sum(by_level.values()), levels))
    return rows


def year_rows(view: YearView) -> list[tuple[str, str, object, str]]:
    rows: list[tuple[str, str, object, str]] = [("summary", "year", view.year, ""),
                                                ("summary", "as_of", view.as_of.isoformat(), "")]
    for p in (view.new_ssc3_progress, view.cards_progress):
        rows += [(p.key, "actual", p.actual, ""), (p.key, "target", p.target, ""), (p.key, "percent", p.percent, ""),
                 (p.key, "run_rate_per_day", p.run_rate_per_day, ""),
                 (p.key, "projected_year_end", p.projected_year_end, ""),
                 (p.key, "reach_date", p.reach_date.isoformat() if p.reach_date else "", "")]
    rows += [("monthly.cards", f"{m['month']:02d}", m["cards"], "") for m in view.monthly]
    rows += [("monthly.new_ssc3", f"{m['month']:02d}", m["new_ssc3"], "") for m in view.monthly]
    return rows


def _num(value: float | None) -> object:
    return "" if value is None else value


def to_csv(rows: Iterable[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_HEADER)
    writer.writerows(rows)
    return out.getvalue()


def write_csv(rows: Iterable[tuple], path: Path) -> Path:
    # UTF-8 with a BOM: what spreadsheet programs on the counters' desktops expect for Chinese text.
    Path(path).write_text(to_csv(rows), encoding="utf-8-sig")
    return Path(path)


def write_xlsx(rows: Iterable[tuple], path: Path, title: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "report"
    sheets = {}

    def sheet_of(section: str):
        name = next((sheet for prefix, sheet in SHEETS.items() if section.split(".")[0] == prefix), "report")
        if name not in sheets:
            sheets[name] = first if name == "report" else book.create_sheet(name)
            sheets[name].append([title])
            sheets[name].append(list(_HEADER))
        return sheets[name]

    sheet_of("report")
    for row in rows:
        sheet_of(str(row[0])).append(list(row))
    for sheet in sheets.values():
        sheet.column_dimensions["A"].width = 22
        sheet.column_dimensions["B"].width = 26
        sheet.column_dimensions["D"].width = 60
    book.save(str(path))
    return Path(path)


def write_pdf(rows: Iterable[tuple], path: Path, title: str) -> Path:
    """An A4 page (or more) of the rows, in the bundled CJK font."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

    from counter_app.printing.fonts import FAMILIES, ensure_qt_app, register_fonts

    ensure_qt_app()
    register_fonts()
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    writer.setTitle(title)
    painter = QPainter(writer)
    try:
        font = QFont()
        font.setFamilies(list(FAMILIES["serif"]))
        font.setPointSizeF(9.5)
        title_font = QFont(font)
        title_font.setPointSizeF(14)
        title_font.setBold(True)
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        width, height = page.width(), page.height()
        line = int(writer.resolution() * 9.5 / 72 * 1.6)
        y = 0

        def new_page() -> int:
            writer.newPage()
            return 0

        painter.setFont(title_font)
        y += int(line * 1.5)
        painter.drawText(0, y, title)
        y += line
        painter.setFont(font)
        columns = (0, int(width * 0.26), int(width * 0.52), int(width * 0.66))
        for row in rows:
            if y + line > height:
                y = new_page()
            y += line
            section = str(row[0])
            label = _SECTION_ZH.get(section, section)
            for x, text in zip(columns, (label, row[1], row[2], row[3]), strict=True):
                painter.drawText(x, y, str(text))
    finally:
        painter.end()
    return Path(path)
