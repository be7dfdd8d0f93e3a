"""``counter-app postal-batch show|posted`` on a batch made by the service: the batch as JSON, names masked; a tracking
number typed at the terminal marks the card posted (not activated); a bad one is refused in words."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.postal_batch.conftest import CLERK


def counter_app(data_dir, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "counter_app", "--lang", "en", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_show_and_posted_from_the_command_line(batches, services, counter, printer, tmp_path):
    batch, _outcome = batches.run(CLERK, 2)
    assert batch.state == "documents_printed"
    data_dir = tmp_path / "counter"

    shown = counter_app(data_dir, "postal-batch", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    answer = json.loads(shown.stdout)
    assert answer["batch_id"] == batch.batch_id and [i["state"] for i in answer["items"]] == ["done", "done"]
    assert answer["items"][0]["name"] == "王**" and "王小明" not in shown.stdout

    first = batch.items[0].app_id
    bad = counter_app(data_dir, "postal-batch", "posted", "--app", first, "--tracking", "123")
    assert bad.returncode != 0 and "10 to 20" in bad.stderr + bad.stdout

    done = counter_app(data_dir, "postal-batch", "posted", "--app", first.lower(), "--tracking", "EMS1234567890CN",
                       "--json")
    assert done.returncode == 0, done.stderr
    item = json.loads(done.stdout)
    assert item["state"] == "posted" and item["tracking_number"] == "EMS1234567890CN"
    status = services.store.db.execute("SELECT status FROM card_statuses WHERE card_number = ?",
                                       (item["card_number"],)).fetchone()
    assert status[0] == "not_activated"
