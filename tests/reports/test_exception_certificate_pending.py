"""Cards handed over while the ledger's CA was away (certificate_state ``pending``) are listed among the
supervisor's exceptions — for information: nothing is approved or rejected, and an item leaves the list
by itself once a counter has finished the certificate step with the holder."""

from __future__ import annotations

import pytest

from counter_app.domain.issuance import CertificateState
from counter_app.services.exceptions import ExceptionKind, ExceptionProblem, ExceptionService
from counter_app.services.issuance import IssuanceService

from .history import write_history


def _certificates_wait(store, issuance_id: str) -> None:
    with store.transaction() as db:
        IssuanceService(store).set_certificate_state(db, issuance_id, CertificateState.PENDING)


def test_an_issued_card_whose_certificates_wait_is_listed_with_its_card_and_clerk(fresh_store, clock, boss):
    ids = write_history(fresh_store, clock)
    waiting = ids["issued"][0]
    _certificates_wait(fresh_store, waiting)

    items = ExceptionService(fresh_store).open_items(boss)
    [item] = [i for i in items if i.kind is ExceptionKind.CERTIFICATE_PENDING]
    issuance = IssuanceService(fresh_store).get(waiting)
    assert item.key == f"certificate_pending:{waiting}" and item.subject_id == waiting
    assert issuance.card_number in item.detail
    assert item.done_by == "clerk-a"  # who handed the card over
    assert item.kind.label("zh") == "证书待签发" and item.kind.label("en") == "certificate pending"
    assert not item.kind.decidable and ExceptionKind.SPOILED_CARD.decidable


def test_it_is_not_decided_and_a_batch_holding_it_decides_nothing(fresh_store, clock, boss):
    ids = write_history(fresh_store, clock)
    _certificates_wait(fresh_store, ids["issued"][0])
    service = ExceptionService(fresh_store)
    keys = [i.key for i in service.open_items(boss)]
    assert len(keys) == 2  # the spoiled card of the history, and the certificate

    with pytest.raises(ExceptionProblem) as refused:
        service.decide(boss, keys, approve=True, reason="seen")
    assert refused.value.problem.code == "exception.not_decidable"
    assert len(service.open_items(boss)) == 2


def test_it_leaves_the_list_when_the_certificates_are_issued(fresh_store, clock, boss):
    ids = write_history(fresh_store, clock)
    waiting = ids["issued"][0]
    _certificates_wait(fresh_store, waiting)
    with fresh_store.transaction() as db:  # what CertificateService records when it finishes the step
        IssuanceService(fresh_store).set_certificate_state(db, waiting, CertificateState.ISSUED)
    kinds = [i.kind for i in ExceptionService(fresh_store).open_items(boss)]
    assert ExceptionKind.CERTIFICATE_PENDING not in kinds
