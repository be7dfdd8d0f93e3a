"""VirtualCard: the card OS of a simulated third-generation social security card.

It answers APDUs the way the card side of /work/shared/spec/ssc3-card.md describes, with the choices
documented in devices/vcard/README.md. Content (files, keys, retry counters, PIN) lives in a card file
that is saved after every command that changes it; the security state (selected files, authenticated
keys, challenges, verified PIN) lives only in memory and is lost on reset, power-off and removal.

The card is dual-interface: the contact slot calls :meth:`VirtualCard.process`, a contactless reader
(:class:`devices.vcard.contactless.ContactlessInterface`) calls it with ``contactless=True``. Each interface
keeps its own security state, and the contactless one answers only the public identification records
(``layout.contactless_readable``); commands that write, authenticate the terminal or use the PIN are
refused there with 6985 (see docs/card-profile.md, "Contactless interface").
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from devices.vcard import cardfile, financial, layout, pki
from devices.vcard.apdu import SW, CardStatus, Command, answer, tries_left
from devices.vcard.layout import FREE, NEVER, Df, Ef
from devices.vcard.sm4 import cryptogram, diversify, pad_80, sm4_ecb_decrypt, sm_mac

CLA_PLAIN = 0x00
CLA_PROPRIETARY = 0x80
CLA_SECURE = 0x84

# The security state: one copy per interface (contact, contactless), swapped in by _use_interface.
_STATE_FIELDS = ("current_df", "current_ef", "authenticated", "challenges", "challenge16", "pin_verified", "_draws")
# Refused on the contactless interface whatever the state (6985): writes, terminal authentication, the PIN,
# and the PKI application's key operations. SELECT, GET CHALLENGE, INTERNAL AUTHENTICATE and the reads
# (checked per file by layout.contactless_readable) stay.
_CONTACT_ONLY = {
    (CLA_PLAIN, 0x82), (CLA_PLAIN, 0xDC), (CLA_PLAIN, 0xD6), (CLA_PLAIN, 0x20), (CLA_PROPRIETARY, 0x5E),
    (CLA_SECURE, 0x24), (CLA_PROPRIETARY, 0x46), (CLA_PLAIN, 0x2A), (CLA_PROPRIETARY, 0xD4),
}


class VirtualCard:
    """One simulated user card bound to its card file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.content = cardfile.load(self.path)
        self.mf = layout.mf_for(self.content.kind, financial=self.content.financial is not None)
        self._handlers: dict[tuple[int, int], Callable[[Command], bytes]] = {
            (CLA_PLAIN, 0xA4): self._select,
            (CLA_PLAIN, 0x84): self._get_challenge,
            (CLA_PLAIN, 0x88): self._internal_authenticate,
            (CLA_PLAIN, 0x82): self._external_authenticate,
            (CLA_PLAIN, 0xB2): self._read_record,
            (CLA_PLAIN, 0xDC): self._update_record,
            (CLA_PLAIN, 0xB0): self._read_binary,
            (CLA_PLAIN, 0xD6): self._update_binary,
            (CLA_PLAIN, 0x20): self._verify_pin,
            (CLA_PROPRIETARY, 0x5E): self._change_pin,
            (CLA_SECURE, 0x24): self._reload_pin,
            # the PKI application (pki.py): only inside ADF SS.CERT.ADF1
            (CLA_PROPRIETARY, 0x46): lambda cmd: pki.generate_key_pair(self, cmd),
            (CLA_PLAIN, 0x2A): lambda cmd: pki.compute_digital_signature(self, cmd),
            (CLA_PROPRIETARY, 0xD4): lambda cmd: pki.import_encryption_key_pair(self, cmd),
        }
        # Both interfaces may be driven at once (two vpcd slot threads): one command at a time on the chip.
        self._lock = threading.RLock()
        self.contactless = False  # the interface whose security state is in the attributes below
        self._other_state: dict | None = None  # the other interface's state (None: cleared)
        self._clear_security_state()

    # -- interfaces ----------------------------------------------------------------------------------------

    def _use_interface(self, contactless: bool) -> None:
        """Swap in the security state of the interface a command arrives on (under the lock)."""
        if contactless == self.contactless:
            return
        mine = {f: getattr(self, f) for f in _STATE_FIELDS}
        if self._other_state is None:
            self._clear_security_state()
        else:
            for f, v in self._other_state.items():
                setattr(self, f, v)
        self._other_state, self.contactless = mine, contactless

    def reset_interface(self, *, contactless: bool) -> bytes:
        """Power-up or reset of one interface: its security state is cleared, the other's is kept;
        returns the contact ATR (the contactless reader builds its own from it)."""
        with self._lock:
            self._use_interface(contactless)
            self._clear_security_state()
            return self.content.atr

    def power_off_interface(self, *, contactless: bool) -> None:
        with self._lock:
            self._use_interface(contactless)
            self._clear_security_state()

    # -- power (the contact interface) ----------------------------------------------------------------------

    def reset(self) -> bytes:
        """Power-up or reset: the MF is selected, the security state is gone; returns the ATR."""
        return self.reset_interface(contactless=False)

    def power_off(self) -> None:
        self.power_off_interface(contactless=False)

    @property
    def atr(self) -> bytes:
        return self.content.atr

    def _clear_security_state(self) -> None:
        self.current_df: Df = self.mf
        self.current_ef: Ef | None = None
        self.authenticated: set[int] = set()
        self.challenges: list[bytes] = []  # the last two 8-byte challenge values, oldest first
        self.challenge16: bytes | None = None  # the last 16-byte challenge (secure-messaging IV)
        self.pin_verified = False
        self._draws = 0

    # -- dispatch ------------------------------------------------------------------------------------------

    def process(self, apdu: bytes, *, contactless: bool = False) -> bytes:
        """Answer one command APDU with response data + SW1 SW2 (on the contact interface by default)."""
        with self._lock:
            self._use_interface(contactless)
            return self._process(apdu)

    def _process(self, apdu: bytes) -> bytes:
        try:
            cmd = Command.parse(bytes(apdu))
            if self.contactless and (cmd.cla, cmd.ins) in _CONTACT_ONLY:
                raise CardStatus(SW.CONDITIONS_NOT_SATISFIED)
            handler = self._handlers.get((cmd.cla, cmd.ins))
            if handler is None:
                known_cla = cmd.cla in (CLA_PLAIN, CLA_PROPRIETARY, CLA_SECURE)
                return answer(sw=SW.INS_NOT_SUPPORTED if known_cla else SW.CLA_NOT_SUPPORTED)
            return handler(cmd)
        except CardStatus as status:
            return answer(sw=status.sw)

    def save(self) -> None:
        """Write the content to the card file (after every command that changes it)."""
        cardfile.save(self.path, self.content)

    # -- SELECT --------------------------------------------------------------------------------------------

    def _select(self, cmd: Command) -> bytes:
        if cmd.p2 not in (0x00, 0x04, 0x0C):
            raise CardStatus(SW.WRONG_P1P2)
        if cmd.p1 == 0x04:
            df = next((d for d in layout.all_dfs(self.mf) if d.aid == cmd.data), None)
            if df is None or not cmd.data:
                raise CardStatus(SW.FILE_NOT_FOUND)
            return self._enter_df(df, cmd)
        if cmd.p1 in (0x00, 0x01, 0x02):
            if len(cmd.data) != 2:
                raise CardStatus(SW.WRONG_LENGTH)
            fid = int.from_bytes(cmd.data, "big")
            if cmd.p1 in (0x00, 0x01):
                df = next((d for d in layout.all_dfs(self.mf) if d.fid == fid), None)
                if df is not None:
                    return self._enter_df(df, cmd)
            ef = self.current_df.ef_by_fid(fid)
            if ef is None:
                raise CardStatus(SW.FILE_NOT_FOUND)
            self.current_ef = ef
            return answer()
        raise CardStatus(SW.WRONG_P1P2)

    def _enter_df(self, df: Df, cmd: Command) -> bytes:
        if df is not self.current_df:
            self._clear_security_state()
            self.current_df = df
        self.current_ef = None
        if cmd.p2 == 0x0C or df.aid is None:
            return answer()
        return answer(self._fci(df))

    def _fci(self, df: Df) -> bytes:
        if df is layout.FINANCIAL and self.content.financial is not None:
            return self.content.financial.fci()
        body = bytes([0x84, len(df.aid)]) + df.aid
        if df is layout.SSSE:
            # 9F0C 03 86 01 03: SM4 [obs]; a second-generation (DES) card does not have the tag.
            prop = bytes.fromhex("9F0C03860103") if self.content.kind == "ssc3" else b""
            body += bytes([0xA5, len(prop)]) + prop
        return bytes([0x6F, len(body)]) + body

    # -- authentication ------------------------------------------------------------------------------------

    def _random(self, n: int) -> bytes:
        """Card randomness. A card file with ``challenge_seed`` (benchmarks only) draws its challenges
        from SHA-256(seed ‖ counter), the counter starting at 0 on every power-up: a copy of the card
        then answers a replayed APDU sequence exactly as the original did."""
        seed = self.content.extra.get("challenge_seed")
        if not seed:
            return os.urandom(n)
        self._draws += 1
        return hashlib.sha256(bytes.fromhex(seed) + self._draws.to_bytes(4, "big")).digest()[:n]

    def _get_challenge(self, cmd: Command) -> bytes:
        if cmd.p1 or cmd.p2:
            raise CardStatus(SW.WRONG_P1P2)
        if cmd.le not in (0x08, 0x10):
            raise CardStatus(SW.WRONG_LENGTH)
        challenge = self._random(cmd.le)
        for i in range(0, len(challenge), 8):
            self.challenges = [*self.challenges, challenge[i : i + 8]][-2:]
        self.challenge16 = challenge if len(challenge) == 16 else None
        return answer(challenge)

    def _card_key(self, kid: int) -> cardfile.KeyState:
        if not self.current_df.has_keys:
            raise CardStatus(SW.REFERENCE_NOT_FOUND)
        if self.content.kind != "ssc3":
            # A second-generation (DES) card: the simulation does not compute DES cryptograms.
            raise CardStatus(SW.FUNCTION_NOT_SUPPORTED)
        key = self.content.keys.get(kid)
        if key is None:
            raise CardStatus(SW.REFERENCE_NOT_FOUND)
        return key

    def _internal_authenticate(self, cmd: Command) -> bytes:
        if cmd.p1 != 0x00 or cmd.p2 not in (0x00, layout.KEY_INTERNAL):
            raise CardStatus(SW.WRONG_P1P2)
        if len(cmd.data) != 16:
            raise CardStatus(SW.WRONG_LENGTH)
        key = self._card_key(layout.KEY_INTERNAL)
        return answer(cryptogram(key.key, cmd.data[:8], cmd.data[8:]))

    def _external_authenticate(self, cmd: Command) -> bytes:
        if cmd.p1 != 0x00:
            raise CardStatus(SW.WRONG_P1P2)
        if len(cmd.data) != 16:
            raise CardStatus(SW.WRONG_LENGTH)
        kid = cmd.p2
        if kid not in layout.EXTERNAL_KEYS:
            raise CardStatus(SW.REFERENCE_NOT_FOUND)
        key = self._card_key(kid)
        if key.tries <= 0:
            raise CardStatus(SW.BLOCKED)
        challenges, self.challenges = self.challenges, []  # consumed by any attempt
        given, source = cmd.data[:8], cmd.data[8:]
        if len(challenges) < 2 or challenges[1] != source:
            raise CardStatus(SW.RANDOM_INVALID)
        if cryptogram(key.key, challenges[0], source) == given:
            key.tries = key.max_tries
            self.authenticated.add(kid)
            self.save()
            return answer()
        key.tries -= 1
        self.authenticated.discard(kid)
        self.save()
        return answer(sw=tries_left(key.tries))

    def _require(self, condition: str | int) -> None:
        if condition == NEVER or (condition != FREE and condition not in self.authenticated):
            raise CardStatus(SW.SECURITY_NOT_SATISFIED)

    def _require_read(self, ef: Ef, record: int | None) -> None:
        if self.contactless and not layout.contactless_readable(ef, record):
            raise CardStatus(SW.SECURITY_NOT_SATISFIED)
        self._require(layout.read_condition(ef, record))

    # -- records -------------------------------------------------------------------------------------------

    def _addressed_ef(self, sfi: int) -> Ef:
        """SFI 0: the current EF; otherwise the EF with that SFI in the current DF (it becomes current)."""
        if sfi == 0:
            if self.current_ef is None:
                raise CardStatus(SW.NO_CURRENT_EF)
            return self.current_ef
        ef = self.current_df.ef_by_sfi(sfi)
        if ef is None:
            raise CardStatus(SW.FILE_NOT_FOUND)
        self.current_ef = ef
        return ef

    def _records(self, ef: Ef) -> list[bytearray]:
        if not ef.linear:
            raise CardStatus(SW.INCOMPATIBLE_FILE)
        return self.content.records[ef.name]

    def _read_record(self, cmd: Command) -> bytes:
        if self.current_df is layout.FINANCIAL:
            return self._read_financial_record(cmd)
        ef = self._addressed_ef(cmd.p2 >> 3)
        records = self._records(ef)
        mode = cmd.p2 & 0x07
        if mode == 0x04:
            number = cmd.p1
        elif mode == 0x00:  # first record whose tag is P1
            number = next((i + 1 for i, r in enumerate(records) if r[0] == cmd.p1), 0)
            if number == 0:
                raise CardStatus(SW.RECORD_NOT_FOUND)
        else:
            raise CardStatus(SW.WRONG_P1P2)
        if not 1 <= number <= len(records):
            raise CardStatus(SW.RECORD_NOT_FOUND)
        self._require_read(ef, number)
        return answer(records[number - 1])

    def _read_financial_record(self, cmd: Command) -> bytes:
        """READ RECORD in the financial application: SFI 1 record 1 (P2 0C), free to read on either
        interface as on a bank card; everything else is not there."""
        if cmd.p2 & 0x07 != 0x04:
            raise CardStatus(SW.WRONG_P1P2)
        if cmd.p2 >> 3 != financial.SFI_RECORDS:
            raise CardStatus(SW.FILE_NOT_FOUND)
        if cmd.p1 != 1 or self.content.financial is None:
            raise CardStatus(SW.RECORD_NOT_FOUND)
        return answer(self.content.financial.record())

    def _update_record(self, cmd: Command) -> bytes:
        ef = self._addressed_ef(cmd.p2 >> 3)
        records = self._records(ef)
        if cmd.p2 & 0x07 != 0x04:
            raise CardStatus(SW.WRONG_P1P2)
        number = cmd.p1
        if not 1 <= number <= len(records):
            raise CardStatus(SW.RECORD_NOT_FOUND)
        self._require(layout.write_condition(ef, number))
        tag, length = ef.records[number - 1]
        data = cmd.data
        if len(data) < 2:
            raise CardStatus(SW.WRONG_LENGTH)
        if data[0] != tag:
            raise CardStatus(SW.WRONG_DATA)
        if data[1] != length or len(data) != 2 + length:
            raise CardStatus(SW.WRONG_LENGTH)
        records[number - 1] = bytearray(data)
        self.save()
        return answer()

    # -- transparent files ---------------------------------------------------------------------------------

    def _binary_target(self, cmd: Command) -> tuple[Ef, int]:
        if cmd.p1 & 0x80:
            if cmd.p1 & 0x60:
                raise CardStatus(SW.WRONG_P1P2)
            ef, offset = self._addressed_ef(cmd.p1 & 0x1F), cmd.p2
        else:
            ef, offset = self._addressed_ef(0), (cmd.p1 << 8) | cmd.p2
        if ef.linear:
            raise CardStatus(SW.INCOMPATIBLE_FILE)
        return ef, offset

    def _read_binary(self, cmd: Command) -> bytes:
        ef, offset = self._binary_target(cmd)
        self._require_read(ef, None)
        data = self.content.binaries[ef.name]
        if ef.key_file and not data:
            raise CardStatus(SW.REFERENCE_NOT_FOUND)  # a PKI public key not generated/imported yet
        if offset >= len(data):
            raise CardStatus(SW.WRONG_PARAMETERS)
        wanted = cmd.le or 256
        chunk = bytes(data[offset : offset + wanted])
        short = len(chunk) < wanted and bool(cmd.le)
        return answer(chunk, SW.END_OF_FILE if short else SW.OK)

    def _update_binary(self, cmd: Command) -> bytes:
        ef, offset = self._binary_target(cmd)
        self._require(layout.write_condition(ef, None))
        data = self.content.binaries[ef.name]
        if not cmd.data:
            raise CardStatus(SW.WRONG_LENGTH)
        if offset + len(cmd.data) > len(data):
            raise CardStatus(SW.NOT_ENOUGH_MEMORY)
        data[offset : offset + len(cmd.data)] = cmd.data
        self.save()
        return answer()

    # -- PIN -----------------------------------------------------------------------------------------------

    def _verify_pin(self, cmd: Command) -> bytes:
        if cmd.p1 != 0x00:
            raise CardStatus(SW.WRONG_P1P2)
        pin = self.content.pin
        if not cmd.data:  # how many tries are left
            if pin.tries <= 0:
                raise CardStatus(SW.BLOCKED)
            return answer(sw=tries_left(pin.tries))
        return self._check_pin(_pin_digits(cmd.data))

    def _check_pin(self, digits: str) -> bytes:
        pin = self.content.pin
        if pin.tries <= 0:
            raise CardStatus(SW.BLOCKED)
        if digits != pin.digits:
            pin.tries -= 1
            self.pin_verified = False
            self.save()
            return answer(sw=tries_left(pin.tries))
        if pin.tries != pin.max_tries:
            pin.tries = pin.max_tries
            self.save()
        self.pin_verified = True
        return answer()

    def _change_pin(self, cmd: Command) -> bytes:
        if (cmd.p1, cmd.p2) != (0x01, 0x00):
            raise CardStatus(SW.WRONG_P1P2)
        old, sep, new = cmd.data.partition(b"\xff")
        if not sep:
            raise CardStatus(SW.WRONG_DATA)
        old_digits, new_digits = _pin_digits(old), _pin_digits(new)
        result = self._check_pin(old_digits)
        if result[-2:] != b"\x90\x00":
            return result
        self.content.pin.digits = new_digits
        self.save()
        return answer()

    def _reload_pin(self, cmd: Command) -> bytes:
        """Secure-messaging PIN reload (README, "PIN reload"): new PIN encrypted under key 06's process key."""
        if (cmd.p1, cmd.p2) != (0x00, 0x00):
            raise CardStatus(SW.WRONG_P1P2)
        if len(cmd.data) != 20:
            raise CardStatus(SW.WRONG_LENGTH)
        key = self._card_key(layout.KEY_PIN_RELOAD)
        if key.tries <= 0:
            raise CardStatus(SW.BLOCKED)
        challenge, self.challenge16 = self.challenge16, None
        if challenge is None:
            raise CardStatus(SW.RANDOM_INVALID)
        process_key = diversify(key.key, challenge[:8])
        encrypted, mac = cmd.data[:16], cmd.data[16:]
        header = bytes([cmd.cla, cmd.ins, cmd.p1, cmd.p2, len(cmd.data)])
        if sm_mac(process_key, challenge, pad_80(header + encrypted)) != mac:
            key.tries -= 1
            self.save()
            raise CardStatus(SW.MAC_WRONG)
        key.tries = key.max_tries
        pin = self.content.pin
        pin.digits = _pin_digits(sm4_ecb_decrypt(process_key, encrypted))
        pin.tries = pin.max_tries
        self.save()
        return answer()


def _pin_digits(bcd: bytes) -> str:
    """PIN digits from F-padded BCD; 4-16 digits, else 6A80."""
    text = bcd.hex().upper().rstrip("F")
    if not 4 <= len(text) <= 16 or not text.isdigit():
        raise CardStatus(SW.WRONG_DATA)
    return text


__all__ = ["VirtualCard"]
