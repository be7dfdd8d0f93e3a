"""The database checks on a healthy file and a corrupt one; free space on a real small filesystem.

The full disk is a 1 MiB tmpfs mounted in a private mount namespace (``unshare -Urm``, no root needed
where user namespaces are allowed) and filled with a file: statvfs of a real filesystem, not a
mocked number. Where namespaces are not allowed the test is skipped on a developer's machine (the threshold
test on the test's own filesystem stands in) and fails in CI.
"""

from __future__ import annotations

import json
import subprocess
import sys

from counter_app.diagnostics.database_checks import check_disk, check_integrity, check_size
from counter_app.diagnostics.result import Verdict
from tests.realparts import missing, need_command


def test_a_healthy_database_is_ok_with_its_schema_version_and_sizes(counter_paths):
    result = check_integrity(counter_paths)
    assert result.ok and result.measured["schema_version"] == result.measured["expected_version"]
    size = check_size(counter_paths)
    assert size.ok and size.measured["database_bytes"] > 0


def test_a_corrupt_database_file_is_a_fault_that_points_to_the_backups(counter_paths):
    data = bytearray(counter_paths.database.read_bytes())
    data[4096:4096 * 3] = b"\xa5" * (4096 * 2)  # overwrite pages in the middle of the file
    counter_paths.database.write_bytes(bytes(data))
    result = check_integrity(counter_paths)
    assert result.verdict is Verdict.FAULT
    assert result.measured["integrity"] != "ok"
    assert str(counter_paths.backups_dir) in result.advice_zh


def test_not_a_database_at_all_is_a_fault(counter_paths):
    counter_paths.database.write_bytes(b"this is not SQLite" * 500)
    assert check_integrity(counter_paths).verdict is Verdict.FAULT


def test_free_space_thresholds_are_parameters_measured_with_statvfs(tmp_path):
    free = check_disk(tmp_path).measured["free_bytes"]
    assert check_disk(tmp_path, fault_below=0, warn_below=0).ok
    assert check_disk(tmp_path, fault_below=0, warn_below=free + 1).verdict is Verdict.WARNING
    assert check_disk(tmp_path, fault_below=free + 1, warn_below=free + 1).verdict is Verdict.FAULT


PROBE = """
import json, sys
from counter_app.diagnostics.database_checks import check_disk
from tests.realparts import missing, need_command
r = check_disk(sys.argv[1], fault_below=256 * 1024, warn_below=512 * 1024)
print(json.dumps({"verdict": r.verdict.value, "free": r.measured["free_bytes"]}))
"""


def test_a_full_small_filesystem_is_a_fault(tmp_path):
    need_command("unshare")
    mnt = tmp_path / "small"
    mnt.mkdir()
    script = (f"mount -t tmpfs -o size=1m tmpfs {mnt} && "
              f"{sys.executable} -c '{PROBE}' {mnt} && "
              f"dd if=/dev/zero of={mnt}/fill bs=64k count=14 status=none; "
              f"{sys.executable} -c '{PROBE}' {mnt}")
    proc = subprocess.run(["unshare", "-Urm", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0 and "Operation not permitted" in proc.stderr:
        missing("mount namespaces are not allowed here (a user namespace with a tmpfs mount is needed)")
    assert proc.returncode == 0, proc.stderr
    empty, full = (json.loads(line) for line in proc.stdout.splitlines())
    assert empty["verdict"] == "ok" and empty["free"] > 900 * 1024
    assert full["verdict"] == "fault" and full["free"] < 256 * 1024
