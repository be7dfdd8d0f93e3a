"""The ID card reader's serial protocol (GA 450-style desktop readers), bytes only.

A frame is ``AA AA AA 96 69`` (preamble), two length bytes (big-endian: the bytes that follow them, check
byte included), then for a command ``CMD PARA data`` and for an answer ``SW1 SW2 SW3 data``, and one check
byte: the XOR of every byte from the first length byte to the last data byte. An answer's SW1 SW2 are
``00 00``; SW3 says what happened (:data:`SW3_TEXT`).

The read commands answer ``text length, photo length [, fingerprint length]`` (two bytes each, big-endian)
and then the blocks: 256 bytes of UCS-2LE text, 1024 bytes of photo (an opaque wavelet image) and, for
``30 10``, the fingerprint block. The text is fixed-width fields padded with spaces (:func:`decode_text`);
a card type flag at bytes 248-249 tells a resident ID card (space) from a foreign permanent-residence card
(``I``, 2017 layout; ``Y``, 2023 layout) and an HK/Macao/Taiwan residence permit (``J``).

Nothing here opens a port or waits: :mod:`counter_app.idcard.reader` does that.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from counter_app.domain.problems import pick

PREAMBLE = bytes.fromhex("AAAAAA9669")
HEADER_LEN = len(PREAMBLE) + 2  # preamble and the two length bytes
MAX_FRAME_BODY = 4096  # longer than any answer a reader gives (1295 bytes with a 1024-byte fingerprint block)

# Commands (CMD, PARA).
SAM_STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)
READ_TEXT_PHOTO_FINGERPRINT = (0x30, 0x10)

# SW3 values.
SW3_OK = 0x90
SW3_NO_CONTENT = 0x91
SW3_FOUND = 0x9F
SW3_CHECKSUM = 0x10
SW3_LENGTH = 0x11
SW3_COMMAND = 0x21
SW3_UNAUTHORISED = 0x23
SW3_UNKNOWN = 0x24
SW3_CARD_AUTH = 0x31
SW3_SAM_AUTH = 0x32
SW3_INFO_CHECK = 0x33
SW3_CARD_TYPE = 0x40
SW3_READ_FAILED = 0x41
SW3_RANDOM = 0x47
SW3_SAM_SELF_TEST = 0x60
SW3_SAM_UNAUTHORISED = 0x66
SW3_NOT_FOUND = 0x80
SW3_SELECT_FAILED = 0x81

SW3_TEXT: dict[int, tuple[str, str]] = {
    SW3_OK: ("操作成功", "success"),
    SW3_NO_CONTENT: ("证件中此项无内容", "the card holds nothing for this item"),
    SW3_FOUND: ("找到证件", "card found"),
    SW3_CHECKSUM: ("阅读器收到的命令校验和错", "the reader got a command with a bad check byte"),
    SW3_LENGTH: ("阅读器收到的命令长度错", "the reader got a command with a bad length"),
    SW3_COMMAND: ("阅读器不认识该命令", "the reader does not know the command"),
    SW3_UNAUTHORISED: ("越权操作", "operation not authorised"),
    SW3_UNKNOWN: ("阅读器无法识别的错误", "an error the reader cannot name"),
    SW3_CARD_AUTH: ("证件认证 SAM 失败", "the card failed to authenticate the SAM"),
    SW3_SAM_AUTH: ("SAM 认证证件失败", "the SAM failed to authenticate the card"),
    SW3_INFO_CHECK: ("证件信息验证错误", "the card's data failed verification"),
    SW3_CARD_TYPE: ("无法识别的证件类型", "a card type the reader does not know"),
    SW3_READ_FAILED: ("读证件操作失败", "reading the card failed"),
    SW3_RANDOM: ("取随机数失败", "getting a random number failed"),
    SW3_SAM_SELF_TEST: ("SAM 自检失败", "the SAM failed its self-test"),
    SW3_SAM_UNAUTHORISED: ("SAM 未经授权", "the SAM is not authorised"),
    SW3_NOT_FOUND: ("未找到证件", "no card found"),
    SW3_SELECT_FAILED: ("选取证件失败", "selecting the card failed"),
}

TEXT_LEN = 256
PHOTO_LEN = 1024


class FrameError(ValueError):
    """Bytes that are not a well-formed frame; ``reason`` is one of ``preamble``, ``length``,
    ``truncated``, ``checksum``."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        super().__init__(f"{reason}: {detail}" if detail else reason)


def xor(data: bytes) -> int:
    out = 0
    for b in data:
        out ^= b
    return out


def _frame(body: bytes) -> bytes:
    length = len(body) + 1  # the check byte counts
    head = length.to_bytes(2, "big")
    return PREAMBLE + head + body + bytes([xor(head + body)])


def build_command(command: tuple[int, int], data: bytes = b"") -> bytes:
    """The frame of ``command`` (CMD, PARA) with ``data``: e.g. find card is ``AA AA AA 96 69 00 03 20 01 22``."""
    cmd, para = command
    return _frame(bytes([cmd, para]) + data)


def build_answer(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """An answer frame as a reader sends it (for tests; the simulated reader has its own)."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


def body_length(header: bytes) -> int:
    """From the first seven bytes of a frame, how many bytes follow (check byte included)."""
    if len(header) < HEADER_LEN:
        raise FrameError("truncated", f"{len(header)} header bytes")
    if header[: len(PREAMBLE)] != PREAMBLE:
        raise FrameError("preamble", header[: len(PREAMBLE)].hex(" "))
    n = int.from_bytes(header[len(PREAMBLE): HEADER_LEN], "big")
    if n < 1 or n > MAX_FRAME_BODY:
        raise FrameError("length", str(n))
    return n


def _check(frame: bytes, min_body: int) -> bytes:
    """The frame's content between the length bytes and the check byte, checked."""
    n = body_length(frame)
    if len(frame) < HEADER_LEN + n:
        raise FrameError("truncated", f"{len(frame)} of {HEADER_LEN + n} bytes")
    if len(frame) > HEADER_LEN + n:
        raise FrameError("length", f"{len(frame) - HEADER_LEN - n} bytes after the check byte")
    if n < min_body + 1:
        raise FrameError("length", f"body of {n} bytes")
    covered = frame[len(PREAMBLE): HEADER_LEN + n - 1]
    if xor(covered) != frame[-1]:
        raise FrameError("checksum", f"got {frame[-1]:02X}, computed {xor(covered):02X}")
    return frame[HEADER_LEN: HEADER_LEN + n - 1]


@dataclass(frozen=True, slots=True)
class Command:
    cmd: int
    para: int
    data: bytes = b""


@dataclass(frozen=True, slots=True)
class Answer:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @property
    def ok(self) -> bool:
        return self.sw1 == 0 and self.sw2 == 0 and self.sw3 in (SW3_OK, SW3_FOUND)

    def describe(self, lang: str = "zh") -> str:
        zh, en = SW3_TEXT.get(self.sw3, ("未知状态", "unknown status"))
        return f"{en if lang == 'en' else zh} (SW {self.sw1:02X} {self.sw2:02X} {self.sw3:02X})"


def parse_command(frame: bytes) -> Command:
    body = _check(frame, 2)
    return Command(body[0], body[1], bytes(body[2:]))


def parse_answer(frame: bytes) -> Answer:
    body = _check(frame, 3)
    return Answer(body[0], body[1], body[2], bytes(body[3:]))


@dataclass(frozen=True, slots=True)
class ReadBlocks:
    """The blocks of a read answer: text (256 bytes), photo (1024) and fingerprint (empty for ``30 01``)."""

    text: bytes
    photo: bytes
    fingerprint: bytes = b""


def split_read(data: bytes, *, fingerprint: bool = False) -> ReadBlocks:
    """The blocks of a ``30 01`` (``fingerprint`` False) or ``30 10`` answer's data."""
    n_len = 6 if fingerprint else 4
    if len(data) < n_len:
        raise FrameError("length", f"read answer of {len(data)} bytes")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if fingerprint else 0
    if len(data) != n_len + text_len + photo_len + fp_len:
        raise FrameError("length", f"blocks {text_len}+{photo_len}+{fp_len} in {len(data) - n_len} bytes")
    if text_len != TEXT_LEN:
        raise FrameError("length", f"text block of {text_len} bytes")
    at = n_len
    text = data[at: at + text_len]
    at += text_len
    photo = data[at: at + photo_len]
    at += photo_len
    return ReadBlocks(bytes(text), bytes(photo), bytes(data[at: at + fp_len]))


# --- the text block ------------------------------------------------------------------------------------

class CardKind(enum.StrEnum):
    """The kinds of card a GA 450 reader reads, by the flag at bytes 248-249 of the text."""

    RESIDENT = "resident"                          # 居民身份证 (flag: space)
    RESIDENCE_PERMIT = "residence_permit"          # 港澳台居民居住证 (J)
    PERMANENT_RESIDENCE = "permanent_residence"    # 外国人永久居留身份证, 2017 (I)
    PERMANENT_RESIDENCE_2023 = "permanent_residence_2023"  # 外国人永久居留身份证, 2023 (Y)

    def label(self, lang: str = "zh") -> str:
        zh, en = _KIND_LABELS[self]
        return pick(lang, zh, en)


_KIND_LABELS = {
    CardKind.RESIDENT: ("居民身份证", "resident ID card"),
    CardKind.RESIDENCE_PERMIT: ("港澳台居民居住证", "HK/Macao/Taiwan residence permit"),
    CardKind.PERMANENT_RESIDENCE: ("外国人永久居留身份证", "foreign permanent residence ID card"),
    CardKind.PERMANENT_RESIDENCE_2023: ("外国人永久居留身份证（2023 版）", "foreign permanent residence ID card (2023)"),
}
FLAG_OFFSET = 248
_FLAGS = {"I": CardKind.PERMANENT_RESIDENCE, "J": CardKind.RESIDENCE_PERMIT, "Y": CardKind.PERMANENT_RESIDENCE_2023}

# Field name and width in bytes, in order, per layout. Names shared by layouts mean the same thing.
RESIDENT_LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30), ("sex", 2), ("ethnicity", 4), ("birth_date", 16), ("address", 70), ("id_number", 36),
    ("issuer", 30), ("valid_from", 16), ("valid_to", 16), ("reserved", 36),
)
RESIDENCE_PERMIT_LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30), ("sex", 2), ("reserved1", 4), ("birth_date", 16), ("address", 70), ("id_number", 36),
    ("issuer", 30), ("valid_from", 16), ("valid_to", 16), ("permit_number", 18), ("issue_count", 4),
    ("reserved2", 6), ("flag", 2), ("reserved3", 6),
)
PERMANENT_RESIDENCE_LAYOUT: tuple[tuple[str, int], ...] = (
    ("english_name", 120), ("sex", 2), ("id_number", 30), ("nationality", 6), ("name", 30), ("valid_from", 16),
    ("valid_to", 16), ("birth_date", 16), ("card_version", 4), ("issuer", 8), ("flag", 2), ("reserved", 6),
)
# The 2023 layout as far as it is public here: the fields after valid_to are not decoded (left in "rest").
PERMANENT_RESIDENCE_2023_LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30), ("sex", 2), ("renewals", 4), ("birth_date", 16), ("english_name", 70), ("id_number", 36),
    ("reserved", 30), ("valid_from", 16), ("valid_to", 16), ("rest", 36),
)
LAYOUTS = {
    CardKind.RESIDENT: RESIDENT_LAYOUT,
    CardKind.RESIDENCE_PERMIT: RESIDENCE_PERMIT_LAYOUT,
    CardKind.PERMANENT_RESIDENCE: PERMANENT_RESIDENCE_LAYOUT,
    CardKind.PERMANENT_RESIDENCE_2023: PERMANENT_RESIDENCE_2023_LAYOUT,
}
assert all(sum(w for _, w in layout) == TEXT_LEN for layout in LAYOUTS.values())


def card_kind(text: bytes) -> CardKind:
    """The kind of card whose text block is ``text`` (a resident ID card unless the flag says otherwise)."""
    flag = text[FLAG_OFFSET: FLAG_OFFSET + 2].decode("utf-16-le", errors="replace")
    return _FLAGS.get(flag.strip().upper(), CardKind.RESIDENT)


def decode_field(raw: bytes) -> str:
    """One text field: UCS-2LE padded with spaces (or NULs). Decoded as UTF-16LE, which is UCS-2 in the BMP
    and also reads a surrogate pair, should a card carry a character beyond it."""
    return raw.decode("utf-16-le", errors="replace").rstrip(" \x00").strip()


def decode_text(text: bytes) -> tuple[CardKind, dict[str, str]]:
    """The kind of card and its fields (every field of its layout, reserved ones included, stripped)."""
    if len(text) != TEXT_LEN:
        raise FrameError("length", f"text block of {len(text)} bytes")
    kind = card_kind(text)
    fields: dict[str, str] = {}
    at = 0
    for name, width in LAYOUTS[kind]:
        fields[name] = decode_field(text[at: at + width])
        at += width
    return kind, fields


def encode_text(kind: CardKind, fields: dict[str, str]) -> bytes:
    """The text block of ``fields`` (the inverse of :func:`decode_text`), each padded with spaces; for tests."""
    out = bytearray()
    for name, width in LAYOUTS[kind]:
        value = fields.get(name, "")
        if name == "flag":
            value = {v: k for k, v in _FLAGS.items()}[kind]
        raw = value.encode("utf-16-le")
        if len(raw) > width:
            raise ValueError(f"{name} is longer than {width} bytes")
        out += raw + " ".encode("utf-16-le") * ((width - len(raw)) // 2)
    return bytes(out)
