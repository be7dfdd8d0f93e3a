"""Enrollment: the counter makes its own key pair, keeps the private key to itself, registers the public
key with the one-time token, and remembers the counter id and the ledger."""

import json
import stat

import pytest

from counter_app.paths import AppPaths
from counter_app.services.sync import SyncService
from counter_app.settings import Settings
from counter_app.store.database import Store
from counter_app.sync.client import LedgerClient, check_ledger_url
from counter_app.sync.errors import AlreadyEnrolled, InsecureLedgerUrl, LedgerRefused
from counter_app.sync.keys import key_path
from tests.sync.conftest import counter_cli


def test_enroll_on_the_command_line_registers_the_key_and_fetches_card_numbers(tmp_path, ledger):
    data = tmp_path / "counter"
    token = ledger.add_counter("C007")
    result = counter_cli(data, "enroll", "--ledger", ledger.url, "--token", token, "--id", "C007", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["counter_id"] == "C007" and answer["card_numbers_remaining"] > 0
    key = key_path(AppPaths.resolve(data).keys_dir)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    settings = Settings.load(AppPaths.resolve(data).settings_file)
    assert (settings.get("counter.id"), settings.get("ledger.url")) == ("C007", ledger.url)
    assert ledger.stats()["last_contact"]["C007"] is not None
    # The private key is nowhere in what the ledger stored.
    assert key.read_text().strip() not in ledger.dump().decode("latin-1")

    again = counter_cli(data, "enroll", "--ledger", ledger.url, "--token", token, "--id", "C007")
    assert again.returncode == 1 and "already enrolled" in again.stderr


def test_a_wrong_token_is_refused_and_the_same_key_is_used_with_the_right_one(tmp_path, ledger):
    paths = AppPaths.resolve(tmp_path / "counter").ensure()
    token = ledger.add_counter("C008")
    with Store.open(paths.database) as store:
        service = SyncService(store, Settings(paths.settings_file), paths)
        with pytest.raises(LedgerRefused) as refused:
            service.enroll(ledger.url, "not-the-token", "C008")
        assert refused.value.code == "invalid_token"
        first_key = key_path(paths.keys_dir).read_text()
        service.enroll(ledger.url, token, "C008")
        assert key_path(paths.keys_dir).read_text() == first_key
        with pytest.raises(AlreadyEnrolled):
            service.enroll(ledger.url, token, "C008")


def test_plain_http_is_only_for_this_machine_unless_the_settings_allow_it():
    assert check_ledger_url("http://127.0.0.1:8700/") == "http://127.0.0.1:8700"
    assert check_ledger_url("http://localhost:8700") == "http://localhost:8700"
    assert check_ledger_url("http://[::1]:8700") == "http://[::1]:8700"
    with pytest.raises(InsecureLedgerUrl) as refused:
        LedgerClient("http://ledger.example.org:8700", counter_id="C001", key=None)
    assert "https" in refused.value.message("en") and "ledger.allow_plain_http" in refused.value.message("zh")
    assert check_ledger_url("http://10.1.2.3:8700", allow_plain_http=True) == "http://10.1.2.3:8700"
    assert check_ledger_url("https://ledger.example.org") == "https://ledger.example.org"


def test_enroll_without_id_takes_the_counter_id_from_the_ledgers_answer(tmp_path, ledger):
    """The one-time token belongs to one counter: the clerk need not type its id as well."""
    data = tmp_path / "counter"
    token = ledger.add_counter("C021")
    result = counter_cli(data, "enroll", "--ledger", ledger.url, "--token", token, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["counter_id"] == "C021"
    assert Settings.load(AppPaths.resolve(data).settings_file).get("counter.id") == "C021"
    assert ledger.stats()["last_contact"]["C021"] is not None
    # Enrolled for real: the key signs requests the ledger accepts.
    synced = counter_cli(data, "sync", "--once", "--json")
    assert synced.returncode == 0, synced.stderr


def test_enroll_with_an_id_the_token_does_not_belong_to_is_refused_and_the_token_kept(tmp_path, ledger):
    """``--id`` stays as a check: a token of C022 given with --id C023 is refused with both ids named,
    nothing is registered, and the same token then enrolls C022."""
    data = tmp_path / "counter"
    token = ledger.add_counter("C022")
    ledger.add_counter("C023")
    wrong = counter_cli(data, "enroll", "--ledger", ledger.url, "--token", token, "--id", "C023")
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr
    assert "C022" in wrong.stderr and "C023" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not Settings.load(AppPaths.resolve(data).settings_file).get("counter.id")
    assert ledger.stats()["last_contact"].get("C023") is None
    right = counter_cli(data, "enroll", "--ledger", ledger.url, "--token", token, "--id", "C022", "--json")
    assert right.returncode == 0, right.stderr
    assert json.loads(right.stdout)["counter_id"] == "C022"


def test_a_wrong_token_without_id_is_refused_as_invalid(tmp_path, ledger):
    paths = AppPaths.resolve(tmp_path / "counter").ensure()
    ledger.add_counter("C024")
    with Store.open(paths.database) as store:
        with pytest.raises(LedgerRefused) as refused:
            SyncService(store, Settings(paths.settings_file), paths).enroll(ledger.url, "not-the-token")
        assert refused.value.code == "invalid_token"
