"""Blank card stock and the demo key material.

The demo master keys are random, generated on first use into the devices' state directory (mode 0600) and
never committed. Every blank card's keys are diversified from them exactly as the PSAM diversifies
(README, "Keys and cryptograms"), so a PSAM holding the same master keys authenticates every card of the stock;
the "wrong" key set makes a PSAM that authenticates none.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devices.state import StatePaths
from devices.vcard import cardfile
from devices.vcard.cardfile import write_json_atomic
from devices.vcard.layout import ALL_KEYS
from devices.vcard.psam import write_psam_file
from devices.vcard.sm4 import card_key

DEFAULT_REGION = "421303"
RID_SSC = "D156000005"  # the RID the 卡识别码 carries after the region code
DEFAULT_PIN = "123456"
CARD_TYPE = b"3"  # [ours] card type (卡类别) of the stock
DEFAULT_TERMINAL = "421303000001"
WRONG_TERMINAL = "421303000099"
_STOCK_NAME = re.compile(r"^(\d{6})\.json$")


def master_keys(paths: StatePaths, wrong: bool = False) -> dict[int, bytes]:
    """The (right or wrong) demo master keys, created at random on first use."""
    path = paths.master_keys_file(wrong)
    if not path.exists():
        paths.make_dirs()
        keys = {kid: os.urandom(16) for kid in ALL_KEYS}
        try:
            # O_EXCL: two processes setting up at once must not end with two different key sets.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                json.dump({f"{k:02X}": v.hex().upper() for k, v in keys.items()}, fh, indent=1)
    obj = json.loads(path.read_text())
    return {int(k, 16): bytes.fromhex(v) for k, v in obj.items()}


def ensure_psam(paths: StatePaths, wrong: bool = False) -> Path:
    """The PSAM file holding the right (or the wrong) master keys; created when missing."""
    path = paths.psam_file(wrong)
    if not path.exists():
        write_psam_file(
            path,
            master_keys(paths, wrong),
            WRONG_TERMINAL if wrong else DEFAULT_TERMINAL,
            label="wrong-keys" if wrong else "demo",
        )
    return path


def card_identification_code(region: str, chip_serial: bytes) -> bytes:
    """卡识别码: region code (BCD) ‖ D156000005 ‖ 8 bytes unique per chip = 16 bytes."""
    if len(region) != 6 or not region.isdigit() or len(chip_serial) != 8:
        raise ValueError("region is 6 digits, chip serial 8 bytes")
    return bytes.fromhex(region + RID_SSC) + chip_serial


def make_blank(
    n: int,
    paths: StatePaths | None = None,
    *,
    kind: str = "ssc3",
    pin: str = DEFAULT_PIN,
    region: str = DEFAULT_REGION,
) -> list[Path]:
    """Create `n` blank card files in the stock; returns their paths in stock order."""
    paths = paths or StatePaths.resolve()
    paths.make_dirs()
    masters = master_keys(paths)
    created = []
    with _stock_lock(paths):
        seq = max((_seq(p) for p in paths.stock.glob("*.json")), default=0)
        known = {_chip_id(p) for p in paths.stock.glob("*.json")}
        for _ in range(n):
            serial = os.urandom(8)
            while serial.hex().upper() in known:
                serial = os.urandom(8)
            known.add(serial.hex().upper())
            seq += 1
            path = paths.stock / f"{seq:06d}.json"
            write_blank_card(path, masters, serial, kind=kind, pin=pin, region=region)
            created.append(path)
    return created


def write_blank_card(
    path: Path,
    masters: dict[int, bytes],
    serial: bytes,
    *,
    kind: str = "ssc3",
    pin: str = DEFAULT_PIN,
    region: str = DEFAULT_REGION,
) -> Path:
    """One blank card file: factory EF05 records 1-4, card keys diversified from `masters`."""
    card_id = card_identification_code(region, serial)
    version = b"2.00" if kind == "ssc2" else b"3.00"
    org = bytes.fromhex(RID_SSC + region + "00000000")
    content = cardfile.new_content(
        kind=kind,
        chip_id=serial.hex().upper(),
        keys={kid: card_key(master, card_id) for kid, master in masters.items()},
        pin=pin,
        ef05_factory=[card_id, CARD_TYPE, version, org],
    )
    write_json_atomic(Path(path), content.to_json())
    return Path(path)


def next_blank(paths: StatePaths | None = None) -> Path:
    """The next unused blank card of the stock, marked as taken; makes 10 more when the stock is empty."""
    paths = paths or StatePaths.resolve()
    for _ in range(2):
        with _stock_lock(paths):
            for path in sorted(paths.stock.glob("*.json"), key=_seq):
                obj = json.loads(path.read_text())
                if not obj.get("taken") and obj.get("kind") == "ssc3":
                    obj["taken"] = True
                    write_json_atomic(path, obj)
                    return path
        make_blank(10, paths)
    raise RuntimeError("the blank card stock could not be refilled")


def stock_summary(paths: StatePaths) -> dict[str, int]:
    total = taken = 0
    for path in paths.stock.glob("*.json"):
        total += 1
        taken += bool(json.loads(path.read_text()).get("taken"))
    return {"total": total, "taken": taken, "unused": total - taken}


def _seq(path: Path) -> int:
    m = _STOCK_NAME.match(path.name)
    return int(m.group(1)) if m else 0


def _chip_id(path: Path) -> str:
    try:
        return str(json.loads(path.read_text()).get("chip_id", ""))
    except (OSError, ValueError):
        return ""


@contextmanager
def _stock_lock(paths: StatePaths) -> Iterator[None]:
    """Serialise stock changes between processes (CLI calls and the daemon)."""
    paths.stock.mkdir(parents=True, exist_ok=True)
    with open(paths.stock / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
