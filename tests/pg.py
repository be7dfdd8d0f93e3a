"""A private PostgreSQL cluster for the tests of the ledger on PostgreSQL (tests/ledger and tests/sync).

The server comes from Debian's binaries (/usr/lib/postgresql/<version>/bin): a cluster is made in a temporary
directory with initdb and started with pg_ctl on 127.0.0.1 and a free port, once per test session however many
test folders ask for it (``pg_cluster``, the fixture both conftests register, shares one cluster); each test
gets a fresh database in it. When running as root the cluster runs as the ``postgres`` user (PostgreSQL
refuses to run as root). Missing binaries skip on a developer's machine and fail in CI (tests/realparts.py).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.realparts import missing, need_module

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin() -> Path | None:
    for d in sorted(glob.glob(PG_BIN_GLOB), reverse=True):
        if Path(d, "initdb").exists() and Path(d, "pg_ctl").exists():
            return Path(d)
    return None


@dataclass
class PgCluster:
    port: int
    user: str
    bin_dir: Path | None = None
    base: Path | None = None
    _run_as: dict = field(default_factory=dict, repr=False)

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, template: str | None = None) -> str:
        """A new, empty database (or a copy of ``template``, which nobody may be connected to); its URL."""
        import psycopg

        name = "ledger_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def rename_database(self, old: str, new: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')

    def dump(self, dbname: str) -> bytes:
        """Everything the database holds, as ``pg_dump`` writes it (plain SQL)."""
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        return subprocess.run([str(self.bin_dir / "pg_dump"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                               self.user, "--data-only", dbname], capture_output=True, check=True, env=env).stdout


def _start() -> PgCluster:
    bin_dir = pg_bin()
    if bin_dir is None:
        missing("PostgreSQL server binaries not installed (/usr/lib/postgresql/*/bin/initdb): apt-get install "
                "postgresql (scripts/setup.sh installs it)")
    need_module("psycopg")
    base = Path(tempfile.mkdtemp(prefix="ledger-pg-"))
    run_as: dict = {}
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")  # Debian's package creates this user
        os.chown(base, pw.pw_uid, pw.pw_gid)
        run_as = {"user": pw.pw_uid, "group": pw.pw_gid, "extra_groups": []}
    data, log = base / "data", base / "server.log"
    port = free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", "ledger", "--auth=trust", "-E", "UTF8",
                    "--no-sync"], check=True, capture_output=True, cwd=base, env=env, **run_as)
    opts = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w", "-t", "60",
                    "start"], check=True, capture_output=True, cwd=base, env=env, **run_as)
    return PgCluster(port=port, user="ledger", bin_dir=bin_dir, base=base, _run_as=run_as)


def _stop(cluster: PgCluster) -> None:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run([str(cluster.bin_dir / "pg_ctl"), "-D", str(cluster.base / "data"), "-m", "immediate", "-w",
                    "stop"], capture_output=True, cwd=cluster.base, env=env, **cluster._run_as)
    shutil.rmtree(cluster.base, ignore_errors=True)


_lock = threading.Lock()
_shared: PgCluster | None = None
_users = 0


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The session's one PostgreSQL cluster (started on first use, stopped after its last user)."""
    global _shared, _users
    with _lock:
        if _shared is None:
            _shared = _start()
        _users += 1
        cluster = _shared
    try:
        yield cluster
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                _stop(cluster)
                _shared = None
