"""Helpers of the devices/vcard unit tests: a stock in a temporary state directory and a terminal's moves."""

from __future__ import annotations

from devices.state import StatePaths
from devices.vcard import stock
from devices.vcard.card_os import VirtualCard
from devices.vcard.psam import VirtualPsam

SELECT_SSSE = bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF")
SELECT_EF05 = bytes.fromhex("00A4020002EF05")
SELECT_EF06 = bytes.fromhex("00A4020002EF06")
SELECT_EF08 = bytes.fromhex("00A4020002EF08")
PAD = bytes.fromhex("8000000000000000")


def sw(rsp: bytes) -> int:
    return int.from_bytes(rsp[-2:], "big")


def data(rsp: bytes) -> bytes:
    return rsp[:-2]


def ok(device, apdu: bytes) -> bytes:
    """Send and insist on 9000; the response data."""
    rsp = device.process(apdu)
    assert sw(rsp) == 0x9000, f"{apdu.hex()} -> {rsp.hex()}"
    return data(rsp)


def new_devices(tmp_path, kind: str = "ssc3", wrong_psam: bool = False) -> tuple[VirtualCard, VirtualPsam]:
    """A fresh blank card of `kind` and a PSAM (right or wrong keys), both powered up."""
    paths = StatePaths.resolve(tmp_path / "devices-state")
    (card_path,) = stock.make_blank(1, paths, kind=kind)
    card = VirtualCard(card_path)
    psam = VirtualPsam(stock.ensure_psam(paths, wrong=wrong_psam))
    card.reset()
    psam.reset()
    return card, psam


def card_id(card: VirtualCard) -> bytes:
    """The 卡识别码 from EF05 record 1 (SSSE selected on the way)."""
    ok(card, SELECT_SSSE)
    ok(card, SELECT_EF05)
    return ok(card, bytes.fromhex("00B2010400"))[2:]


def psam_cryptogram(psam: VirtualPsam, kid: int, cid: bytes, pf: bytes, source: bytes) -> bytes:
    """The terminal's sequence of README "External authentication": 3-level DELIVER KEY, then CIPHER DATA."""
    region = cid[:3] + b"\xff" * 5
    ok(psam, bytes([0x80, 0x1A, 0x61, kid, 0x18]) + region + cid[-8:] + pf)
    return ok(psam, bytes([0x80, 0xFA, 0x00, 0x00, 0x10]) + source + PAD)[:8]


def external_auth(card: VirtualCard, psam: VirtualPsam, kid: int) -> int:
    """Two challenges, the PSAM's cryptogram, EXTERNAL AUTHENTICATE; the card's status word."""
    cid = card_id_cached(card)
    pf = ok(card, bytes.fromhex("0084000008"))
    source = ok(card, bytes.fromhex("0084000008"))
    crypt = psam_cryptogram(psam, kid, cid, pf, source)
    return sw(card.process(bytes([0x00, 0x82, 0x00, kid, 0x10]) + crypt + source))


def card_id_cached(card: VirtualCard) -> bytes:
    """The 卡识别码 straight from the card file content (no APDUs: keeps the card's selection as it is)."""
    return bytes(card.content.records["EF05"][0][2:])
