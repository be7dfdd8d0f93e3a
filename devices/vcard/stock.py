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
from devices.vcard import cardfile, financial
from devices.vcard.cardfile import write_json_atomic
from devices.vcard.layout import ALL_KEYS, KEY_INTERNAL
from devices.vcard.psam import KEY_TYPE_SSSE, write_psam_file
from devices.vcard.sm4 import card_key

DEFAULT_REGION = "421303"
RID_SSC = "D156000005"  # the RID the 卡识别码 carries after the region code
DEFAULT_PIN = "123456"
CARD_TYPE = b"3"  # [ours] card type (卡类别) of the stock
DEFAULT_TERMINAL = "421303000001"
WRONG_TERMINAL = "421303000099"
_STOCK_NAME = re.compile(r"^(\d{6})\.json$")


def master_keys(paths: StatePaths, wrong: bool = False) -> dict[int, bytes]:
    """The (right or wrong) demo master keys, created at random on first use.

    A key set made before a key id joined ALL_KEYS (07, the PKI management key) gets the missing keys
    added, at random, the first time it is used again; the keys it had stay as they were."""
    path = paths.master_keys_file(wrong)
    keys = _read_master_keys(path)
    if keys is not None and all(kid in keys for kid in ALL_KEYS):
        return keys
    paths.make_dirs()
    # Under the lock: two processes setting up (or upgrading) at once must not end with two key sets.
    with _keys_lock(paths):
        keys = _read_master_keys(path) or {}
        missing = [kid for kid in ALL_KEYS if kid not in keys]
        if missing:
            keys.update({kid: os.urandom(16) for kid in missing})
            write_json_atomic(path, {f"{k:02X}": v.hex().upper() for k, v in sorted(keys.items())})
    return keys


def _read_master_keys(path: Path) -> dict[int, bytes] | None:
    if not path.exists():
        return None
    obj = json.loads(path.read_text())
    return {int(k, 16): bytes.fromhex(v) for k, v in obj.items()}


def ensure_psam(paths: StatePaths, wrong: bool = False) -> Path:
    """The PSAM file holding the right (or the wrong) master keys; created when missing, and rewritten
    (same terminal number and label) when it lacks a master key the key set has."""
    path = paths.psam_file(wrong)
    masters = master_keys(paths, wrong)
    if path.exists():
        obj = json.loads(path.read_text())
        held = obj.get("master_keys", {}).get(f"{KEY_TYPE_SSSE:02X}", {})
        if all(f"{kid:02X}" in held for kid in masters):
            return path
        write_psam_file(path, masters, obj["terminal_number"], label=obj.get("label", "demo"))
        return path
    write_psam_file(
        path,
        masters,
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
    bank: str | None = financial.DEFAULT_BANK,
) -> list[Path]:
    """Create `n` blank card files in the stock; returns their paths in stock order. ``bank``: the bank whose
    financial application the factory personalised on them (None: no financial application)."""
    paths = paths or StatePaths.resolve()
    paths.make_dirs()
    masters = master_keys(paths)
    created = []
    if bank is not None:
        financial.bank(bank)  # an unknown bank is refused before anything is made
    with _stock_lock(paths):
        seq = max((_seq(p) for p in paths.stock.glob("*.json")), default=0)
        known = {_chip_id(p) for p in paths.stock.glob("*.json")}
        pans = stock_pans(paths)
        for _ in range(n):
            serial = os.urandom(8)
            while serial.hex().upper() in known:
                serial = os.urandom(8)
            known.add(serial.hex().upper())
            seq += 1
            path = paths.stock / f"{seq:06d}.json"
            app = financial.new_app(bank, pans) if bank is not None else None
            if app is not None:
                pans.add(app.pan)
            write_blank_card(path, masters, serial, kind=kind, pin=pin, region=region, financial_app=app)
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
    financial_app: financial.FinancialApp | None = None,
) -> Path:
    """One blank card file: factory EF05 records 1-4, card keys diversified from `masters`, and the bank's
    financial application when given (``financial_app``; :func:`make_blank` makes a unique one)."""
    card_id = card_identification_code(region, serial)
    version = b"2.00" if kind == "ssc2" else b"3.00"
    org = bytes.fromhex(RID_SSC + region + "00000000")
    content = cardfile.new_content(
        kind=kind,
        chip_id=serial.hex().upper(),
        keys={kid: card_key(master, card_id) for kid, master in masters.items()},
        pin=pin,
        ef05_factory=[card_id, CARD_TYPE, version, org],
        financial=financial_app,
    )
    write_json_atomic(Path(path), content.to_json())
    return Path(path)


def next_blank(paths: StatePaths | None = None, bank: str | None = financial.DEFAULT_BANK) -> Path:
    """The next unused blank card of the stock personalised for ``bank`` (None: one without a financial
    application), marked as taken; makes 10 more of that bank when there is none.

    A blank card made before the financial application existed (no ``financial`` entry in its file) counts as
    one of the default bank's, and gets that bank's application when it is handed out: the chip of a newer
    stock batch."""
    paths = paths or StatePaths.resolve()
    if bank is not None:
        financial.bank(bank)
    for _ in range(2):
        with _stock_lock(paths):
            for path in sorted(paths.stock.glob("*.json"), key=_seq):
                obj = json.loads(path.read_text())
                if obj.get("taken") or obj.get("kind") != "ssc3" or _bank_of(obj) != bank:
                    continue
                obj["taken"] = True
                _add_missing_card_keys(obj, master_keys(paths))
                if "financial" not in obj:
                    obj["financial"] = financial.new_app(bank, stock_pans(paths)).to_json()
                write_json_atomic(path, obj)
                return path
        make_blank(10, paths, bank=bank)
    raise RuntimeError("the blank card stock could not be refilled")


def _bank_of(obj: dict) -> str | None:
    """The bank a stock card file was personalised for (the default bank's for a file from before)."""
    if "financial" not in obj:
        return financial.DEFAULT_BANK
    app = obj["financial"]
    return str(app["bank_code"]) if app else None


def stock_pans(paths: StatePaths) -> set[str]:
    """The PANs of every card of the stock (a new one must differ from all of them)."""
    pans = set()
    for path in paths.stock.glob("*.json"):
        try:
            app = json.loads(path.read_text()).get("financial")
        except (OSError, ValueError):
            continue
        if app:
            pans.add(str(app.get("pan")))
    return pans


def _add_missing_card_keys(obj: dict, masters: dict[int, bytes]) -> None:
    """A blank card made before a key id existed (07) gets that card key, diversified as the others,
    when it is handed out: the chip of a newer stock batch."""
    card_id = bytes.fromhex(obj["files"]["EF05"]["records"][0]["value"])
    for kid, master in masters.items():
        name = f"{kid:02X}"
        if name not in obj["keys"]:
            tries = 0 if kid == KEY_INTERNAL else cardfile.DEFAULT_KEY_TRIES
            obj["keys"][name] = {"key": card_key(master, card_id).hex().upper(), "tries": tries, "max_tries": tries}


def stock_summary(paths: StatePaths) -> dict:
    """Cards of the stock: total, taken, unused, and the unused ones per bank (``none``: no financial app)."""
    total = taken = 0
    unused_by_bank: dict[str, int] = {}
    for path in paths.stock.glob("*.json"):
        obj = json.loads(path.read_text())
        total += 1
        taken += bool(obj.get("taken"))
        if not obj.get("taken"):
            key = _bank_of(obj) or financial.NO_BANK
            unused_by_bank[key] = unused_by_bank.get(key, 0) + 1
    return {"total": total, "taken": taken, "unused": total - taken,
            "unused_by_bank": dict(sorted(unused_by_bank.items()))}


def _seq(path: Path) -> int:
    m = _STOCK_NAME.match(path.name)
    return int(m.group(1)) if m else 0


def _chip_id(path: Path) -> str:
    try:
        return str(json.loads(path.read_text()).get("chip_id", ""))
    except (OSError, ValueError):
        return ""


@contextmanager
def _directory_lock(directory: Path) -> Iterator[None]:
    """An exclusive lock between processes on ``directory/.lock`` (made when missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _keys_lock(paths: StatePaths):
    """Serialise creating or upgrading the master key sets between processes."""
    return _directory_lock(paths.keys)


def _stock_lock(paths: StatePaths):
    """Serialise stock changes between processes (CLI calls and the daemon)."""
    return _directory_lock(paths.stock)
