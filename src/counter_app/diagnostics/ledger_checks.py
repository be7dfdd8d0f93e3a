"""The central ledger: reachable, TLS valid, round-trip time, clock difference, enrollment valid,
and the sync's pending events and last error.

Reachability, round trip and clock come from one unsigned ``GET /v1/health`` (the answer carries
the ledger's time). TLS is checked on its own with the counter's CA bundle, so that a bad
certificate is named as such rather than as "unreachable". Enrollment is proved by one signed
person look-up of an index that is nobody's (all zeros): the ledger checks the counter, its key and
its clock exactly as for real requests, and the look-up changes nothing.
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import time
from typing import Any
from urllib.parse import urlsplit

from counter_app.diagnostics.result import CheckResult, fault, ok, warning

REACHABLE, TLS, CLOCK, ENROLLMENT, SYNC = "ledger.reachable", "ledger.tls", "ledger.clock", "ledger.enrollment", "ledger.sync"
CLOCK_WARN_S = 60.0
CLOCK_FAULT_S = 300.0        # the ledger refuses signed requests further off (stale_request)
SLOW_RTT_MS = 2000.0
NOBODY = "0" * 64            # a person index no ID number has


def skipped(name: str, because: str) -> CheckResult:
    return warning(name, {"skipped": because}, f"未检查：请先解决“{because}”的问题。",
                   f"Not checked: fix '{because}' first.")


def check_tls(url: str, ca_bundle: str | None, timeout: float = 5.0) -> CheckResult:
    parts = urlsplit(url)
    if parts.scheme != "https":
        return ok(TLS, {"url": url, "tls": False, "note": "plain HTTP (loopback or explicitly allowed)"})
    host, port = parts.hostname or "", parts.port or 443
    ctx = ssl.create_default_context(cafile=ca_bundle or None)
    measured: dict[str, Any] = {"url": url, "tls": True, "ca_bundle": ca_bundle or "(system)"}
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw, \
                ctx.wrap_socket(raw, server_hostname=host) as tls:
            cert = tls.getpeercert() or {}
            measured.update({"version": tls.version(), "not_after": cert.get("notAfter"),
                             "subject": dict(x[0] for x in cert.get("subject", ()))})
    except ssl.SSLCertVerificationError as exc:
        measured["error"] = exc.verify_message or str(exc)
        return fault(TLS, measured, f"中心台账的证书无效（{measured['error']}）：请核对 ledger.url 与 ledger.tls_ca_file，"
                     "或请中心更换证书；检查本机时间是否正确。",
                     f"The ledger's certificate is not valid ({measured['error']}): check ledger.url and "
                     f"ledger.tls_ca_file, or have the centre renew it; check this PC's clock.")
    except (OSError, ssl.SSLError) as exc:
        measured["error"] = f"{type(exc).__name__}: {exc}"
        return skipped(TLS, REACHABLE) if isinstance(exc, (ConnectionError, socket.timeout, socket.gaierror)) \
            else fault(TLS, measured, "与中心台账的 TLS 握手失败：请检查地址与端口是否为 HTTPS 服务。",
                       "The TLS handshake with the ledger failed: check that the URL points to an HTTPS service.")
    if measured.get("not_after"):
        left = ssl.cert_time_to_seconds(measured["not_after"]) - time.time()
        measured["days_left"] = int(left // 86400)
        if left < 14 * 86400:
            return warning(TLS, measured, "中心台账证书将在两周内过期：请通知中心更换。",
                           "The ledger's certificate expires within two weeks: tell the centre.")
    return ok(TLS, measured)


def check_ledger(sync_service, settings, *, now=lambda: dt.datetime.now(dt.UTC)) -> list[CheckResult]:
    """Reachability + round trip, clock, enrollment (needs a SyncService for the counter's key)."""
    from counter_app.sync.client import LedgerClient
    from counter_app.sync.errors import LedgerRefused, NotEnrolled, SyncError

    url = str(settings["ledger.url"])
    ca = str(settings["ledger.tls_ca_file"] or "") or None
    results = []
    try:
        client = LedgerClient(url, counter_id="", key=None, tls_ca_file=ca,
                              allow_plain_http=bool(settings["ledger.allow_plain_http"]), timeout=5.0)
    except SyncError as exc:
        return [fault(REACHABLE, {"url": url}, exc.message("zh"), exc.message("en")),
                skipped(TLS, REACHABLE), skipped(CLOCK, REACHABLE), skipped(ENROLLMENT, REACHABLE)]
    try:
        t0 = time.perf_counter()
        sent = now()
        health = client.health()
        rtt_ms = (time.perf_counter() - t0) * 1000
    except SyncError as exc:
        detail = getattr(exc, "detail", "")
        tls = check_tls(url, ca)
        if tls.verdict.value == "fault":
            return [warning(REACHABLE, {"url": url, "error": detail}, "见 ledger.tls：证书问题使连接失败。",
                            "See ledger.tls: the certificate stops the connection."),
                    tls, skipped(CLOCK, TLS), skipped(ENROLLMENT, TLS)]
        return [fault(REACHABLE, {"url": url, "reachable": False, "error": detail},
                      "无法连接中心台账：检查网线/网络、ledger.url 设置，或打电话问中心台账是否在维护。数据保存在本机，恢复后自动上传。",
                      "The ledger cannot be reached: check the network and ledger.url, or ask the centre whether it "
                      "is down. Records are kept here and sent when it is back."),
                tls, skipped(CLOCK, REACHABLE), skipped(ENROLLMENT, REACHABLE)]
    finally:
        client.close()
    measured = {"url": url, "reachable": True, "rtt_ms": round(rtt_ms, 1), "version": health.get("version")}
    results.append(warning(REACHABLE, measured, "中心台账响应很慢：检查网络。", "The ledger answers slowly: check the network.")
                   if rtt_ms > SLOW_RTT_MS else ok(REACHABLE, measured))
    results.append(check_tls(url, ca))
    results.append(_clock(health, sent, rtt_ms))
    results.append(_enrollment(sync_service, LedgerRefused, NotEnrolled, SyncError))
    return results


def _clock(health: dict, sent: dt.datetime, rtt_ms: float) -> CheckResult:
    try:
        theirs = dt.datetime.fromisoformat(str(health["time"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return warning(CLOCK, {"ledger_time": health.get("time")}, "中心台账没有报告时间。", "The ledger did not tell its time.")
    ours = sent + dt.timedelta(milliseconds=rtt_ms / 2)
    diff = (ours - theirs).total_seconds()
    measured = {"difference_s": round(diff, 2), "ledger_time": health["time"]}
    if abs(diff) >= CLOCK_FAULT_S:
        return fault(CLOCK, measured, f"本机时钟与中心台账相差 {diff:.0f} 秒：中心会拒收上传。请校准本机时间（开启自动对时）。",
                     f"This PC's clock is {diff:.0f} s off the ledger's: uploads will be refused. Set the clock "
                     f"(turn on network time).")
    if abs(diff) >= CLOCK_WARN_S:
        return warning(CLOCK, measured, f"本机时钟与中心台账相差 {diff:.0f} 秒：请校准本机时间。",
                       f"This PC's clock is {diff:.0f} s off the ledger's: set the clock.")
    return ok(CLOCK, measured)


def _enrollment(sync_service, refused, not_enrolled, sync_error) -> CheckResult:
    try:
        with sync_service.client(timeout=5.0) as client:
            client.lookup_person(NOBODY)
    except not_enrolled as exc:
        return warning(ENROLLMENT, {"enrolled": False}, exc.message("zh"), exc.message("en"))
    except refused as exc:
        return fault(ENROLLMENT, {"enrolled": True, "valid": False, "ledger_error": exc.code},
                     f"中心台账不接受本柜台的签名（{exc.code}）：柜台可能被停用或密钥不符，请联系中心重新登记。",
                     f"The ledger refuses this counter's signed requests ({exc.code}): the counter may be disabled "
                     f"or its key replaced; ask the centre to enroll it again.")
    except sync_error as exc:
        return warning(ENROLLMENT, {"enrolled": True, "valid": None}, f"未能验证登记：{exc.message('zh')}",
                       f"Could not verify the enrollment: {exc.message('en')}")
    return ok(ENROLLMENT, {"enrolled": True, "valid": True, "counter_id": client.counter_id})


def check_sync(status) -> CheckResult:
    """Pending events, the oldest one's age, the last error (from SyncService.status())."""
    last_error = status.last_error
    measured = {"pending": status.pending, "oldest_pending_seconds": status.oldest_pending_seconds,
                "last_success": status.last_success.isoformat() if status.last_success else None,
                "last_error": ({"at": last_error.at.isoformat(), "code": last_error.code, "message": last_error.message_en}
                               if last_error else None),
                "open_refusals": status.open_refusals, "open_conflicts": status.open_conflicts,
                "card_numbers_remaining": status.card_numbers_remaining}
    failing = last_error is not None and (status.last_success is None or last_error.at > status.last_success)
    if status.card_numbers_remaining == 0:
        return fault(SYNC, measured, "本柜台没有可用卡号：联网同步领取号段（counter-app sync）。",
                     "No card numbers left: sync with the ledger to get a block (counter-app sync).")
    if failing and status.pending:
        return warning(SYNC, measured, f"最近一次同步失败（{last_error.message_zh}），{status.pending} 条记录待上传：恢复网络后会自动上传。",
                       f"The last sync failed ({last_error.message_en}); {status.pending} events wait: they are sent "
                       f"when the ledger is reachable again.")
    if status.open_refusals or status.open_conflicts:
        return warning(SYNC, measured, "有被中心拒收或冲突的记录：请主管在主管工作台处理。",
                       "Some events were refused or conflict at the ledger: the supervisor must review them.")
    return ok(SYNC, measured)
