"""The issuance state machine: which step an issuance is at and which steps may follow.

One issuance is one applicant's card, from the draft at the counter to the card in the holder's
hand. Its progress is a state; every change of state is a named action, and the only legal
changes are the rows of :data:`TRANSITIONS` (the diagram in ``ARCHITECTURE.md``)::

    draft ─> applicant_ok ─> photo_ok ─> encoding ─> encoded ─> printing ─> printed ─> issued
                                          │  ^          │                    │
                                          v  │          v                    v
                                     encode_failed ─> spoiled <───────── print_failed
    any state that is not terminal ─> cancelled

Decisions worth knowing:

- ``encoded ─spoil─> spoiled``: a card whose chip was written and verified can still be found
  physically damaged (bent, scratched, refused by the printer's feeder) before it is printed.
  Printing it anyway would hand out a bad card, and writing the chip again is never allowed, so
  the only honest way on is to set the card aside as spoiled, with its chip identity. A printed
  card is not spoiled through this path: once printed, the clerk either hands it over or cancels.
- Retrying a failed chip write and repeating a failed print are their own actions
  (``retry_encoding``, ``reprint``) so the event log tells first attempts from repeats. A
  reprint goes to ``printing`` only: the chip of a card that reached ``encoded`` is never
  written again.
- ``cancel`` and ``spoil`` are the clerk's explicit decisions and need a reason
  (:func:`requires_reason`); the issuance-flow spec says nothing may be left half-marked.

Pure Python: no I/O, no Qt, nothing of the project but ``problems`` and ``applicant``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.applicant import Applicant
from counter_app.domain.problems import DomainError, Problem, pick


class IssuanceState(StrEnum):
    """Where an issuance is. The values are stored in the database: never rename one."""

    DRAFT = "draft"
    APPLICANT_OK = "applicant_ok"
    PHOTO_OK = "photo_ok"
    ENCODING = "encoding"
    ENCODED = "encoded"
    PRINTING = "printing"
    PRINTED = "printed"
    ISSUED = "issued"
    ENCODE_FAILED = "encode_failed"
    PRINT_FAILED = "print_failed"
    SPOILED = "spoiled"
    CANCELLED = "cancelled"

    @property
    def zh(self) -> str:
        return _STATE_LABELS[self][0]

    @property
    def en(self) -> str:
        return _STATE_LABELS[self][1]

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)


class CertificateState(StrEnum):
    """The third-generation certificate step: a substate of ``issued`` (ARCHITECTURE.md, hand-over).

    A card is handed over once its holder set their own PIN; its certificates come from the ledger's
    CA in the same sitting when the ledger answers. When it does not, the card is ``issued`` with the
    certificate step ``pending``: the holder keeps the card (the SSC application works without the
    PKI one) and any counter finishes the step when the card is presented again."""

    PENDING = "pending"
    ISSUED = "issued"

    def label(self, lang: str = "zh") -> str:
        return pick(lang, *{"pending": ("证书待签发", "certificate pending"),
                            "issued": ("证书已签发", "certificate issued")}[self.value])


class IssuanceAction(StrEnum):
    """What moves an issuance from one state to the next. Stored in events: never rename one."""

    CHECK_APPLICANT = "check_applicant"   # the applicant's data passed validation
    ACCEPT_PHOTO = "accept_photo"         # the photo meets the card photo standard
    START_ENCODING = "start_encoding"     # a blank card is in the encoder, the chip write begins
    FINISH_ENCODING = "finish_encoding"   # every written element read back and compared equal
    FAIL_ENCODING = "fail_encoding"       # the chip write or its read-back failed
    RETRY_ENCODING = "retry_encoding"     # try the same card again after a failed write
    START_PRINTING = "start_printing"     # the encoded card goes to the printer
    FINISH_PRINTING = "finish_printing"   # the printed card came out and looks right
    FAIL_PRINTING = "fail_printing"       # the printer failed or the print is unusable
    REPRINT = "reprint"                   # print the same, already encoded card again
    HAND_OVER = "hand_over"               # the holder received the card (PIN set, 启用)
    SPOIL = "spoil"                       # the card is set aside as unusable
    CANCEL = "cancel"                     # the issuance is abandoned

    @property
    def zh(self) -> str:
        return _ACTION_LABELS[self][0]

    @property
    def en(self) -> str:
        return _ACTION_LABELS[self][1]

    def label(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)


_STATE_LABELS: dict[IssuanceState, tuple[str, str]] = {
    IssuanceState.DRAFT: ("草稿", "draft"),
    IssuanceState.APPLICANT_OK: ("信息已核验", "applicant checked"),
    IssuanceState.PHOTO_OK: ("照片已采集", "photo accepted"),
    IssuanceState.ENCODING: ("正在写卡", "writing chip"),
    IssuanceState.ENCODED: ("写卡完成", "chip written"),
    IssuanceState.PRINTING: ("正在打印", "printing"),
    IssuanceState.PRINTED: ("打印完成", "printed"),
    IssuanceState.ISSUED: ("已发卡", "issued"),
    IssuanceState.ENCODE_FAILED: ("写卡失败", "chip write failed"),
    IssuanceState.PRINT_FAILED: ("打印失败", "print failed"),
    IssuanceState.SPOILED: ("已作废", "spoiled"),
    IssuanceState.CANCELLED: ("已取消", "cancelled"),
}

_ACTION_LABELS: dict[IssuanceAction, tuple[str, str]] = {
    IssuanceAction.CHECK_APPLICANT: ("核验申请人信息", "check applicant"),
    IssuanceAction.ACCEPT_PHOTO: ("确认照片", "accept photo"),
    IssuanceAction.START_ENCODING: ("开始写卡", "start writing chip"),
    IssuanceAction.FINISH_ENCODING: ("完成写卡", "finish writing chip"),
    IssuanceAction.FAIL_ENCODING: ("记录写卡失败", "record chip write failure"),
    IssuanceAction.RETRY_ENCODING: ("重新写卡", "retry writing chip"),
    IssuanceAction.START_PRINTING: ("开始打印", "start printing"),
    IssuanceAction.FINISH_PRINTING: ("完成打印", "finish printing"),
    IssuanceAction.FAIL_PRINTING: ("记录打印失败", "record print failure"),
    IssuanceAction.REPRINT: ("重新打印", "reprint"),
    IssuanceAction.HAND_OVER: ("发放卡片", "hand over card"),
    IssuanceAction.SPOIL: ("作废卡片", "spoil card"),
    IssuanceAction.CANCEL: ("取消制卡", "cancel issuance"),
}

S = IssuanceState
A = IssuanceAction

TERMINAL_STATES: frozenset[IssuanceState] = frozenset({S.ISSUED, S.SPOILED, S.CANCELLED})

_FORWARD: dict[tuple[IssuanceState, IssuanceAction], IssuanceState] = {
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

TRANSITIONS: dict[tuple[IssuanceState, IssuanceAction], IssuanceState] = {
    **_FORWARD,
    **{(state, A.CANCEL): S.CANCELLED for state in IssuanceState if state not in TERMINAL_STATES},
}
"""Every legal (state, action) → next state. Anything not here is an :class:`IllegalTransition`."""

_REASON_REQUIRED: frozenset[IssuanceAction] = frozenset({A.CANCEL, A.SPOIL})


class IllegalTransition(DomainError):
    """An action was attempted that the issuance's current state does not allow."""

    def __init__(self, from_state: IssuanceState, action: IssuanceAction):
        self.from_state = from_state
        self.action = action
        super().__init__(
            Problem(
                "issuance.illegal_transition",
                f"当前状态为“{from_state.zh}”，不能执行“{action.zh}”。",
                f"An issuance in state '{from_state.en}' ({from_state.value}) cannot take "
                f"the action '{action.en}' ({action.value}).",
            )
        )


class ReasonRequired(DomainError):
    """``cancel`` and ``spoil`` were attempted without saying why."""

    def __init__(self, action: IssuanceAction):
        self.action = action
        super().__init__(
            Problem(
                "issuance.reason_required",
                f"“{action.zh}”必须填写原因。",
                f"The action '{action.en}' needs a reason.",
                field="reason",
            )
        )


def next_state(state: IssuanceState, action: IssuanceAction) -> IssuanceState:
    """The state ``action`` leads to from ``state``; :class:`IllegalTransition` if it may not."""
    try:
        return TRANSITIONS[(IssuanceState(state), IssuanceAction(action))]
    except KeyError:
        raise IllegalTransition(IssuanceState(state), IssuanceAction(action)) from None


def allowed_actions(state: IssuanceState) -> tuple[IssuanceAction, ...]:
    """The actions the state allows, in the enum's order (what a screen may offer)."""
    return tuple(a for a in IssuanceAction if (state, a) in TRANSITIONS)


def is_terminal(state: IssuanceState) -> bool:
    return IssuanceState(state) in TERMINAL_STATES


def is_unfinished(state: IssuanceState) -> bool:
    """True while the issuance still waits for the clerk: resumed at start, listed on the start screen."""
    return not is_terminal(state)


def needs_card_readback(state: IssuanceState) -> bool:
    """True when the card's content is unknown and must be read back before deciding.

    An issuance found in ``encoding`` when the app (re)starts was interrupted mid-write: the
    chip may be blank, half-written or complete. Only a read-back and compare tells whether the
    next action is ``finish_encoding`` or ``fail_encoding``.
    """
    return IssuanceState(state) is IssuanceState.ENCODING


def requires_reason(action: IssuanceAction) -> bool:
    """The clerk's explicit decisions (``cancel``, ``spoil``) must say why."""
    return IssuanceAction(action) in _REASON_REQUIRED


@dataclass(frozen=True, slots=True)
class Issuance:
    """One issuance as the services see it: its state, the applicant and the card it got.

    ``version`` counts the changes: a screen that shows version *n* can ask for its action to
    happen only if nobody changed the issuance meanwhile. Times are timezone-aware (UTC).
    """

    id: str
    state: IssuanceState
    applicant: Applicant
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    clerk: str | None = None
    card_number: str | None = None
    card_id: str | None = None
    atr: str | None = None
    failure_reason: str | None = None
    has_photo: bool = False
    holder_pin_set_at: dt.datetime | None = None
    certificate_state: CertificateState | None = None

    @property
    def is_unfinished(self) -> bool:
        return is_unfinished(self.state)

    @property
    def needs_card_readback(self) -> bool:
        return needs_card_readback(self.state)

    @property
    def holder_pin_set(self) -> bool:
        """The holder chose their own PIN on this issuance's card: hand-over may happen."""
        return self.holder_pin_set_at is not None

    @property
    def certificate_pending(self) -> bool:
        return self.state is IssuanceState.ISSUED and self.certificate_state is CertificateState.PENDING
