"""The ledger's SQLite database (every event and certificate of the district) is created readable by its
owner only, and so are its -wal and -shm files."""

from __future__ import annotations

import os
import stat

from central_ledger.storage import Storage


def test_a_new_sqlite_ledger_and_its_wal_files_are_0600(tmp_path):
    old = os.umask(0o022)  # a usual umask, which would give 0644
    try:
        storage = Storage.open(f"sqlite://{tmp_path / 'ledger.sqlite3'}")
        try:
            with storage.transaction(write=True) as tx:
                tx.execute("UPDATE counters SET name = name")
            files = sorted(p.name for p in tmp_path.iterdir())
            assert files == ["ledger.sqlite3", "ledger.sqlite3-shm", "ledger.sqlite3-wal"]
            for p in tmp_path.iterdir():
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
        finally:
            storage.close()
    finally:
        os.umask(old)
