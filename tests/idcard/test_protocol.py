"""protocol.py frame by frame, the check bytes computed by hand (XOR from the first length byte to the
last data byte), and the text block's fixed-width fields."""

import datetime as dt

import pytest

from counter_app.idcard import protocol as p
from counter_app.idcard.model import JSON_KEYS, LONG_TERM, card_from_blocks


@pytest.mark.parametrize("command, frame", [
    (p.SAM_STATUS, "AA AA AA 96 69 00 03 11 FF ED"),          # 00^03^11^FF = ED
    (p.FIND_CARD, "AA AA AA 96 69 00 03 20 01 22"),           # 00^03^20^01 = 22
    (p.SELECT_CARD, "AA AA AA 96 69 00 03 20 02 21"),         # 00^03^20^02 = 21
    (p.READ_TEXT_PHOTO, "AA AA AA 96 69 00 03 30 01 32"),     # 00^03^30^01 = 32
    (p.READ_TEXT_PHOTO_FINGERPRINT, "AA AA AA 96 69 00 03 30 10 23"),  # 00^03^30^10 = 23
])
def test_command_frames(command, frame):
    assert p.build_command(command) == bytes.fromhex(frame)
    parsed = p.parse_command(bytes.fromhex(frame))
    assert (parsed.cmd, parsed.para, parsed.data) == (*command, b"")


def test_answer_frames():
    # card found: 00 00 9F and four data bytes; length 3 + 4 + 1 = 8; 00^08^9F = 97
    found = bytes.fromhex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    assert p.build_answer(p.SW3_FOUND, bytes(4)) == found
    assert p.parse_answer(found) == p.Answer(0, 0, 0x9F, bytes(4))
    # no card: 00^04^80 = 84
    none = bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
    assert p.parse_answer(none).sw3 == p.SW3_NOT_FOUND and not p.parse_answer(none).ok
    # selected: eight data bytes, length 0C; 00^0C^90 = 9C
    assert p.build_answer(p.SW3_OK, bytes(8)) == bytes.fromhex("AA AA AA 96 69 00 0C 00 00 90" + " 00" * 8 + " 9C")


def test_a_read_answer_is_length_0508_and_splits_into_text_and_photo():
    text = p.encode_text(p.CardKind.RESIDENT, {"name": "张三"})
    photo = bytes(range(256)) * 4
    data = bytes.fromhex("01 00 04 00") + text + photo
    frame = p.build_answer(p.SW3_OK, data)
    assert frame[5:7] == bytes.fromhex("05 08")  # 3 + 4 + 256 + 1024 + 1 = 1288
    blocks = p.split_read(p.parse_answer(frame).data)
    assert blocks.text == text and blocks.photo == photo and blocks.fingerprint == b""
    fp = b"\x5a" * 1024
    blocks = p.split_read(bytes.fromhex("01 00 04 00 04 00") + text + photo + fp, fingerprint=True)
    assert blocks.fingerprint == fp


@pytest.mark.parametrize("damage, reason", [
    (lambda f: f[:-1] + bytes([f[-1] ^ 1]), "checksum"),
    (lambda f: b"\xAA\xAA\xAA\x96\x68" + f[5:], "preamble"),
    (lambda f: f[:-2], "truncated"),
    (lambda f: f + b"\x00", "length"),
    (lambda f: f[:5] + b"\x00\x00" + f[7:], "length"),
])
def test_damaged_frames_are_refused_with_their_reason(damage, reason):
    good = bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
    with pytest.raises(p.FrameError) as err:
        p.parse_answer(damage(good))
    assert err.value.reason == reason


def _resident_text(**over) -> bytes:
    fields = {"name": "刘䶮", "sex": "1", "ethnicity": "01", "birth_date": "19900307", "address": "湖北省咸宁市",
              "id_number": "421202199003070017", "issuer": "咸宁市公安局", "valid_from": "20160512",
              "valid_to": "20360512"}
    return p.encode_text(p.CardKind.RESIDENT, {**fields, **over})


def test_the_fields_sit_at_their_fixed_offsets_padded_with_spaces():
    text = _resident_text()
    assert len(text) == 256
    assert text[0:4] == "刘䶮".encode("utf-16-le") and text[4:30] == b" \x00" * 13  # name: 30 bytes
    assert text[30:32] == b"1\x00"                     # sex: 2
    assert text[32:36] == "01".encode("utf-16-le")     # ethnicity: 4
    assert text[36:52] == "19900307".encode("utf-16-le")  # birth date: 16
    assert text[122:158].decode("utf-16-le") == "421202199003070017"  # after the address's 70 bytes
    assert text[188:204].decode("utf-16-le") == "20160512"   # valid from, after the issuer's 30
    assert text[204:220].decode("utf-16-le") == "20360512"   # valid to
    assert text[220:] == b" \x00" * 18


def test_decoding_a_resident_card():
    card = card_from_blocks(_resident_text(), b"P" * 1024)
    assert card.name == "刘䶮" and card.sex == "1" and card.ethnicity == "01"
    assert card.birth_date == dt.date(1990, 3, 7) and card.valid_to == dt.date(2036, 5, 12)
    assert card.card_type is p.CardKind.RESIDENT
    assert tuple(card.to_json()) == JSON_KEYS and "photo" not in repr(card)


def test_long_term_validity_and_a_name_beyond_the_bmp():
    # U+20000 is a surrogate pair in UTF-16: a card that carried one would still read.
    card = card_from_blocks(_resident_text(valid_to=LONG_TERM, name="𠀀明"))
    assert card.valid_to == "长期" and card.to_json()["valid_to"] == "长期" and not card.expired(dt.date(2999, 1, 1))
    assert card.name == "𠀀明"


def test_residence_permit_and_permanent_residence_layouts():
    permit = p.encode_text(p.CardKind.RESIDENCE_PERMIT, {
        "name": "陈家明", "sex": "1", "birth_date": "19940823", "id_number": "810000199408230013",
        "issuer": "咸宁市公安局", "valid_from": "20220110", "valid_to": "20270110", "permit_number": "H60234567",
        "issue_count": "01"})
    assert permit[248:250] == b"J\x00"
    card = card_from_blocks(permit)
    assert card.card_type is p.CardKind.RESIDENCE_PERMIT and card.permit_number == "H60234567"
    assert card.issue_count == "01" and card.ethnicity == ""
    foreign = p.encode_text(p.CardKind.PERMANENT_RESIDENCE, {
        "english_name": "SMITH, JOHN", "sex": "1", "id_number": "USA420085030511", "nationality": "USA",
        "name": "约翰", "valid_from": "20200101", "valid_to": "20300101", "birth_date": "19850305",
        "card_version": "02", "issuer": "1500"})
    assert foreign[248:250] == b"I\x00"
    card = card_from_blocks(foreign)
    assert card.card_type is p.CardKind.PERMANENT_RESIDENCE and card.english_name == "SMITH, JOHN"
    assert card.nationality == "USA" and card.birth_date == dt.date(1985, 3, 5) and card.name == "约翰"


def test_a_damaged_date_is_a_frame_error():
    with pytest.raises(p.FrameError):
        card_from_blocks(_resident_text(birth_date="1990-3-7"))


def test_expiry():
    from counter_app.domain.problems import UserFacingError
    from counter_app.idcard.errors import IdCardExpired

    card = card_from_blocks(_resident_text(valid_to="20150101"))
    assert card.expired(dt.date(2026, 12, 3)) and not card.expired(dt.date(2015, 1, 1))
    card.require_valid(dt.date(2015, 1, 1))  # valid through its last day
    with pytest.raises(IdCardExpired) as err:
        card.require_valid(dt.date(2026, 12, 3))
    assert isinstance(err.value, UserFacingError) and "2015-01-01" in err.value.message("zh")
    assert "expired on 2015-01-01" in err.value.message("en")
    card_from_blocks(_resident_text(valid_to=LONG_TERM)).require_valid(dt.date(2999, 1, 1))


def test_what_the_card_gives_the_applicant():
    from counter_app.domain.applicant import DocumentType

    card = card_from_blocks(_resident_text())
    assert card.applicant_fields() == {
        "document_type": DocumentType.RESIDENT_ID, "document_number": "421202199003070017", "name": "刘䶮",
        "sex": "1", "birth_date": dt.date(1990, 3, 7), "nationality": "CHN", "ethnicity": "01", "address": "湖北省咸宁市",
        "id_valid_from": dt.date(2016, 5, 12), "id_valid_to": dt.date(2036, 5, 12), "id_valid_long_term": False,
        "issuing_authority": "咸宁市公安局"}
    foreign = card_from_blocks(p.encode_text(p.CardKind.PERMANENT_RESIDENCE, {
        "english_name": "SMITH, JOHN", "sex": "1", "id_number": "USA420085030511", "nationality": "USA",
        "valid_from": "20200101", "valid_to": "20300101", "birth_date": "19850305"}))
    fields = foreign.applicant_fields()
    assert fields["document_type"] is DocumentType.FOREIGN_PERMANENT and fields["nationality"] == "USA"
    assert fields["name"] == "SMITH, JOHN" and "ethnicity" not in fields and "address" not in fields


def test_the_photo_stays_opaque_without_a_decoder():
    from counter_app.idcard.model import photo_image

    card = card_from_blocks(_resident_text(), b"WLT" + bytes(1021))

    class Decoder:
        def decode(self, photo: bytes) -> bytes:
            return b"BM" + photo[:3]

    assert photo_image(card) is None and photo_image(card, Decoder()) == b"BMWLT"


def test_a_photo_decoder_from_the_settings(tmp_path, monkeypatch):
    from counter_app.idcard.errors import PhotoDecoderUnavailable
    from counter_app.idcard.model import load_photo_decoder

    (tmp_path / "vendor_wlt.py").write_text(
        "class Decoder:\n    def decode(self, photo):\n        return b'BM' + photo[:3]\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert load_photo_decoder("") is None
    assert load_photo_decoder("vendor_wlt:Decoder").decode(b"WLT...") == b"BMWLT"
    for bad in ("no_such_vendor:Decoder", "vendor_wlt:Missing", "vendor_wlt:__name__"):
        with pytest.raises(PhotoDecoderUnavailable) as err:
            load_photo_decoder(bad)
        assert "idcard.photo_decoder" in err.value.message("en")
