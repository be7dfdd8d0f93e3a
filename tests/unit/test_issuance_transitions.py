"""The issuance state machine: every legal step of the diagram, and every other step refused.

The legal and illegal cases are generated from the table itself, so a row added to or removed
from ``TRANSITIONS`` is tested without anyone remembering to write a test for it.
"""

from __future__ import annotations

import itertools

import pytest

from counter_app.domain.issuance import (
    TERMINAL_STATES,
    TRANSITIONS,
    IllegalTransition,
    IssuanceAction,
    IssuanceState,
    allowed_actions,
    is_unfinished,
    needs_card_readback,
    next_state,
    requires_reason,
)
from counter_app.domain.problems import DomainError
from counter_app.store.schema import ISSUANCE_STATES

S, A = IssuanceState, IssuanceAction

LEGAL = sorted(TRANSITIONS.items())
ILLEGAL = [pair for pair in itertools.product(IssuanceState, IssuanceAction) if pair not in TRANSITIONS]


@pytest.mark.parametrize(("pair", "target"), LEGAL, ids=[f"{s}-{a}" for (s, a), _ in LEGAL])
def test_every_legal_transition_leads_to_its_state(pair, target):
    state, action = pair
    assert next_state(state, action) is target
    assert action in allowed_actions(state)


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_every_other_pair_is_refused_naming_state_and_action(state, action):
    with pytest.raises(IllegalTransition) as caught:
        next_state(state, action)
    error = caught.value
    assert isinstance(error, DomainError)
    assert (error.from_state, error.action) == (state, action)
    assert error.problem.code == "issuance.illegal_transition"
    assert state.zh in error.message("zh") and action.zh in error.message("zh")
    assert state.en in error.message("en") and action.en in error.message("en")
    assert action not in allowed_actions(state)


def test_the_happy_path_runs_from_draft_to_issued():
    path = [A.CHECK_APPLICANT, A.ACCEPT_PHOTO, A.START_ENCODING, A.FINISH_ENCODING,
            A.START_PRINTING, A.FINISH_PRINTING, A.HAND_OVER]
    state = S.DRAFT
    for action in path:
        state = next_state(state, action)
    assert state is S.ISSUED


def test_the_diagram_and_nothing_else():
    forward = {pair: to for pair, to in TRANSITIONS.items() if pair[1] is not A.CANCEL}
    assert forward == {
        (S.DRAFT, A.CHECK_APPLICANT): S.APPLICANT_OK,
        (S.APPLICANT_OK, A.ACCEPT_PHOTO): S.PHOTO_OK,
        (S.PHOTO_OK, A.START_ENCODING): S.ENCODING,
        (S.ENCODING, A.FINISH_ENCODING): S.ENCODED,
        (S.ENCODING, A.FAIL_ENCODING): S.ENCODE_FAILED,
        (S.ENCODE_FAILED, A.RETRY_ENCODING): S.ENCODING,
        (S.ENCODE_FAILED, A.SPOIL): S.SPOILED,
        (S.ENCODED, A.START_PRINTING): S.PRINTING,
        (S.ENCODED, A.SPOIL): S.SPOILED,
        (S.PRINTING, A.FINISH_PRINTING): S.PRINTED,
        (S.PRINTING, A.FAIL_PRINTING): S.PRINT_FAILED,
        (S.PRINT_FAILED, A.REPRINT): S.PRINTING,
        (S.PRINT_FAILED, A.SPOIL): S.SPOILED,
        (S.PRINTED, A.HAND_OVER): S.ISSUED,
    }


def test_every_unfinished_state_can_be_cancelled_and_terminal_ones_cannot_move():
    for state in IssuanceState:
        if state in TERMINAL_STATES:
            assert allowed_actions(state) == ()
        else:
            assert next_state(state, A.CANCEL) is S.CANCELLED
    assert TERMINAL_STATES == {S.ISSUED, S.SPOILED, S.CANCELLED}


def test_a_card_that_reached_encoded_never_goes_back_to_the_chip_writer():
    into_encoding = {pair[0] for pair, to in TRANSITIONS.items() if to is S.ENCODING}
    assert into_encoding == {S.PHOTO_OK, S.ENCODE_FAILED}
    assert next_state(S.PRINT_FAILED, A.REPRINT) is S.PRINTING


def test_unfinished_means_not_terminal():
    assert [s for s in IssuanceState if is_unfinished(s)] == [
        s for s in IssuanceState if s not in TERMINAL_STATES
    ]


def test_only_an_interrupted_chip_write_needs_a_card_readback():
    assert [s for s in IssuanceState if needs_card_readback(s)] == [S.ENCODING]


def test_cancel_and_spoil_need_a_reason():
    assert [a for a in IssuanceAction if requires_reason(a)] == [A.SPOIL, A.CANCEL]


def test_every_state_and_action_has_labels_in_both_languages():
    for item in (*IssuanceState, *IssuanceAction):
        assert item.label("zh") and item.label("en")
        assert item.label("zh") != item.label("en")


def test_the_database_accepts_exactly_the_states_of_the_machine():
    assert set(ISSUANCE_STATES) == {s.value for s in IssuanceState}
