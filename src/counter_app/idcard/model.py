"""What an ID card reader gives the layers above: a typed, frozen :class:`IdCardData`.

The photo is kept as the card holds it (1024 bytes of a wavelet format that only the reader vendor's
licensed decoder turns into an image): :class:`PhotoDecoder` is the plug-in point for such a decoder, and
none is installed by default. The photo and the fingerprint block never appear in :meth:`IdCardData.to_json`
nor in ``repr``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from counter_app.domain.applicant import DocumentType
from counter_app.idcard.errors import IdCardExpired, PhotoDecoderUnavailable
from counter_app.idcard.protocol import CardKind, FrameError, decode_text

LONG_TERM = "长期"
ValidTo = dt.date | Literal["长期"]

JSON_KEYS = ("name", "sex", "ethnicity", "birth_date", "address", "id_number", "issuer", "valid_from",
             "valid_to", "card_type")


@dataclass(frozen=True, slots=True)
class IdCardData:
    """One card as read. ``sex`` is the GB/T 2261.1 code ("1" male, "2" female), ``ethnicity`` the GB 3304
    two-digit code (empty on cards without one: residence permits and permanent-residence cards). ``name`` is
    the Chinese name (for a permanent-residence card without one, its English name). The extra fields are
    those of the other card kinds (empty on a resident ID card)."""

    name: str
    sex: str
    ethnicity: str
    birth_date: dt.date
    address: str
    id_number: str
    issuer: str
    valid_from: dt.date
    valid_to: ValidTo
    card_type: CardKind = CardKind.RESIDENT
    photo: bytes = field(default=b"", repr=False)
    fingerprint: bytes = field(default=b"", repr=False)
    english_name: str = ""
    nationality: str = ""      # permanent-residence cards: ISO 3166-1 alpha-3 code
    permit_number: str = ""    # residence permits: 通行证号码
    issue_count: str = ""      # residence permits: 签发次数
    card_version: str = ""     # permanent-residence cards: 证件版本号

    def expired(self, on: dt.date) -> bool:
        """Whether the card is no longer valid on ``on`` (a 长期 card never expires)."""
        return self.valid_to != LONG_TERM and self.valid_to < on  # type: ignore[operator]

    def require_valid(self, on: dt.date) -> None:
        """:class:`~counter_app.idcard.errors.IdCardExpired` when the card is expired on ``on`` (a new
        application refuses such a card; the applicant page raises it and shows its message)."""
        if self.expired(on):
            raise IdCardExpired(self.valid_to)  # type: ignore[arg-type]  # a date: 长期 never expires

    @property
    def document_type(self) -> DocumentType:
        """The applicant's document type: a residence permit counts as a resident ID (its number is of the
        same form, with the address code 810000/820000/830000), a permanent-residence card as 外国人永久居留证."""
        if self.card_type in (CardKind.PERMANENT_RESIDENCE, CardKind.PERMANENT_RESIDENCE_2023):
            return DocumentType.FOREIGN_PERMANENT
        return DocumentType.RESIDENT_ID

    def applicant_fields(self) -> dict[str, Any]:
        """What the card gives an :class:`~counter_app.domain.applicant.Applicant`, under its field names
        (typed values; an empty ethnicity, address or issuing authority left out): the applicant page fills
        these from the card. The validity (有效期限) is ``id_valid_from`` and ``id_valid_to``, a 长期 card's end
        None with ``id_valid_long_term``; the 签发机关 is ``issuing_authority`` (on a permanent-residence card,
        the code of the authority the card carries)."""
        long_term = self.valid_to == LONG_TERM
        out: dict[str, Any] = {
            "document_type": self.document_type,
            "document_number": self.id_number,
            "name": self.name,
            "sex": self.sex,
            "birth_date": self.birth_date,
            # Permanent-residence cards carry the ISO 3166-1 alpha-3 code; the others are held by nationals.
            "nationality": self.nationality or "CHN",
            "id_valid_from": self.valid_from,
            "id_valid_to": None if long_term else self.valid_to,
            "id_valid_long_term": long_term,
        }
        if self.ethnicity:
            out["ethnicity"] = self.ethnicity
        if self.address:
            out["address"] = self.address
        if self.issuer.strip():
            out["issuing_authority"] = self.issuer.strip()
        return out

    def to_json(self) -> dict[str, Any]:
        """Exactly the keys of :data:`JSON_KEYS`; dates ISO, ``valid_to`` may be "长期"; no photo."""
        return {
            "name": self.name,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
            "issuer": self.issuer,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": self.valid_to if isinstance(self.valid_to, str) else self.valid_to.isoformat(),
            "card_type": self.card_type.value,
        }


class PhotoDecoder(Protocol):
    """The plug-in point for the vendor's photo decoder: 1024 bytes of the card's wavelet photo in, an image
    file's bytes (BMP, PNG or JPEG) out. None is shipped; the app keeps the photo opaque without one."""

    def decode(self, photo: bytes) -> bytes: ...


def load_photo_decoder(spec: str) -> PhotoDecoder | None:
    """The decoder named by ``spec``, ``module:name`` (the setting ``idcard.photo_decoder``): ``name`` is a
    class or factory called without arguments, or an object with ``decode``. Empty: None. One that cannot be
    loaded is :class:`~counter_app.idcard.errors.PhotoDecoderUnavailable`."""
    spec = spec.strip()
    if not spec:
        return None
    module_name, _, attr = spec.partition(":")
    try:
        target = getattr(importlib.import_module(module_name), attr or "PhotoDecoder")
        decoder = target if hasattr(target, "decode") and not isinstance(target, type) else target()
    except Exception as exc:  # a vendor's module: any failure means the same to the technician
        raise PhotoDecoderUnavailable(spec, f"{type(exc).__name__}: {exc}") from exc
    if not callable(getattr(decoder, "decode", None)):
        raise PhotoDecoderUnavailable(spec, "it has no decode(photo) method")
    return decoder


def photo_image(card: IdCardData, decoder: PhotoDecoder | None = None) -> bytes | None:
    """The card's photo as an image file's bytes through ``decoder``; None without one (the default: no
    decoder is shipped) or when the card has no photo. A decoder's failure is the decoder's exception."""
    if decoder is None or not card.photo:
        return None
    return decoder.decode(card.photo)


def parse_date(text: str, field_name: str) -> dt.date:
    """A YYYYMMDD field as a date; FrameError (the text block is damaged) otherwise."""
    try:
        if len(text) != 8 or not text.isdigit():
            raise ValueError(text)
        return dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise FrameError("content", f"{field_name} is not a YYYYMMDD date: {text!r}") from None


def parse_valid_to(text: str) -> ValidTo:
    return LONG_TERM if text == LONG_TERM else parse_date(text, "valid_to")


def card_from_blocks(text: bytes, photo: bytes = b"", fingerprint: bytes = b"") -> IdCardData:
    """The :class:`IdCardData` of a read answer's blocks."""
    kind, f = decode_text(text)
    name = f.get("name", "") or f.get("english_name", "")
    return IdCardData(
        name=name,
        sex=f.get("sex", ""),
        ethnicity=f.get("ethnicity", ""),
        birth_date=parse_date(f["birth_date"], "birth_date"),
        address=f.get("address", ""),
        id_number=f["id_number"],
        issuer=f.get("issuer", ""),
        valid_from=parse_date(f["valid_from"], "valid_from"),
        valid_to=parse_valid_to(f["valid_to"]),
        card_type=kind,
        photo=photo,
        fingerprint=fingerprint,
        english_name=f.get("english_name", ""),
        nationality=f.get("nationality", ""),
        permit_number=f.get("permit_number", ""),
        issue_count=f.get("issue_count", ""),
        card_version=f.get("card_version", ""),
    )
