"""The ledger checks against the real ledger server (uvicorn in a subprocess, as in tests/sync): an
enrolled counter sees it reachable with its round trip, clock difference and a valid enrollment; then
the ledger down, the counter disabled at the ledger, and a TLS endpoint whose certificate is bad."""

from __future__ import annotations

from counter_app.diagnostics.ledger_checks import check_ledger, check_sync, check_tls
from counter_app.diagnostics.result import Verdict
from tests.diagnostics.tlsserver import TlsListener, self_signed
from tests.sync.conftest import counter, ledger, ledger_cli, make_counter  # noqa: F401  the fixtures


def by_name(results):
    return {r.name: r for r in results}


def test_an_enrolled_counter_finds_the_ledger_reachable_on_time_and_its_enrollment_valid(counter):  # noqa: F811
    results = by_name(check_ledger(counter.sync_service(), counter.settings))
    assert all(r.verdict is Verdict.OK for r in results.values()), results
    assert results["ledger.reachable"].measured["rtt_ms"] >= 0
    assert abs(results["ledger.clock"].measured["difference_s"]) < 60
    assert results["ledger.enrollment"].measured["valid"] is True
    sync = check_sync(counter.sync_service().status())
    assert sync.ok and sync.measured["pending"] == 0 and sync.measured["card_numbers_remaining"] > 0


def test_the_ledger_down_is_a_fault_and_the_pending_events_wait(counter, ledger):  # noqa: F811
    ledger.stop()
    results = by_name(check_ledger(counter.sync_service(), counter.settings))
    assert results["ledger.reachable"].verdict is Verdict.FAULT
    assert results["ledger.enrollment"].measured == {"skipped": "ledger.reachable"}
    counter.seed(1)
    try:
        counter.sync_service().sync_once()
    except Exception:
        pass  # the failure is recorded as the sync's last error
    sync = check_sync(counter.sync_service().status())
    assert sync.verdict is Verdict.WARNING and sync.measured["pending"] > 0 and sync.measured["last_error"]


def test_a_counter_disabled_at_the_ledger_fails_the_enrollment_check(counter, ledger):  # noqa: F811
    assert ledger_cli(ledger.db, "counters", "disable", "--id", counter.counter_id).returncode == 0
    results = by_name(check_ledger(counter.sync_service(), counter.settings))
    assert results["ledger.reachable"].ok
    enrollment = results["ledger.enrollment"]
    assert enrollment.verdict is Verdict.FAULT and enrollment.measured["ledger_error"] == "counter_disabled"


def test_a_certificate_the_counter_does_not_trust_is_a_tls_fault(tmp_path):
    cert, key = self_signed(tmp_path / "untrusted")
    with TlsListener(cert, key) as server:
        result = check_tls(server.url, None)  # the system's CAs do not know it
    assert result.verdict is Verdict.FAULT and "self-signed" in result.measured["error"]


def test_an_expired_certificate_is_a_tls_fault_even_when_trusted(tmp_path):
    cert, key = self_signed(tmp_path / "expired", expired=True)
    with TlsListener(cert, key) as server:
        result = check_tls(server.url, str(cert))
    assert result.verdict is Verdict.FAULT and "expired" in result.measured["error"]


def test_a_trusted_valid_certificate_is_ok_with_its_expiry(tmp_path):
    cert, key = self_signed(tmp_path / "good")
    with TlsListener(cert, key) as server:
        result = check_tls(server.url, str(cert))
    assert result.ok and result.measured["days_left"] > 300


def test_the_whole_ledger_check_names_the_certificate_not_the_network(counter, tmp_path):  # noqa: F811
    cert, key = self_signed(tmp_path / "untrusted")
    with TlsListener(cert, key) as server:
        counter.configure(**{"ledger.url": server.url})
        results = by_name(check_ledger(counter.sync_service(), counter.settings))
    assert results["ledger.tls"].verdict is Verdict.FAULT
    assert results["ledger.reachable"].verdict is Verdict.WARNING and "ledger.tls" in results["ledger.reachable"].advice_en
