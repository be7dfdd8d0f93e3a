"""One chip write unseals the issuance's personal data once, however often the write reads the issuance.

The write reads the issuance before it starts, at each transition (claim the card number, note the chip,
finish) and after each; each read used to unseal and parse the same blob again (seven times). Counted
here at the store's one call of ``unseal``, over the in-process card and PSAM.
"""

from __future__ import annotations

from collections import Counter

import pytest

from counter_app.services.issuance import IssuanceService
from counter_app.store import issuances as issuance_rows
from tests.unit.test_encoding_service import OPERATOR, ready_issuance, service


@pytest.fixture
def unseals(monkeypatch) -> Counter:
    """How often each sealed column of ``issuances`` was unsealed (``personal_data``, ``photo``)."""
    counted: Counter = Counter()
    real = issuance_rows.unseal

    def counting(sealed, context, **kwargs):
        counted[context.column] += 1
        return real(sealed, context, **kwargs)

    monkeypatch.setattr(issuance_rows, "unseal", counting)
    return counted


def test_one_personalization_unseals_the_personal_data_once(fresh_store, applicant, inprocess_encoder, unseals):
    issuance_id = ready_issuance(fresh_store, applicant)
    unseals.clear()
    outcome = service(fresh_store, inprocess_encoder).encode(OPERATOR, issuance_id)
    assert outcome.result.card_id
    assert unseals["personal_data"] == 1

    # Outside an operation nothing is kept: every read unseals afresh (the count above means something).
    issuances = IssuanceService(fresh_store)
    issuances.get(issuance_id)
    issuances.get(issuance_id)
    assert unseals["personal_data"] == 3


def test_a_resumed_write_after_a_torn_one_also_unseals_once(fresh_store, applicant, inprocess_encoder, unseals):
    from counter_app.card.errors import CardRemoved

    issuance_id = ready_issuance(fresh_store, applicant)
    inprocess_encoder.tear_after = 12
    with pytest.raises(CardRemoved):
        service(fresh_store, inprocess_encoder).encode(OPERATOR, issuance_id)
    unseals.clear()
    service(fresh_store, inprocess_encoder).resume(OPERATOR, issuance_id)
    assert unseals["personal_data"] == 1
