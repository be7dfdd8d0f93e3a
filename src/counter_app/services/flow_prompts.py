"""What the clerk is asked and offered at each moment of the issuance: the choices, the page prompts.

Qt-free and without services: :func:`choices_for` and :func:`prompt_for` read only the issuance (and
the error that ended the last step). :class:`~counter_app.services.flow.IssuanceFlow` puts them in each
:class:`~counter_app.services.flow.FlowView`; the GUI shows them (the encode and print pages also show
:data:`WRITING` and :data:`PRINTING` while a job runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app.card import errors as card_errors
from counter_app.domain.issuance import Issuance, IssuanceState
from counter_app.domain.problems import pick

S = IssuanceState


class Choice(StrEnum):
    """What the clerk may do next on the encode and print pages."""

    START_ENCODING = "start_encoding"     # a card is in the encoder: write it
    RETRY = "retry"                       # the same card again
    ANOTHER_CARD = "another_card"         # take this card out, put another (untouched) one in
    SPOIL = "spoil"                       # set this card aside as spoiled, with a reason
    RESTART = "restart"                   # after a spoiled card: a new issuance, same applicant and photo
    PRINT = "print"
    REPRINT = "reprint"
    PRINT_CAME_OUT = "print_came_out"     # after a crash while printing: the card did come out printed
    SET_PIN = "set_pin"                   # the holder chooses their own PIN (before hand-over)
    HAND_OVER = "hand_over"
    HAND_OVER_TO_AGENT = "hand_over_to_agent"  # the recorded agent collects it: the card stays 未启用
    REFUND = "refund"                     # after a spoiled card the applicant does not wait: the fee back
    CANCEL = "cancel"


# Failures where nothing was written to the card (it was refused before any write): another card
# may simply be used for the same issuance, without spoiling the first.
_UNTOUCHED = (card_errors.WrongCard, card_errors.PsamMissing, card_errors.PsamKeyMismatch,
              card_errors.NoCard, card_errors.ReaderNotFound, card_errors.PcscUnavailable)
# Failures that mean "the card went away": put it back and the write resumes by itself.
CARD_GONE = (card_errors.CardRemoved, card_errors.NoCard)


def choices_for(issuance: Issuance | None, error: BaseException | None = None) -> tuple[Choice, ...]:
    """The choices that make sense for ``issuance`` as it stands (after ``error``, if any)."""
    if issuance is None:
        return ()
    state = issuance.state
    cancel = (Choice.CANCEL,) if issuance.is_unfinished else ()
    if state in (S.PHOTO_OK, S.ENCODING):
        return (Choice.START_ENCODING, *cancel)
    if state is S.ENCODE_FAILED:
        if isinstance(error, _UNTOUCHED):
            return (Choice.ANOTHER_CARD, Choice.RETRY, Choice.SPOIL, *cancel)
        return (Choice.RETRY, Choice.ANOTHER_CARD, Choice.SPOIL, *cancel)
    if state is S.ENCODED:
        return (Choice.PRINT, Choice.SPOIL, *cancel)
    if state is S.PRINTING:
        # Only after a crash or a lost job: the clerk looks at the printer and says what happened.
        return (Choice.PRINT_CAME_OUT, Choice.REPRINT, *cancel)
    if state is S.PRINT_FAILED:
        return (Choice.REPRINT, Choice.SPOIL, *cancel)
    if state is S.PRINTED:
        # An agent recorded with the application may collect the card instead of the holder: no PIN is set
        # then (the holder sets it when activating the card in person).
        recorded = getattr(issuance.applicant, "agent", None)
        agent = (Choice.HAND_OVER_TO_AGENT,) if recorded is not None and recorded.may_collect else ()
        if not issuance.holder_pin_set:
            return (Choice.SET_PIN, *agent, *cancel)
        # Not SET_PIN again: the card no longer has the initial PIN, and a CHANGE PIN from it would spend
        # one of the holder's tries. A later change is a card service (old PIN, new PIN).
        return (Choice.HAND_OVER, *cancel)
    if state is S.SPOILED:
        return (Choice.RESTART,)
    return cancel


@dataclass(frozen=True)
class Text:
    """A message for the clerk in both languages."""

    zh: str = ""
    en: str = ""

    def __call__(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)


# The page's prompt for each moment of the flow (the encode, print, hand-over and done pages).
INSERT_BLANK = Text("请插入一张空白卡。插入后自动开始写卡。", "Insert a blank card. The write starts as soon as it is in.")
INSERT_BLANK_IDLE = Text("请插入一张空白卡。", "Insert a blank card.")
TAKE_OUT_FIRST = Text("请取出写卡器中的卡，再插入另一张空白卡。",
                      "Take the card out of the encoder, then insert another blank card.")
RESUME_SAME_CARD = Text("上次写卡被中断：请插入同一张卡，将先回读再继续。",
                        "The last chip write was interrupted: insert the same card; it is read back first, "
                        "then completed.")
PUT_CARD_BACK = Text("卡片被取出：请将同一张卡重新插入写卡器，写卡将自动继续。",
                     "The card was taken out: insert the same card again and the write goes on by itself.")
WRITING = Text("正在写卡，请勿取卡…", "Writing the chip: do not remove the card…")
WRITE_FAILED = Text("写卡失败。请选择：重试、换一张卡，或将此卡登记为废卡。",
                    "The chip write failed. Choose: retry, another card, or record this card as spoiled.")
READY_TO_PRINT = Text("芯片已写好并核验。请将卡放入打印机打印卡面。",
                      "The chip is written and verified. Put the card in the printer for the face.")
PRINTING = Text("正在打印卡面…", "Printing the card face…")
PRINT_FAILED = Text("打印失败。排除故障后重新打印（芯片不会重写），或登记废卡。",
                    "The print failed. Fix the printer and reprint (the chip is not written again), or record "
                    "the card as spoiled.")
PRINT_UNKNOWN = Text("打印结果不确定，请查看打印机。", "The print's outcome is unknown: look at the printer.")
HOLDER_PIN_FIRST = Text("发放前请持卡人设置自己的密码：将卡片插入写卡器，请持卡人在面向其的密码键盘上输入新密码两次 (F7)。",
                        "Before hand-over the holder chooses their own PIN: put the card in the encoder and have "
                        "the holder type a new PIN twice on the pad facing them (F7).")
HAND_OVER_NOW = Text("请将卡片交给申请人，核对姓名与照片后确认发放。",
                     "Give the card to the applicant, check name and photo, then confirm the hand-over.")
_DONE = {S.ISSUED: Text("卡片已发放，制卡完成。", "The card was handed over: issuance complete."),
         S.SPOILED: Text("此卡已登记为废卡。", "The card was recorded as spoiled."),
         S.CANCELLED: Text("本次制卡已取消。", "This issuance was cancelled.")}


def prompt_for(issuance: Issuance | None, error: BaseException | None = None, *, waiting: bool = False,
               resumed: bool = False) -> Text:
    """The page's prompt for ``issuance`` as it stands (``waiting``: the flow waits for a card to write)."""
    if issuance is None:
        return Text()
    state = issuance.state
    if state is S.PHOTO_OK:
        return INSERT_BLANK if waiting else INSERT_BLANK_IDLE
    if state is S.ENCODING:
        return RESUME_SAME_CARD
    if state is S.ENCODE_FAILED:
        if isinstance(error, CARD_GONE):
            return PUT_CARD_BACK
        return INSERT_BLANK if waiting else WRITE_FAILED
    if state is S.ENCODED:
        return READY_TO_PRINT
    if state is S.PRINT_FAILED:
        return PRINT_FAILED
    if state is S.PRINTING:
        return PRINT_UNKNOWN
    if state is S.PRINTED:
        return HAND_OVER_NOW if issuance.holder_pin_set else HOLDER_PIN_FIRST
    return _DONE.get(state, Text())


def fee_prompt(amount_fen: int, status: str) -> Text:
    """The fee page's prompt: what is due and how it may be paid (or that a QR payment is open)."""
    from counter_app.domain.fees import yuan

    if status == "pending":
        return Text(f"等待申请人扫码支付 {yuan(amount_fen)} 元…", f"Waiting for the applicant's QR payment of "
                    f"{yuan(amount_fen)} yuan…")
    return Text(f"本次业务需缴费 {yuan(amount_fen)} 元：请选择扫码支付或现金；符合减免条件的可办理减免。写卡在缴清后开始。",
                f"This application costs {yuan(amount_fen)} yuan: take a QR or cash payment, or waive it where a "
                f"waiver applies. The chip is written once it is settled.")
