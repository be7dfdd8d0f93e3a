"""TLV and field encodings of the SSC card.

- The record TLV of EF05/EF06: tag 1 byte, length 1 byte, value (:func:`encode_record`/:func:`decode_record`).
- BER-TLV for SELECT answers (FCI 6F, A5, 9F0C …): :func:`parse_ber`, :func:`find_ber`.
- Field values: ``cn`` (BCD, left-aligned, F-padded), ``an`` (ASCII, 0x00-padded), GBK text (0x00-padded),
  binary. Encoders refuse what does not fit: nothing is ever truncated or replaced by "?".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class TlvError(ValueError):
    """Malformed TLV, or a value that cannot be encoded into its field."""


class FieldEncoding(StrEnum):
    BINARY = "binary"
    AN = "an"
    CN = "cn"
    GBK = "gbk"


# --- the 1-byte-tag record TLV ----------------------------------------------------------------------

def encode_record(tag: int, value: bytes) -> bytes:
    if not 0 <= tag <= 0xFF:
        raise TlvError(f"record tag must be one byte, not {tag:#x}")
    if len(value) > 0xFF:
        raise TlvError(f"record value too long: {len(value)} bytes")
    return bytes([tag, len(value)]) + value


def decode_record(raw: bytes, expected_tag: int | None = None) -> tuple[int, bytes]:
    """(tag, value) of one record. Bytes after the TLV (cards that return the whole fixed-size record) are ignored."""
    if len(raw) < 2:
        raise TlvError(f"record too short: {raw.hex().upper()}")
    tag, length = raw[0], raw[1]
    if len(raw) < 2 + length:
        raise TlvError(f"record tag {tag:02X} announces {length} bytes but has {len(raw) - 2}")
    if expected_tag is not None and tag != expected_tag:
        raise TlvError(f"record has tag {tag:02X}, expected {expected_tag:02X}")
    return tag, raw[2:2 + length]


# --- BER-TLV ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BerTlv:
    tag: int
    value: bytes
    children: tuple[BerTlv, ...] = field(default=())

    @property
    def constructed(self) -> bool:
        first = self.tag.to_bytes((self.tag.bit_length() + 7) // 8 or 1, "big")[0]
        return bool(first & 0x20)


def _read_tag(data: bytes, i: int) -> tuple[int, int]:
    tag = data[i]
    i += 1
    if tag & 0x1F == 0x1F:
        while True:
            if i >= len(data):
                raise TlvError("BER tag runs past the end")
            tag = (tag << 8) | data[i]
            i += 1
            if not data[i - 1] & 0x80:
                break
    return tag, i


def _read_length(data: bytes, i: int) -> tuple[int, int]:
    if i >= len(data):
        raise TlvError("BER length missing")
    first = data[i]
    i += 1
    if first < 0x80:
        return first, i
    n = first & 0x7F
    if n == 0 or n > 3 or i + n > len(data):
        raise TlvError(f"unsupported BER length form {first:02X}")
    return int.from_bytes(data[i:i + n], "big"), i + n


def parse_ber(data: bytes) -> list[BerTlv]:
    """All TLVs at this level; constructed ones are parsed recursively into ``children``."""
    out: list[BerTlv] = []
    i = 0
    while i < len(data):
        if data[i] in (0x00, 0xFF):  # padding between TLVs (ISO 7816-4 allows it)
            i += 1
            continue
        tag, i = _read_tag(data, i)
        length, i = _read_length(data, i)
        value = data[i:i + length]
        if len(value) != length:
            raise TlvError(f"BER tag {tag:X} announces {length} bytes but has {len(value)}")
        i += length
        node = BerTlv(tag, value)
        if node.constructed:
            node = BerTlv(tag, value, tuple(parse_ber(value)))
        out.append(node)
    return out


def find_ber(data: bytes | list[BerTlv], tag: int) -> BerTlv | None:
    """The first TLV with ``tag`` anywhere in the tree (depth first)."""
    nodes = parse_ber(data) if isinstance(data, bytes | bytearray) else data
    for node in nodes:
        if node.tag == tag:
            return node
        found = find_ber(list(node.children), tag)
        if found is not None:
            return found
    return None


# --- field values ---------------------------------------------------------------------------------------

def encode_cn(digits: str, length: int) -> bytes:
    """BCD, left-aligned, padded with F nibbles: ``encode_cn("01", 1) == b"\\x01"``, ``("123", 2) → 12 3F``."""
    if not digits.isascii() or not digits.isdigit():
        raise TlvError(f"cn field takes digits only, not {digits!r}")
    if len(digits) > 2 * length:
        raise TlvError(f"{len(digits)} digits do not fit in {length} BCD bytes")
    nibbles = digits + "F" * (2 * length - len(digits))
    return bytes.fromhex(nibbles)


def decode_cn(raw: bytes) -> str:
    """Digits up to the first F nibble; any other non-digit nibble is an error."""
    text = raw.hex().upper()
    digits = text.split("F", 1)[0]
    if not digits.isdigit() and digits:
        raise TlvError(f"not BCD: {text}")
    if set(text[len(digits):]) - {"F"}:
        raise TlvError(f"BCD padding is not all F: {text}")
    return digits


def encode_an(text: str, length: int) -> bytes:
    """ASCII, left-aligned, 0x00-padded."""
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise TlvError(f"an field takes ASCII only, not {text!r}") from exc
    if len(raw) > length:
        raise TlvError(f"{len(raw)} characters do not fit in {length} bytes")
    return raw + b"\x00" * (length - len(raw))


def decode_an(raw: bytes) -> str:
    return raw.rstrip(b"\x00").decode("ascii")


def encode_gbk(text: str, length: int) -> bytes:
    """GBK, 0x00-padded. A character outside GBK is an error (the chip never gets a "?")."""
    try:
        raw = text.encode("gbk")
    except UnicodeEncodeError as exc:
        raise TlvError(f"character {text[exc.start:exc.end]!r} is not in GBK") from exc
    if len(raw) > length:
        raise TlvError(f"text needs {len(raw)} GBK bytes, the field has {length}")
    return raw + b"\x00" * (length - len(raw))


def decode_gbk(raw: bytes) -> str:
    return raw.rstrip(b"\x00").decode("gbk")


def encode_field(value: str | bytes, encoding: FieldEncoding, length: int) -> bytes:
    if encoding is FieldEncoding.BINARY:
        raw = value if isinstance(value, bytes) else bytes.fromhex(value)
        if len(raw) != length:
            raise TlvError(f"binary field needs {length} bytes, not {len(raw)}")
        return raw
    if not isinstance(value, str):
        raise TlvError(f"{encoding} field takes text")
    if encoding is FieldEncoding.CN:
        return encode_cn(value, length)
    if encoding is FieldEncoding.AN:
        return encode_an(value, length)
    return encode_gbk(value, length)


def decode_field(raw: bytes, encoding: FieldEncoding) -> str:
    if encoding is FieldEncoding.BINARY:
        return raw.hex().upper()
    if encoding is FieldEncoding.CN:
        return decode_cn(raw)
    if encoding is FieldEncoding.AN:
        return decode_an(raw)
    return decode_gbk(raw)
