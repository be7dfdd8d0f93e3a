"""Every change of an issuance row goes through the repository's versioned update, also the changes that
keep its state: the chip noted before a write, the holder's PIN set, the certificate substate. So
``version`` counts them, and a writer holding an older version is refused instead of overwriting."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.issuance import CertificateState, IssuanceAction, IssuanceState
from counter_app.services.issuance import IssuanceService
from counter_app.store.issuances import IssuanceRepository

A = IssuanceAction
CARD_ID = "421303D15600000500AABBCCDDEEFF01"
AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def printed(service: IssuanceService, applicant) -> str:
    issuance_id = service.start(applicant, "clerk-1")
    for action in (A.CHECK_APPLICANT, A.ACCEPT_PHOTO):
        service.advance(issuance_id, action, "clerk-1")
    service.advance(issuance_id, A.START_ENCODING, "clerk-1", card_number="X00000019")
    service.note_chip(issuance_id, CARD_ID)
    service.advance(issuance_id, A.FINISH_ENCODING, "clerk-1", card_id=CARD_ID, atr="3B6D00000081")
    for action in (A.START_PRINTING, A.FINISH_PRINTING):
        service.advance(issuance_id, action, "clerk-1")
    return issuance_id


def test_the_chip_noted_the_holder_pin_and_the_certificate_state_each_count_as_a_change(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = printed(service, applicant)
    before = service.get(issuance_id)
    assert before.version == 8  # seven transitions after the start, and the chip noted once
    with fresh_store.transaction() as db:
        assert service.record_holder_pin(db, CARD_ID, AT) == issuance_id
    pinned = service.get(issuance_id)
    assert pinned.state is IssuanceState.PRINTED and pinned.holder_pin_set_at == AT
    assert pinned.version == before.version + 1

    with fresh_store.transaction() as db:  # not issued yet: the substate is left alone
        service.set_certificate_state(db, issuance_id, CertificateState.PENDING)
    assert service.get(issuance_id).version == pinned.version and service.get(issuance_id).certificate_state is None

    service.advance(issuance_id, A.HAND_OVER, "clerk-1")
    with fresh_store.transaction() as db:
        service.set_certificate_state(db, issuance_id, CertificateState.PENDING)
    issued = service.get(issuance_id)
    assert issued.certificate_state is CertificateState.PENDING and issued.version == pinned.version + 2
    assert [i.id for i in service.list_certificate_pending()] == [issuance_id]


def test_a_stale_version_is_refused_by_the_repository(fresh_store, applicant):
    service = IssuanceService(fresh_store)
    issuance_id = printed(service, applicant)
    stale = service.get(issuance_id).version - 1
    with fresh_store.transaction() as db:
        assert not IssuanceRepository(db).update(issuance_id, expected_version=stale, state=IssuanceState.PRINTED,
                                                 at=AT, fields={"holder_pin_set_at": AT})
    assert service.get(issuance_id).holder_pin_set_at is None
    with pytest.raises(ValueError):
        with fresh_store.transaction() as db:
            IssuanceRepository(db).update(issuance_id, expected_version=stale + 1, state=IssuanceState.PRINTED,
                                          at=AT, fields={"personal_data": b"x"})


def test_noting_another_chip_is_refused_and_changes_nothing(fresh_store, applicant):
    from counter_app.services.issuance import CardFieldConflict

    service = IssuanceService(fresh_store)
    issuance_id = printed(service, applicant)
    version = service.get(issuance_id).version
    service.note_chip(issuance_id, CARD_ID)  # the same chip: nothing to change
    assert service.get(issuance_id).version == version
    with pytest.raises(CardFieldConflict):
        service.note_chip(issuance_id, "421303D15600000500AABBCCDDEEFF02")
