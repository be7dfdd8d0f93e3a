"""What each console page shows, built from the district's figures (:mod:`central_ledger.district`).

A view function turns the figures' JSON shapes (the same dicts ``/v1/district/...`` answers) into a
:class:`PageData`: headline tiles, the tables (rendered on the page and exported alike) and, for the targets page,
the chart's series. No HTML here and no SQL: the templates draw, the district module counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from central_ledger.console.tables import Cell, Table, cell

T = Callable[..., str]

FIGURE_COLUMNS = ("cards_issued", "third_generation", "spoiled", "reprints", "cancelled", "in_progress")
DEVICES = ("encoder", "psam", "printer", "camera", "id_reader")
APPLICATIONS = ("new", "replacement", "renewal", "upgrade")
LIGHT_ORDER = {"red": 0, "amber": 1, "green": 2}


@dataclass
class Tile:
    label: str
    text: str
    css: str = ""


@dataclass
class PageData:
    title: str
    tables: list[Table]
    tiles: list[Tile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chart: dict[str, Any] | None = None
    generated_at: str = ""


def duration_text(seconds: float | None, t: T) -> str:
    """Seconds as 'm 分 s 秒' (the counter's reports say it the same way); a dash when nothing was issued."""
    if seconds is None:
        return "—"
    total = int(float(seconds) + 0.5)  # half up (round() would take 382.5 s to 382)
    return t("minutes_seconds", m=total // 60, s=f"{total % 60:02d}")


def percent_text(ratio: float | None, digits: int = 1) -> str:
    return "—" if ratio is None else f"{ratio * 100:.{digits}f}%"


def _figures_row(item: dict[str, Any], t: T, exceptions: int | None) -> list[Cell]:
    row = [cell(item.get(k, 0)) for k in FIGURE_COLUMNS]
    row.insert(4, cell(exceptions if exceptions is not None else 0))
    avg = item.get("average_issuance_seconds")
    row.append(cell(round(avg) if avg is not None else None, duration_text(avg, t)))
    return row


def _figure_headers(t: T) -> list[str]:
    names = [t(k) for k in FIGURE_COLUMNS]
    names.insert(4, t("exceptions"))
    return names + [t("average_issuance")]


def _numeric(first: int, count: int) -> frozenset[int]:
    return frozenset(range(first, first + count))


def today(summary: dict[str, Any], exceptions: list[dict[str, Any]], t: T, halls: dict[str, str],
          district_scope: bool) -> PageData:
    """The day across the district (or one hall): tiles, by type, by hall, by counter."""
    per_counter: dict[str, int] = {}
    per_hall: dict[str, int] = {}
    for ex in exceptions:
        if ex.get("counter_id"):
            per_counter[ex["counter_id"]] = per_counter.get(ex["counter_id"], 0) + 1
        if ex.get("hall_id"):
            per_hall[ex["hall_id"]] = per_hall.get(ex["hall_id"], 0) + 1
    tiles = [
        Tile(t("cards_issued"), f"{summary.get('cards_issued', 0):,}", "big"),
        Tile(t("third_generation"), f"{summary.get('third_generation', 0):,}"),
        Tile(t("spoiled"), f"{summary.get('spoiled', 0):,}", "warn" if summary.get("spoiled") else ""),
        Tile(t("reprints"), f"{summary.get('reprints', 0):,}"),
        Tile(t("exceptions"), f"{len(exceptions):,}", "warn" if exceptions else ""),
        Tile(t("in_progress"), f"{summary.get('in_progress', 0):,}"),
        Tile(t("average_issuance"), duration_text(summary.get("average_issuance_seconds"), t)),
    ]
    by_type = Table("by_type", t("today_by_type"), [t("application"), t("count")], numeric_columns=frozenset({1}))
    types = dict(summary.get("by_type") or {})
    for app in APPLICATIONS + tuple(k for k in types if k not in APPLICATIONS):
        label = t(f"app_{app}") if f"app_{app}" in _KNOWN_APPS else (app or t("app_unknown"))
        by_type.rows.append([cell(label), cell(int(types.get(app, 0)))])
    tables = [by_type]
    n = len(FIGURE_COLUMNS) + 2
    if district_scope:
        by_hall = Table("by_hall", t("today_by_hall"), [t("hall")] + _figure_headers(t), numeric_columns=_numeric(1, n))
        for h in summary.get("by_hall") or []:
            name = h.get("name") or halls.get(h.get("hall_id") or "", h.get("hall_id") or "—")
            by_hall.rows.append([cell(name)] + _figures_row(h, t, per_hall.get(h.get("hall_id") or "", 0)))
        tables.append(by_hall)
    by_counter = Table("by_counter", t("today_by_counter"), [t("counter_id"), t("name"), t("hall")]
                       + _figure_headers(t), numeric_columns=_numeric(3, n))
    for c in summary.get("by_counter") or []:
        hall = halls.get(c.get("hall_id") or "", c.get("hall_id") or "—")
        by_counter.rows.append([cell(c["counter_id"]), cell(c.get("name") or ""), cell(hall)]
                               + _figures_row(c, t, per_counter.get(c["counter_id"], 0)))
    tables.append(by_counter)
    return PageData(t("today_title"), tables, tiles, generated_at=summary.get("generated_at", ""))


_KNOWN_APPS = {f"app_{a}" for a in APPLICATIONS}


def counters(board: dict[str, Any], t: T, halls: dict[str, str], lang: str = "zh") -> PageData:
    """The live board: one row per counter, red first, with the reasons and the devices' lights."""
    table = Table("counters", t("counters_title"), [
        t("light"), t("counter_id"), t("name"), t("hall"), t("reasons"), t("last_sync"), t("software_version"),
        t("devices"), t("outbox_backlog"), t("stock_on_hand")], numeric_columns=frozenset({8, 9}))
    rows = sorted(board.get("counters") or [], key=lambda c: (LIGHT_ORDER.get(c.get("light"), 0), c["counter_id"]))
    counts = {"green": 0, "amber": 0, "red": 0}
    for c in rows:
        light = c.get("light") or "red"
        counts[light] = counts.get(light, 0) + 1
        minutes = c.get("minutes_since_sync")
        last = t("never") if c.get("last_sync_at") is None else t("minutes_ago", n=int(minutes or 0))
        devices = c.get("devices") or {}
        device_text = t("list_sep").join(f"{t('dev_' + d)}{t('kv_sep')}{t('dev_' + str(devices[d]))}"
                                         for d in DEVICES if d in devices and devices[d] != "ok")
        if devices and not device_text:
            device_text = t("dev_ok")
        stock = (c.get("stock") or {}).get("on_hand")
        table.rows.append([
            cell(light, t(f"light_{light}"), css=f"light {light}"), cell(c["counter_id"]), cell(c.get("name") or ""),
            cell(halls.get(c.get("hall_id") or "", c.get("hall_id") or "—")),
            cell(t("list_sep").join(_reason(r, lang) for r in c.get("reasons") or [])), cell(c.get("last_sync_at"), last),
            cell(c.get("software_version")), cell(device_text or "—"), cell(c.get("outbox_backlog")), cell(stock)])
    tiles = [Tile(t(f"light_{k}"), str(counts.get(k, 0)), f"light-tile {k}") for k in ("green", "amber", "red")]
    return PageData(t("counters_title"), [table], tiles, [t("refresh_note")],
                    generated_at=board.get("generated_at", ""))


def _reason(r: Any, lang: str) -> str:
    if isinstance(r, dict):
        return str(r.get(lang) or r.get("en") or r.get("code") or "")
    return str(r)


def targets(year_view: dict[str, Any], t: T, year: int, district_scope: bool) -> PageData:
    """Target progress: the figures and the chart's series (cumulative actual, target line, projection)."""
    table = Table("targets", t("targets_title"), [t("target_kind"), t("target"), t("actual"), t("projected"),
                                                  t("percent"), t("on_track")], numeric_columns=frozenset({1, 2, 3, 4}))
    goals = {k: year_view.get(k) or {} for k in ("third_generation", "all")}
    for key, g in goals.items():
        pct = g.get("percent")
        on = g.get("on_track")
        table.rows.append([
            cell(t(f"target_{key}")), cell(g.get("target")), cell(g.get("actual", 0)), cell(g.get("projected")),
            cell(pct, "—" if pct is None else f"{float(pct):.1f}%"),
            cell(on, "—" if on is None else t("on_track_yes" if on else "on_track_no"),
                 css="" if on is None else ("good" if on else "bad"))])
    notes = [] if district_scope or any(g.get("target") for g in goals.values()) else [t("no_target_for_hall")]
    return PageData(t("targets_title"), [table], notes=notes, chart=_chart(year_view, t, year),
                    generated_at=year_view.get("generated_at", ""))


def _chart(year_view: dict[str, Any], t: T, year: int) -> dict[str, Any]:
    """Series for ECharts from the year's days: per measure the cumulative actual through ``as_of``, the straight
    target line (0 on 1 January to the target on 31 December) and the projection at the run rate."""
    days = year_view.get("days") or []
    series = []
    measures = (("third_generation", "third_generation", "#c23531"), ("all", "cards", "#1f6fb2"))
    for key, field_, colour in measures:
        label = t(f"target_{key}")
        lines = ((t("chart_actual"), f"cumulative_{field_}", "solid", 2.5),
                 (t("chart_target"), f"target_{field_}", "dotted", 1.5),
                 (t("chart_projection"), f"projected_{field_}", "dashed", 1.5))
        for what, name, style, width in lines:
            points = [[d["date"], d[name]] for d in days if d.get(name) is not None]
            if not points:
                continue
            series.append({"name": f"{label} · {what}", "type": "line", "data": points, "showSymbol": False,
                           "lineStyle": {"type": style, "width": width, "color": colour},
                           "itemStyle": {"color": colour}})
    return {"series": series, "min": f"{year}-01-01", "max": f"{year}-12-31"}


def coverage(view: dict[str, Any], t: T, tz: dt.tzinfo = dt.UTC) -> PageData:
    """Residents holding an active card ÷ resident population, per township, with the third-generation share."""
    table = Table("coverage", t("coverage_title"), [
        t("township_code"), t("township_name"), t("residents"), t("second_generation_holders"),
        t("third_generation_holders"), t("upgrades_since_import"), t("holders"), t("coverage"),
        t("third_gen_share")], numeric_columns=frozenset(range(2, 9)))
    target = view.get("target_percent")

    def row(r: dict[str, Any], code: str, name: str, css: str = "") -> list[Cell]:
        pct = r.get("coverage_percent")
        return [cell(code, css=css), cell(name, css=css), cell(r.get("residents"), css=css),
                cell(r.get("second_generation_holders"), css=css), cell(r.get("third_generation_holders"), css=css),
                cell(r.get("upgrades_since_import"), css=css), cell(r.get("holders"), css=css),
                cell(pct, percent_text(r.get("coverage"), 2), css=f"{_coverage_css(pct, target)} {css}".strip()),
                cell(r.get("third_generation_share_percent"), percent_text(r.get("third_generation_share"), 2),
                     css=css)]

    for r in view.get("rows") or []:
        table.rows.append(row(r, r.get("township_code") or "", r.get("township_name") or ""))
    unknown = view.get("unknown") or {}
    if unknown.get("third_generation_holders"):  # no residents of its own: only its cards are known
        table.rows.append(row({k: v for k, v in unknown.items() if k in ("third_generation_holders", "holders")},
                              "—", t("unknown_township")))
    total = view.get("total") or {}
    if total:
        table.rows.append(row(total, t("total"), t("district"), "total"))
    tiles = [Tile(t("coverage"), percent_text(total.get("coverage"), 2), "big"),
             Tile(t("target"), "—" if target is None else f"{float(target):g}%"),
             Tile(t("third_gen_share"), percent_text(total.get("third_generation_share"), 2)),
             Tile(t("residents"), f"{total.get('residents') or 0:,}"),
             Tile(t("holders"), f"{total.get('holders') or 0:,}")]
    notes = [t("population_imported_at", at=_short_time(_local(view["imported_at"], tz)))] \
        if view.get("imported_at") else [t("population_never")]
    return PageData(t("coverage_title"), [table], tiles, notes, generated_at=view.get("generated_at", ""))


def _coverage_css(percent: float | None, target: float | None) -> str:
    if percent is None or target is None:
        return ""
    return "good" if float(percent) >= float(target) else "bad"


def stock(view: dict[str, Any], t: T, halls: dict[str, str], tz: dt.tzinfo = dt.UTC) -> PageData:
    """Card stock per counter and hall from the heartbeats, with both checks' differences shown."""
    cols = [t("hall"), t("counter"), t("received"), t("used"), t("spoiled"), t("on_hand"), t("expected_on_hand"),
            t("on_hand_difference"), t("ledger_issued"), t("used_difference"), t("ledger_spoiled"),
            t("spoiled_difference"), t("reported_at")]
    table = Table("stock", t("stock_title"), cols, numeric_columns=frozenset(range(2, 12)))
    lines = view.get("counters") or []
    for h in view.get("halls") or []:
        hall_name = h.get("name") or halls.get(h.get("hall_id") or "", h.get("hall_id") or "—")
        for c in (c for c in lines if c.get("hall_id") == h.get("hall_id")):
            table.rows.append([cell(hall_name), cell(f"{c.get('counter_id')} {c.get('name') or ''}".strip())]
                              + _stock_cells(c, tz=tz))
        table.rows.append([cell(hall_name, css="total"), cell(t("total"), css="total")] + _stock_cells(h, "total", tz))
    total = view.get("total")
    if total and len(view.get("halls") or []) > 1:
        table.rows.append([cell(t("district"), css="total"), cell(t("total"), css="total")]
                          + _stock_cells(total, "total", tz))
    tiles = []
    if total:
        tiles = [Tile(t("on_hand"), _n(total.get("on_hand")), "big"), Tile(t("received"), _n(total.get("received"))),
                 Tile(t("used"), _n(total.get("used"))), Tile(t("spoiled"), _n(total.get("spoiled"))),
                 Tile(t("reconciled"), t("yes") if total.get("reconciled") else
                      ("—" if total.get("reconciled") is None else t("no")),
                      "" if total.get("reconciled") is not False else "warn")]
    return PageData(t("stock_title"), [table], tiles, [t("stock_note")], generated_at=view.get("generated_at", ""))


def _n(value: Any) -> str:
    return "—" if value is None else f"{value:,}"


def _stock_cells(item: dict[str, Any], css: str = "", tz: dt.tzinfo = dt.UTC) -> list[Cell]:
    out = []
    for key in ("received", "used", "spoiled", "on_hand", "expected_on_hand", "on_hand_difference", "ledger_issued",
                "used_difference", "ledger_spoiled", "spoiled_difference"):
        value = item.get(key)
        bad = key.endswith("_difference") and value not in (None, 0)
        out.append(cell(value, (f"{value:+,}" if bad else None), css=f"bad {css}".strip() if bad else css))
    out.append(cell(item.get("reported_at") or "", _short_time(_local(item.get("reported_at"), tz)), css=css))
    return out


def _local(text: str | None, tz: dt.tzinfo) -> str | None:
    """A UTC ISO time as the district's local time (what people at the halls read)."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).isoformat()


def _short_time(text: str | None) -> str:
    return "—" if not text else text.replace("T", " ")[:16]


def exceptions(rows: list[dict[str, Any]], t: T, halls: dict[str, str], lang: str = "zh",
               generated_at: str = "") -> PageData:
    """The day's exceptions: spoiled and reprinted issuances, open conflicts waiting for the admin."""
    table = Table("exceptions", t("exceptions_title"), [t("at"), t("kind"), t("counter"), t("hall"),
                                                        t("issuance"), t("card_number"), t("detail")])
    counts: dict[str, int] = {}
    for ex in rows:
        kind = ex.get("kind") or ""
        counts[kind] = counts.get(kind, 0) + 1
        table.rows.append([cell(ex.get("at") or "", _short_time(ex.get("at"))), cell(t(f"exc_{kind}")),
                           cell(ex.get("counter_id") or ""),
                           cell(halls.get(ex.get("hall_id") or "", ex.get("hall_id") or "")),
                           cell(ex.get("issuance_ref") or ""), cell(ex.get("card_number") or ""),
                           cell(_detail_text(ex.get("detail") or {}, t))])
    tiles = [Tile(t(f"exc_{k}"), str(counts.get(k, 0)), "warn" if counts.get(k) else "")
             for k in ("spoiled", "reprinted", "conflict")]
    return PageData(t("exceptions_title"), [table], tiles, generated_at=generated_at)


def _detail_text(detail: dict[str, Any], t: T) -> str:
    parts = []
    if detail.get("application"):
        parts.append(t(f"app_{detail['application']}") if detail["application"] in APPLICATIONS
                     else str(detail["application"]))
    if detail.get("reprints"):
        parts.append(f"{t('reprints')} {detail['reprints']}")
    for key in ("action", "reason", "held_by"):
        if detail.get(key):
            parts.append(f"{t('detail_' + key)}: {detail[key]}")
    return t("list_sep").join(parts)
