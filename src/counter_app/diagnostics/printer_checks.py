"""The card printer's CUPS queue: state, state reasons, whether it accepts jobs, and its jobs; and the
card-face fonts.

Asks CUPS itself (pycups), as the card-printer SDKs report their printer's state: what a technician
needs is the queue's state *and* the reasons CUPS gives (``media-empty-error``, ``offline-report``…).
The font check looks at the files only (no Qt): the bundled fonts, and the rare-character font the app
takes from the system (counter_app.printing.fonts).
"""

from __future__ import annotations

import os
from typing import Any

from counter_app.diagnostics.result import CheckResult, fault, ok, warning

try:  # pycups is Linux/macOS only
    import cups as _cups
except ImportError:  # pragma: no cover - other platforms
    _cups = None

QUEUE = "printer.queue"
FONTS = "printer.fonts"
PRINTER_STATES = {3: "idle", 4: "processing", 5: "stopped"}
STUCK_JOBS = 5  # more unfinished jobs than this: something holds the queue


def check_printer(name: str, *, connection: Any = None) -> CheckResult:
    if _cups is None and connection is None:
        return warning(QUEUE, {"printer": name, "pycups": False}, "无法查询打印机状态（未安装 pycups）。",
                       "Cannot ask CUPS for the printer's state (pycups missing).")
    try:
        conn = connection or _cups.Connection()
    except RuntimeError as exc:
        return fault(QUEUE, {"printer": name, "cups": False, "error": str(exc)},
                     "打印服务 CUPS 未运行：请执行 sudo systemctl start cups，然后重新检查。",
                     "The print service CUPS is not running: run 'sudo systemctl start cups', then check again.")
    try:
        attrs = conn.getPrinterAttributes(name, requested_attributes=[
            "printer-state", "printer-state-message", "printer-state-reasons", "printer-is-accepting-jobs",
            "device-uri", "printer-make-and-model"])
    except _cups.IPPError as exc:
        status = exc.args[0] if exc.args else None
        if status == _cups.IPP_NOT_FOUND:
            return fault(QUEUE, {"printer": name, "exists": False, "queues": sorted(conn.getPrinters())},
                         f"CUPS 中没有名为“{name}”的打印队列：请安装打印机，或把设置 printer.name 改为上面列出的队列。",
                         f"CUPS has no queue '{name}': install the printer, or set printer.name to one of the listed queues.")
        return fault(QUEUE, {"printer": name, "error": str(exc)}, f"查询打印机失败：{exc}", f"Asking CUPS failed: {exc}")
    state = PRINTER_STATES.get(int(attrs.get("printer-state", 0)), "unknown")
    reasons = [r for r in attrs.get("printer-state-reasons", []) or [] if r != "none"]
    if isinstance(reasons, str):
        reasons = [reasons]
    accepting = bool(attrs.get("printer-is-accepting-jobs", True))
    jobs = _jobs(conn, name)
    measured = {"printer": name, "state": state, "accepting_jobs": accepting, "reasons": reasons,
                "message": str(attrs.get("printer-state-message") or ""), "device_uri": str(attrs.get("device-uri", "")),
                "model": str(attrs.get("printer-make-and-model", "")), "jobs": jobs}
    if state == "stopped":
        return fault(QUEUE, measured, f"打印队列已停止（{measured['message'] or '无说明'}）：排除卡纸、缺卡、缺色带后，"
                     f"执行 cupsenable {name}（或在 CUPS 网页上“恢复打印机”）。",
                     f"The queue is stopped ({measured['message'] or 'no message'}): clear jams, load cards and ribbon, "
                     f"then run 'cupsenable {name}'.")
    if not accepting:
        return fault(QUEUE, measured, f"打印队列拒绝新任务：执行 cupsaccept {name}。",
                     f"The queue rejects new jobs: run 'cupsaccept {name}'.")
    errors = [r for r in reasons if r.endswith("-error") or r.startswith("offline")]
    if errors:
        return fault(QUEUE, measured, f"打印机报告错误：{', '.join(errors)}。请检查打印机的卡盒、色带和连接。",
                     f"The printer reports: {', '.join(errors)}. Check its card hopper, ribbon and cable.")
    if len(jobs) > STUCK_JOBS:
        return warning(QUEUE, measured, f"队列中有 {len(jobs)} 个未完成的任务：可能有任务卡住，请在 CUPS 中查看并取消。",
                       f"{len(jobs)} unfinished jobs in the queue: one may be stuck; look in CUPS and cancel it.")
    if reasons:
        return warning(QUEUE, measured, f"打印机提示：{', '.join(reasons)}。", f"The printer says: {', '.join(reasons)}.")
    return ok(QUEUE, measured)


def check_fonts() -> CheckResult:
    """The card-face fonts: a bundled one missing is a fault (nothing prints); the rare-character font
    (CJK Ext B–F) missing a warning (names with such characters are refused, the rest prints)."""
    from counter_app.printing import fonts

    bundled = {f.file: (str(p) if (p := fonts.font_path(f)) else None) for f in fonts.FONT_FILES}
    rare = fonts.rare_font_path()
    wanted = os.environ.get(fonts.ENV_RARE_FONT) or fonts.RARE_FONT.system_path
    measured = {"bundled": bundled, "rare_font": str(rare) if rare else None, "rare_font_expected_at": wanted}
    absent = [name for name, path in bundled.items() if path is None]
    if absent:
        return fault(FONTS, measured, f"卡面字体缺失：{', '.join(absent)}，无法打印卡面。请重新安装本程序（源码目录：运行 "
                     f"scripts/fetch_fonts.sh）。",
                     f"Card-face fonts missing: {', '.join(absent)}; no card face can be printed. Reinstall the app "
                     f"(source tree: run scripts/fetch_fonts.sh).")
    if rare is None:
        return warning(FONTS, measured,
                       f"生僻字字体（CJK 扩展 B–F）未安装：含此类字符的姓名无法打印。请安装："
                       f"sudo apt-get install {fonts.RARE_FONT_PACKAGE}（应有文件 {wanted}）。",
                       f"rare-character font (Ext B–F) not installed: names with such characters cannot be printed. "
                       f"Install it: sudo apt-get install {fonts.RARE_FONT_PACKAGE} (the file expected: {wanted}).")
    return ok(FONTS, measured)


def _jobs(conn, printer: str) -> list[dict[str, Any]]:
    """The queue's unfinished jobs: id, state and age (no titles: they could name a person)."""
    from counter_app.printing.cupsjobs import JOB_STATES

    try:
        jobs = conn.getJobs(which_jobs="not-completed", my_jobs=False,
                            requested_attributes=["job-id", "job-state", "job-printer-uri", "time-at-creation"])
    except Exception:  # an old CUPS without these attributes: the jobs are a detail
        return []
    out = []
    for jid, a in sorted(jobs.items()):
        if str(a.get("job-printer-uri", "")).rsplit("/", 1)[-1] != printer:
            continue
        out.append({"job": jid, "state": JOB_STATES.get(int(a.get("job-state", 0)), "unknown"),
                    "created": int(a.get("time-at-creation", 0) or 0)})
    return out
