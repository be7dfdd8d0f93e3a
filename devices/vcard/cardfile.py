"""Card files: the persistent content of one simulated chip (keys, counters, PIN, EF contents) as JSON.

All binary values are upper-case hex. The file is replaced atomically (write to a temporary file in the
same directory, fsync, os.replace) after every command that changes it, so a card pulled at any moment
and inserted again holds either the old or the new content of the interrupted write, never a torn file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from devices.vcard.atr import ATR_BY_KIND
from devices.vcard.financial import FinancialApp
from devices.vcard.layout import EF05, EF06, EF07, EF08, KEY_INTERNAL, PKI_EFS, Ef

FORMAT = 1
KINDS = ("ssc3", "ssc2", "non_ssc")
DEFAULT_KEY_TRIES = 3
DEFAULT_PIN_TRIES = 3


class CardFileError(ValueError):
    """A card file that cannot be read as a card (bad JSON, wrong shape)."""


@dataclass
class KeyState:
    key: bytes
    tries: int
    max_tries: int  # 0: the key has no retry counter (internal authentication)


@dataclass
class PinState:
    digits: str
    tries: int
    max_tries: int


@dataclass
class CardContent:
    """Everything a chip remembers across power cycles."""

    kind: str
    chip_id: str
    atr: bytes
    keys: dict[int, KeyState]
    pin: PinState
    records: dict[str, list[bytearray]]  # EF name -> TLV records (tag, len, value)
    binaries: dict[str, bytearray]  # EF name -> content (PKI key files: empty until the key exists)
    taken: bool = False
    extra: dict = field(default_factory=dict)  # unknown top-level fields, kept as they were
    # The bank's pre-personalised debit application (financial.py); None: the card has none.
    financial: FinancialApp | None = None

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "chip_id": self.chip_id,
            "atr": self.atr.hex().upper(),
            "taken": self.taken,
            "financial": self.financial.to_json() if self.financial is not None else None,
            "keys": {
                f"{kid:02X}": {"key": k.key.hex().upper(), "tries": k.tries, "max_tries": k.max_tries}
                for kid, k in sorted(self.keys.items())
            },
            "pin": {"bcd": self.pin.digits, "tries": self.pin.tries, "max_tries": self.pin.max_tries},
            "files": {
                **{
                    name: {
                        "records": [{"tag": f"{r[0]:02X}", "value": bytes(r[2:]).hex().upper()} for r in recs]
                    }
                    for name, recs in self.records.items()
                },
                **{name: {"data": bytes(data).hex().upper()} for name, data in self.binaries.items()},
            },
            **self.extra,
        }

    @classmethod
    def from_json(cls, obj: dict) -> CardContent:
        try:
            if obj.get("format") != FORMAT or obj["kind"] not in KINDS:
                raise CardFileError(
                    f"unsupported card file format/kind: {obj.get('format')}/{obj.get('kind')}"
                )
            keys = {
                int(kid, 16): KeyState(bytes.fromhex(k["key"]), int(k["tries"]), int(k["max_tries"]))
                for kid, k in obj["keys"].items()
            }
            pin = PinState(str(obj["pin"]["bcd"]), int(obj["pin"]["tries"]), int(obj["pin"]["max_tries"]))
            files = obj["files"]
            records = {}
            for ef in (EF05, EF06, EF07):
                recs = [_tlv(int(r["tag"], 16), bytes.fromhex(r["value"])) for r in files[ef.name]["records"]]
                _check_shape(ef, recs)
                records[ef.name] = recs
            data = bytearray(bytes.fromhex(files[EF08.name]["data"]))
            if len(data) != EF08.size:
                raise CardFileError(f"EF08 must hold {EF08.size} bytes")
            binaries = {EF08.name: data}
            if obj["kind"] == "ssc3":
                binaries.update(_pki_files(files))
            known = {"format", "kind", "chip_id", "atr", "taken", "keys", "pin", "files", "financial"}
            return cls(
                kind=obj["kind"],
                chip_id=str(obj["chip_id"]),
                atr=bytes.fromhex(obj["atr"]),
                keys=keys,
                pin=pin,
                records=records,
                binaries=binaries,
                taken=bool(obj.get("taken", False)),
                financial=FinancialApp.from_json(obj.get("financial")),
                extra={k: v for k, v in obj.items() if k not in known},
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, CardFileError):
                raise
            raise CardFileError(f"malformed card file: {exc!r}") from exc


def _pki_files(files: dict) -> dict[str, bytearray]:
    """The PKI application's files; a card file written before the PKI application existed has none of
    them, which reads as a card on which nothing was generated yet."""
    out = {}
    for ef in PKI_EFS:
        stored = files.get(ef.name)
        data = bytearray(bytes.fromhex(stored["data"])) if stored is not None else empty_binary(ef)
        allowed = (0, ef.size) if ef.key_file else (ef.size,)
        if len(data) not in allowed:
            raise CardFileError(f"PKI file {ef.name} must hold {ef.size} bytes")
        out[ef.name] = data
    return out


def empty_binary(ef: Ef) -> bytearray:
    """A never-written transparent file: a key file is empty (no key), any other file all 00."""
    return bytearray() if ef.key_file else bytearray(ef.size)


def _tlv(tag: int, value: bytes) -> bytearray:
    return bytearray([tag, len(value)]) + value


def _check_shape(ef: Ef, recs: list[bytearray]) -> None:
    if len(recs) != len(ef.records):
        raise CardFileError(f"{ef.name} must have {len(ef.records)} records")
    for rec, (tag, length) in zip(recs, ef.records, strict=True):
        if rec[0] != tag or rec[1] != length:
            raise CardFileError(f"{ef.name} record with tag {tag:02X} must hold {length} bytes")


def empty_records(ef: Ef) -> list[bytearray]:
    """A never-written linear file: every record present, value all 00."""
    return [_tlv(tag, bytes(length)) for tag, length in ef.records]


def new_content(
    kind: str, chip_id: str, keys: dict[int, bytes], pin: str, ef05_factory: list[bytes],
    financial: FinancialApp | None = None,
) -> CardContent:
    """A blank card as it leaves the factory: EF05 records 1-4 written, everything else empty (and, when
    given, the bank's financial application personalised)."""
    ef05 = empty_records(EF05)
    for i, value in enumerate(ef05_factory):
        tag, length = EF05.records[i]
        if len(value) != length:
            raise CardFileError(f"EF05 record {i + 1} must hold {length} bytes")
        ef05[i] = _tlv(tag, value)
    return CardContent(
        kind=kind,
        chip_id=chip_id,
        atr=ATR_BY_KIND[kind],
        keys={kid: KeyState(key, _tries_for(kid), _tries_for(kid)) for kid, key in keys.items()},
        pin=PinState(pin, DEFAULT_PIN_TRIES, DEFAULT_PIN_TRIES),
        records={EF05.name: ef05, EF06.name: empty_records(EF06), EF07.name: []},
        binaries={
            EF08.name: bytearray(EF08.size),
            **({ef.name: empty_binary(ef) for ef in PKI_EFS} if kind == "ssc3" else {}),
        },
        financial=financial,
    )


def _tries_for(kid: int) -> int:
    # The internal-authentication key has no retry counter: the card only answers, it checks nothing.
    return 0 if kid == KEY_INTERNAL else DEFAULT_KEY_TRIES


def load(path: Path) -> CardContent:
    try:
        obj = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CardFileError(f"cannot read card file {path}: {exc}") from exc
    return CardContent.from_json(obj)


def save(path: Path, content: CardContent) -> None:
    write_json_atomic(Path(path), content.to_json())


def write_json_atomic(path: Path, obj: dict, mode: int = 0o600) -> None:
    """Replace `path` with `obj` as JSON, atomically (card files hold keys: owner-only by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
