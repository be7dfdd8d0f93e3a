"""``counter-app sync`` is SIGKILLed in the middle of a sync and started again: the ledger ends with every
event of the counter once."""

import json
import os
import signal
import subprocess
import sys

from tests.sync.conftest import REPO, assert_ledger_holds_exactly, counter_cli, wait_until


def test_a_counter_killed_while_syncing_resumes_where_the_ledger_says(counter, ledger, proxy):
    total = counter.seed(200)  # 1600 events, 8 batches
    counter.use_ledger(proxy.url)
    proxy.add(*["delay:0.3"] * 8)  # slow enough to kill it half-way
    sync = subprocess.Popen([sys.executable, "-m", "counter_app", "--data-dir", str(counter.paths.data_dir),
                             "sync"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: ledger.event_count("C001") >= 400, "the first batches to arrive")
        os.kill(sync.pid, signal.SIGKILL)
        sync.wait(30)
    finally:
        if sync.poll() is None:
            sync.kill()
    assert 0 < ledger.event_count("C001") < total

    again = counter_cli(counter.paths.data_dir, "sync", "--once", "--json")

    assert again.returncode == 0, again.stderr
    figures = json.loads(again.stdout)
    assert figures["pending"] == 0 and figures["oldest_pending_seconds"] is None
    assert_ledger_holds_exactly(ledger, counter)
