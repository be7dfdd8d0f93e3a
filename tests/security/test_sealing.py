"""Sealed blobs: SM4-CBC with an HMAC-SM3 tag, naming the key that sealed them; the keyed blind index."""

from __future__ import annotations

import pytest

from counter_app.store import sealing
from counter_app.store.datakeys import DataKey, KeyDirectory
from counter_app.store.sealing import SealContext, SealedDataUnreadable

HERE = SealContext("issuances", "personal_data", "issuance-1")


def test_a_sealed_blob_names_its_key_and_opens_again(store):
    keys = sealing.active_keys()
    blob = sealing.seal("欧阳淑珍".encode(), HERE)
    assert blob[0] == sealing.VERSION and sealing.key_id_of(blob) == keys.active.key_id
    assert sealing.unseal(blob, HERE) == "欧阳淑珍".encode()


def test_the_same_data_seals_differently_each_time(store):
    assert sealing.seal(b"same", HERE) != sealing.seal(b"same", HERE)


@pytest.mark.parametrize("position", [0, 1, 12, 30, -40, -1])
def test_any_changed_byte_is_refused(store, position):
    blob = bytearray(sealing.seal(b"13912345678 and more data", HERE))
    blob[position] ^= 0x01
    with pytest.raises(SealedDataUnreadable):
        sealing.unseal(bytes(blob), HERE)


def test_a_blob_of_another_counter_is_refused(store):
    stranger = sealing.seal_with(DataKey.generate(), b"secret", HERE)
    with pytest.raises(SealedDataUnreadable):
        sealing.unseal(stranger, HERE)


@pytest.mark.parametrize("elsewhere", [
    SealContext("issuances", "personal_data", "issuance-2"),   # another row
    SealContext("issuances", "photo", "issuance-1"),           # another column
    SealContext("approvals", "personal_data", "issuance-1"),   # another table
])
def test_a_blob_opens_only_in_its_own_place(store, elsewhere):
    blob = sealing.seal(b"13912345678", HERE)
    with pytest.raises(SealedDataUnreadable):
        sealing.unseal(blob, elsewhere)


def test_an_old_blob_without_its_place_opens_only_for_the_migration(store):
    old = sealing.seal_with(sealing.active_keys().active, b"13912345678")  # the 0xA1 form
    assert sealing.is_legacy(old)
    with pytest.raises(SealedDataUnreadable):
        sealing.unseal(old, HERE)
    assert sealing.unseal(old, HERE, legacy=True) == b"13912345678"


def test_the_person_index_is_keyed_and_stable(store):
    index = sealing.person_index("110101198806180041")
    assert len(index) == 64 and index == sealing.person_index(" 110101198806180041 ")
    assert index != sealing.legacy_person_index("110101198806180041")  # unkeyed SM3 would be guessable


def test_counters_of_one_district_compute_the_same_index(tmp_path, store):
    """The district key is provisioned to every counter: same key, same index, so the ledger can
    match one person's issuances across counters."""
    here = sealing.person_index("110101198806180041")
    other = KeyDirectory(tmp_path / "other-counter" / "keys")
    other.keys_dir.mkdir(parents=True)
    other.index_key_file.write_bytes(sealing.active_keys().index_key.hex().encode())  # provisioned as hex
    theirs = other.load()
    assert theirs.active.key_id != sealing.active_keys().active.key_id  # each counter its own data key
    assert sealing.hmac_sm3(theirs.index_key, b"110101198806180041").hex() == here


def test_hmac_sm3_matches_the_standard_library_construction(store):
    import hmac

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as chmac

    h = chmac.HMAC(b"k" * 20, hashes.SM3())
    h.update(b"message")
    assert sealing.hmac_sm3(b"k" * 20, b"message") == h.finalize()
    assert hmac.compare_digest(sealing.hmac_sm3(b"k" * 80, b"m"), sealing.hmac_sm3(b"k" * 80, b"m"))


def test_the_person_index_uses_the_domains_normaliser(store):
    """Full-width digits (an IME in full-width mode), a lower-case x and any white space give the same
    index as the stored form, so the ledger finds the person whatever way the number was typed."""
    from counter_app.domain.idnumbers import normalize_id_number

    stored = "42130319900307001X"
    index = sealing.person_index(stored)
    for typed in ("４２１３０３１９９００３０７００１Ｘ", "42130319900307001x", "４２１３０３１９９００３０７００１ｘ",
                  "421303 19900307 001x", "\u3000421303199003070０1X\u00a0"):
        assert normalize_id_number(typed) == stored
        assert sealing.person_index(typed) == index, typed
