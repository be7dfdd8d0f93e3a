"""PIN commands on the SSC application, terminal side: VERIFY, CHANGE PIN and RELOAD PIN.

- VERIFY ``00 20 00 00 Lc <PIN BCD>``; without data it asks the tries left (63Cx).
- CHANGE PIN ``80 5E 01 00 Lc <old BCD> FF <new BCD>``.
- RELOAD PIN ``84 24 00 00 14 <SM4(process key 06, new PIN block)> <MAC 4>`` with secure messaging
  (devices/vcard/README.md, "PIN reload"): after GET CHALLENGE 16, the PSAM derives the process
  key of card key 06 from the first 8 challenge bytes, encrypts the F-padded PIN block, and computes
  the MAC (SM4-CBC, IV = the 16-byte challenge) over ``84 24 00 00 14 ‖ encrypted``. The master keys
  never leave the PSAM.

PINs arrive as ``bytearray`` (ASCII digits) and every buffer built here from them is wiped before
returning. The trace masks the data of ``00 20``, ``80 5E``, ``84 24`` and of the PSAM's CIPHER DATA.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.card.apdu import Apdu
from counter_app.card.errors import ApduError, PinBlocked, WrongPin
from counter_app.card.profile import KeyRole, PsamKeyRef
from counter_app.card.psam import Psam
from counter_app.card.ssc import SscCard, raise_for_sw
from counter_app.card.sw import SW, is_counter, tries_left
from counter_app.domain.pin import to_bcd, to_pin_block, wipe

INS_VERIFY, INS_CHANGE_PIN, INS_RELOAD_PIN = 0x20, 0x5E, 0x24
CLA_PLAIN, CLA_PROPRIETARY, CLA_SECURE = 0x00, 0x80, 0x84
MAC_LENGTH = 4

# Card key 06 (PIN reload) and its PSAM master key [ours, as devices/vcard/README.md]: the profile's
# ``keys.pin_reload`` when it names one (the default profile does), else this.
PIN_RELOAD_KEY = KeyRole("pin_reload", 0x06, PsamKeyRef(key_type=0x01, index=0x06))


def pin_reload_key(card: SscCard) -> KeyRole:
    return card.profile.key_pin_reload or PIN_RELOAD_KEY


def pin_tries_left(card: SscCard) -> int:
    """Tries left of the PIN (``00 20 00 00`` without data): 0 when blocked."""
    resp = card.transmit(Apdu(CLA_PLAIN, INS_VERIFY, 0x00, 0x00))
    if resp.sw == SW.AUTH_METHOD_BLOCKED:
        return 0
    if is_counter(resp.sw):
        return tries_left(resp.sw) or 0
    if resp.sw == SW.OK:  # a card that answers 9000 to an empty VERIFY: it does not say, assume full
        return 3
    raise_for_sw(resp, "VERIFY (tries left)", pin=True)
    raise ApduError(resp.sw, resp.data, "VERIFY (tries left)")


def verify_pin(card: SscCard, pin: bytearray) -> None:
    """VERIFY; raises :class:`WrongPin` (with the tries left) or :class:`PinBlocked`."""
    bcd = to_bcd(pin)
    try:
        card.verify_pin(bytes(bcd))
    finally:
        wipe(bcd)


def change_pin(card: SscCard, old: bytearray, new: bytearray) -> None:
    """CHANGE PIN from ``old`` to ``new``; a wrong ``old`` raises :class:`WrongPin`/:class:`PinBlocked`."""
    data = to_bcd(old)
    new_bcd = to_bcd(new)
    data.append(0xFF)
    data.extend(new_bcd)
    wipe(new_bcd)
    try:
        resp = card.transmit(Apdu(CLA_PROPRIETARY, INS_CHANGE_PIN, 0x01, 0x00, bytes(data)))
    finally:
        wipe(data)
    raise_for_sw(resp, "CHANGE PIN", pin=True)


@dataclass(frozen=True, slots=True)
class ReloadCommand:
    """One RELOAD PIN command ready to send: the challenge it answers and the APDU."""

    challenge: bytes
    apdu: Apdu


def build_reload_command(card: SscCard, psam: Psam, card_id: bytes, new: bytearray,
                         key: KeyRole | None = None) -> ReloadCommand:
    """GET CHALLENGE 16, then the PSAM's cryptogram and MAC for RELOAD PIN to ``new``.

    Separate from :func:`reload_pin` so that a test can alter the command (a flipped MAC bit) and
    see the card refuse it."""
    key = key or pin_reload_key(card)
    challenge = card.get_challenge(16)
    block = to_pin_block(new)
    try:
        psam.deliver_key(key.psam, psam.card_key_factors(card_id) + [challenge[:8]])
        encrypted = psam.encrypt(bytes(block))
    finally:
        wipe(block)
    if len(encrypted) != 16:
        raise ApduError(SW.WRONG_LENGTH, b"", "PSAM CIPHER DATA answered a block of the wrong size")
    header = bytes([CLA_SECURE, INS_RELOAD_PIN, 0x00, 0x00, 16 + MAC_LENGTH])
    mac = psam.mac(key, card_id, challenge, header + encrypted, session_factor=challenge[:8])
    return ReloadCommand(challenge, Apdu(CLA_SECURE, INS_RELOAD_PIN, 0x00, 0x00, encrypted + mac[:MAC_LENGTH]))


def send_reload(card: SscCard, command: ReloadCommand, key: KeyRole | None = None) -> None:
    """Send RELOAD PIN: 6988 raises SecureMessagingError, 6983 KeyBlocked (key 06)."""
    key = key or pin_reload_key(card)
    resp = card.transmit(command.apdu)
    raise_for_sw(resp, "RELOAD PIN", key_id=key.card_key_id)


def reload_pin(card: SscCard, psam: Psam, card_id: bytes, new: bytearray, key: KeyRole | None = None) -> None:
    """RELOAD/UNBLOCK PIN with secure messaging: the PIN becomes ``new`` with its tries reset."""
    send_reload(card, build_reload_command(card, psam, card_id, new, key), key)


__all__ = [
    "PIN_RELOAD_KEY", "PinBlocked", "ReloadCommand", "WrongPin", "build_reload_command", "change_pin",
    "pin_reload_key", "pin_tries_left", "reload_pin", "send_reload", "verify_pin",
]
