"""``counter-app sync`` and ``counter-app dev seed`` on the command line."""

import json

from tests.sync.conftest import counter_cli


def test_sync_once_prints_the_figures_and_exits_0_when_the_ledger_took_everything(counter, ledger):
    seeded = json.loads(counter_cli(counter.paths.data_dir, "dev", "seed", "--issuances", "20", "--days", "2",
                                    "--json").stdout)
    assert seeded["issuances"] == 20 and seeded["events"] == 160 and seeded["card_numbers"] == "ledger"
    status = json.loads(counter_cli(counter.paths.data_dir, "sync", "--status", "--json").stdout)
    assert status["pending"] == 160 and status["oldest_pending_seconds"] > 86400

    result = counter_cli(counter.paths.data_dir, "sync", "--once", "--json")

    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert {k: figures[k] for k in ("sent", "acknowledged", "pending", "oldest_pending_seconds", "last_error")} \
        == {"sent": 160, "acknowledged": 160, "pending": 0, "oldest_pending_seconds": None, "last_error": None}
    assert figures["last_success"]


def test_sync_once_exits_3_when_the_ledger_cannot_be_reached(counter, proxy):
    counter.seed(1)
    counter.use_ledger(proxy.url)
    proxy.default = "down"
    result = counter_cli(counter.paths.data_dir, "sync", "--once", "--json")
    assert result.returncode == 3
    figures = json.loads(result.stdout)
    assert figures["pending"] == 8 and figures["acknowledged"] == 0 and figures["last_error"]["code"] == \
        "sync.unavailable"


def test_dev_seed_without_enrollment_uses_a_local_dev_block(tmp_path):
    result = counter_cli(tmp_path / "c", "dev", "seed", "--issuances", "5", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["card_numbers"] == "dev"
    again = json.loads(counter_cli(tmp_path / "c", "dev", "seed", "--issuances", "5", "--json").stdout)
    assert again["events"] == 40  # a second dev block follows the first: no number twice (UNIQUE would fail)
