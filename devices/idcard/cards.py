"""Card files of the simulated ID card reader and the example cards, as the card's 256-byte text block.

A card file is JSON: ``card_type`` (``resident`` | ``residence_permit`` | ``permanent_residence``), the fields
as printed on the card (dates ``YYYYMMDD``, ``valid_to`` may be ``长期``; ``sex`` 1/2, ``ethnicity`` the
two-digit code), and for a residence permit ``permit_number``, ``issue_count``; for a permanent-residence
card ``english_name``, ``nationality``, ``card_version``. The photo is a 1024-byte blob made from the ID
number (the real one is a wavelet image only the vendor's decoder reads), or ``photo_hex``.

Implemented here on its own, from the reader protocol, not shared with the app.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

TEXT_LEN, PHOTO_LEN, FINGERPRINT_LEN = 256, 1024, 1024

_LAYOUTS = {
    "resident": (("name", 30), ("sex", 2), ("ethnicity", 4), ("birth_date", 16), ("address", 70),
                 ("id_number", 36), ("issuer", 30), ("valid_from", 16), ("valid_to", 16), ("", 36)),
    "residence_permit": (("name", 30), ("sex", 2), ("", 4), ("birth_date", 16), ("address", 70),
                         ("id_number", 36), ("issuer", 30), ("valid_from", 16), ("valid_to", 16),
                         ("permit_number", 18), ("issue_count", 4), ("", 6), ("=J", 2), ("", 6)),
    "permanent_residence": (("english_name", 120), ("sex", 2), ("id_number", 30), ("nationality", 6),
                            ("name", 30), ("valid_from", 16), ("valid_to", 16), ("birth_date", 16),
                            ("card_version", 4), ("issuer", 8), ("=I", 2), ("", 6)),
}

EXAMPLES: dict[str, dict[str, str]] = {
    # A GB 18030 extension character (U+4DAE, CJK extension A) in the name.
    "rare-name": {
        "card_type": "resident", "name": "刘䶮", "sex": "1", "ethnicity": "01", "birth_date": "19900307",
        "address": "湖北省咸宁市咸安区温泉路88号", "id_number": "421202199003070017", "issuer": "咸宁市公安局咸安分局",
        "valid_from": "20160512", "valid_to": "20360512",
    },
    "long-term": {
        "card_type": "resident", "name": "欧阳秀英", "sex": "2", "ethnicity": "03", "birth_date": "19600815",
        "address": "湖北省赤壁市蒲圻街道河北大道一百二十号附二号", "id_number": "421281196008150026",
        "issuer": "赤壁市公安局", "valid_from": "20120301", "valid_to": "长期",
    },
    "permit": {
        "card_type": "residence_permit", "name": "陈家明", "sex": "1", "birth_date": "19940823",
        "address": "", "id_number": "810000199408230013", "issuer": "咸宁市公安局",
        "valid_from": "20220110", "valid_to": "20270110", "permit_number": "H60234567", "issue_count": "01",
    },
    "foreigner": {
        "card_type": "permanent_residence", "english_name": "SMITH, JOHN", "name": "约翰", "sex": "1",
        "id_number": "USA420085030511", "nationality": "USA", "birth_date": "19850305",
        "valid_from": "20200101", "valid_to": "20300101", "card_version": "02", "issuer": "1500",
    },
    "expired": {
        "card_type": "resident", "name": "张伟", "sex": "1", "ethnicity": "01", "birth_date": "19880101",
        "address": "湖北省咸宁市通城县隽水镇银山路1号", "id_number": "42122219880101001X", "issuer": "通城县公安局",
        "valid_from": "20050101", "valid_to": "20150101",
    },
}
DEFAULT_EXAMPLE = "rare-name"


class CardFileError(ValueError):
    pass


def load(path: Path) -> dict[str, str]:
    try:
        card = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CardFileError(f"cannot read ID card file {path}: {exc}") from exc
    check(card)
    return card


def check(card: dict) -> None:
    kind = card.get("card_type", "resident")
    if kind not in _LAYOUTS:
        raise CardFileError(f"unknown card_type {kind!r} (one of {', '.join(_LAYOUTS)})")
    for key in ("name" if kind != "permanent_residence" else "english_name", "id_number", "birth_date",
                "valid_from", "valid_to"):
        if not card.get(key):
            raise CardFileError(f"the ID card file has no {key}")
    text_block(card)


def text_block(card: dict) -> bytes:
    """The 256 bytes of UCS-2LE text, each field padded with spaces to its width."""
    out = bytearray()
    for key, width in _LAYOUTS[card.get("card_type", "resident")]:
        value = key[1:] if key.startswith("=") else str(card.get(key, "")) if key else ""
        raw = value.encode("utf-16-le")
        if len(raw) > width:
            raise CardFileError(f"{key} is {len(raw)} bytes, more than its {width}")
        out += raw + b" \x00" * ((width - len(raw)) // 2)
    assert len(out) == TEXT_LEN
    return bytes(out)


def photo_blob(card: dict) -> bytes:
    """1024 bytes standing for the card's wavelet photo: given, or made from the ID number."""
    if card.get("photo_hex"):
        blob = bytes.fromhex(card["photo_hex"])
    else:
        seed, blob = str(card.get("id_number", "")).encode(), b""
        while len(blob) < PHOTO_LEN:
            blob += hashlib.sha256(seed + len(blob).to_bytes(4, "big")).digest()
        blob = b"WLT" + blob[3:]
    return blob[:PHOTO_LEN].ljust(PHOTO_LEN, b"\x00")


def fingerprint_blob(card: dict) -> bytes:
    seed = ("fp" + str(card.get("id_number", ""))).encode()
    blob = b""
    while len(blob) < FINGERPRINT_LEN:
        blob += hashlib.sha256(seed + len(blob).to_bytes(4, "big")).digest()
    return blob[:FINGERPRINT_LEN]
