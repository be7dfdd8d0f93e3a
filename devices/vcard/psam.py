"""VirtualPsam: the simulated PSAM in the encoder's second slot, holding the issuer's master keys.

Generic PBOC-style commands as the spec lists them, with the choices of devices/vcard/README.md ("PSAM"):
DELIVER KEY derives a temporary key from a master key through 1-7 diversification levels; CIPHER DATA
encrypts (SM4-ECB) or MACs (the secure-messaging MAC) under it; READ BINARY of SFI 16 gives the terminal number.
The PSAM file is read-only for the PSAM: nothing a terminal does changes it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from devices.vcard.apdu import SW, CardStatus, Command, answer
from devices.vcard.atr import ATR_BY_KIND
from devices.vcard.cardfile import write_json_atomic
from devices.vcard.sm4 import BLOCK, diversify, sm4_cbc_encrypt, sm4_ecb_encrypt

FORMAT = 1
KEY_TYPE_SSSE = 0x01  # [ours] the master keys of the SSSE application; key index = the card's key id
SFI_TERMINAL = 0x16
MAX_CIPHER_DATA = 240

MAC_SINGLE, MAC_FIRST, MAC_NEXT, MAC_LAST, ENCRYPT = 0x05, 0x07, 0x03, 0x01, 0x00


class PsamFileError(ValueError):
    """A PSAM file that cannot be read."""


def new_psam_json(master_keys: dict[int, bytes], terminal_number: str, label: str = "demo") -> dict:
    """The content of a PSAM file holding `master_keys` (key id -> 16-byte key) under key type 01."""
    if len(terminal_number) != 12 or not terminal_number.isdigit():
        raise PsamFileError("the terminal number is 12 digits (6 bytes BCD)")
    return {
        "format": FORMAT,
        "kind": "psam",
        "label": label,
        "atr": ATR_BY_KIND["psam"].hex().upper(),
        "terminal_number": terminal_number,
        "master_keys": {
            f"{KEY_TYPE_SSSE:02X}": {
                f"{kid:02X}": key.hex().upper() for kid, key in sorted(master_keys.items())
            }
        },
    }


def write_psam_file(
    path: Path, master_keys: dict[int, bytes], terminal_number: str, label: str = "demo"
) -> None:
    write_json_atomic(Path(path), new_psam_json(master_keys, terminal_number, label))


class VirtualPsam:
    """One simulated PSAM bound to its (read-only) PSAM file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            obj = json.loads(self.path.read_text(encoding="utf-8"))
            self.atr = bytes.fromhex(obj["atr"])
            self.terminal_number = bytes.fromhex(obj["terminal_number"])
            self.label = str(obj.get("label", ""))
            self.master_keys = {
                (int(ktype, 16), int(kid, 16)): bytes.fromhex(key)
                for ktype, keys in obj["master_keys"].items()
                for kid, key in keys.items()
            }
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise PsamFileError(f"cannot read PSAM file {path}: {exc!r}") from exc
        self._clear()

    def _clear(self) -> None:
        self.temp_key: bytes | None = None
        self.mac_chain: bytes | None = None  # the running CBC block of a chained MAC

    def reset(self) -> bytes:
        self._clear()
        return self.atr

    def power_off(self) -> None:
        self._clear()

    def process(self, apdu: bytes) -> bytes:
        try:
            cmd = Command.parse(bytes(apdu))
            if cmd.cla == 0x00 and cmd.ins == 0xA4:
                return self._select(cmd)
            if cmd.cla == 0x00 and cmd.ins == 0xB0:
                return self._read_binary(cmd)
            if cmd.cla == 0x80 and cmd.ins == 0x1A:
                return self._deliver_key(cmd)
            if cmd.cla == 0x80 and cmd.ins == 0xFA:
                return self._cipher_data(cmd)
            if cmd.cla not in (0x00, 0x80):
                return answer(sw=SW.CLA_NOT_SUPPORTED)
            return answer(sw=SW.INS_NOT_SUPPORTED)
        except CardStatus as status:
            return answer(sw=status.sw)

    def _select(self, cmd: Command) -> bytes:
        if cmd.data == b"\x3f\x00":
            return answer()
        raise CardStatus(SW.FILE_NOT_FOUND)

    def _read_binary(self, cmd: Command) -> bytes:
        if cmd.p1 != 0x80 | SFI_TERMINAL:
            raise CardStatus(SW.FILE_NOT_FOUND)
        data = self.terminal_number
        if cmd.p2 >= len(data):
            raise CardStatus(SW.WRONG_PARAMETERS)
        wanted = cmd.le or 256
        chunk = data[cmd.p2 : cmd.p2 + wanted]
        return answer(chunk, SW.END_OF_FILE if len(chunk) < wanted and cmd.le else SW.OK)

    def _deliver_key(self, cmd: Command) -> bytes:
        levels, key_type = cmd.p1 >> 5, cmd.p1 & 0x1F
        if levels == 0:
            raise CardStatus(SW.WRONG_P1P2)
        master = self.master_keys.get((key_type, cmd.p2))
        if master is None:
            raise CardStatus(SW.REFERENCE_NOT_FOUND)
        if len(cmd.data) != 8 * levels:
            raise CardStatus(SW.WRONG_LENGTH)
        key = master
        for i in range(levels):
            key = diversify(key, cmd.data[8 * i : 8 * i + 8])
        self._clear()
        self.temp_key = key
        return answer()

    def _cipher_data(self, cmd: Command) -> bytes:
        if self.temp_key is None:
            raise CardStatus(SW.CONDITIONS_NOT_SATISFIED)
        if cmd.p2 != 0x00:
            raise CardStatus(SW.WRONG_P1P2)
        if cmd.p1 == ENCRYPT:
            if not cmd.data or len(cmd.data) % BLOCK or len(cmd.data) > MAX_CIPHER_DATA:
                raise CardStatus(SW.WRONG_LENGTH)
            return answer(sm4_ecb_encrypt(self.temp_key, cmd.data))
        if cmd.p1 in (MAC_SINGLE, MAC_FIRST):
            iv, data = cmd.data[:BLOCK], cmd.data[BLOCK:]
            if len(iv) != BLOCK:
                raise CardStatus(SW.WRONG_LENGTH)
        elif cmd.p1 in (MAC_NEXT, MAC_LAST):
            if self.mac_chain is None:
                raise CardStatus(SW.CONDITIONS_NOT_SATISFIED)
            iv, data = self.mac_chain, cmd.data
        else:
            raise CardStatus(SW.WRONG_P1P2)
        if len(data) % BLOCK or (not data and cmd.p1 != MAC_FIRST):
            self.mac_chain = None
            raise CardStatus(SW.WRONG_LENGTH)
        # A first command may carry the IV alone: the chain then starts from it.
        last = sm4_cbc_encrypt(self.temp_key, iv, data)[-BLOCK:] if data else iv
        if cmd.p1 in (MAC_FIRST, MAC_NEXT):
            self.mac_chain = last
            return answer()
        self.mac_chain = None
        return answer(_fold_mac(last))


def _fold_mac(block: bytes) -> bytes:
    """The XOR of the four 4-byte words of the last CBC block."""
    words = [int.from_bytes(block[i : i + 4], "big") for i in range(0, BLOCK, 4)]
    return (words[0] ^ words[1] ^ words[2] ^ words[3]).to_bytes(4, "big")
