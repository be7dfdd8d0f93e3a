"""One issuance through :class:`IssuanceFlow` alone, as the clerk's window drives it: what each view shows
(page, prompt, choices) and what the flow says follows by itself (``then``: write when the card is in,
print right after the write), over the real services and the simulated card in process. No Qt."""

from __future__ import annotations

from counter_app.card.errors import CardRemoved
from counter_app.domain.issuance import IssuanceState
from counter_app.services import flow_prompts
from counter_app.services.flow import After, Choice, FlowStep
from tests.support.store import sample_applicant

S = IssuanceState


def to_review(flow):
    view = flow.new()
    assert view.step is FlowStep.APPLICANT and view.issuance is None
    view = flow.submit_applicant(sample_applicant())
    assert view.error is None, view.zh
    assert view.step is FlowStep.PHOTO and view.issuance.state is S.APPLICANT_OK
    view = flow.accept_photo(None)
    assert view.step is FlowStep.REVIEW and view.issuance.state is S.PHOTO_OK
    assert view.then is After.NOTHING  # nothing is written before the clerk confirms the review
    return view


def test_new_applicant_photo_encode_print_hand_over(flow, encoder, printer):
    to_review(flow)
    view = flow.confirm_review()
    # The encode page, waiting for a blank card: the write starts by itself once one is in.
    assert view.step is FlowStep.ENCODE and view.then is After.ENCODE_ON_CARD
    assert view.choices == (Choice.CANCEL,)
    assert view.prompt is flow_prompts.INSERT_BLANK and "插入" in view.prompt("zh")
    assert view.wait.blank_may_be_inserted and not view.wait.take_out_first and not view.wait.new_insertion

    encoder.insert_blank()
    steps = []
    view = flow.encode(on_progress=lambda step, i, n: steps.append(i))
    assert view.error is None and view.issuance.state is S.ENCODED and view.issuance.card_number
    assert steps and steps == sorted(steps)
    assert view.step is FlowStep.PRINT and view.then is After.PRINT  # auto-print

    view = flow.print_card()
    assert view.issuance.state is S.PRINTED and len(printer.jobs) == 1
    assert view.step is FlowStep.HANDOVER and view.then is After.NOTHING
    assert view.choices[0] is Choice.SET_PIN and Choice.HAND_OVER not in view.choices
    assert view.prompt is flow_prompts.HOLDER_PIN_FIRST

    view = flow.set_holder_pin(bytearray(b"135790"))
    assert view.issuance.holder_pin_set, view.zh
    assert view.choices[0] is Choice.HAND_OVER and view.prompt is flow_prompts.HAND_OVER_NOW

    view = flow.hand_over()
    assert view.issuance.state is S.ISSUED and view.step is FlowStep.DONE
    assert view.choices == () and "发放" in view.prompt("zh") and view.prompt("en")


def test_a_card_pulled_mid_write_is_asked_back_and_the_write_resumes_on_it(flow, encoder):
    to_review(flow)
    flow.confirm_review()
    card = encoder.insert_blank()
    encoder.tear_after = 20  # the clerk pulls the card after 20 APDUs
    view = flow.encode()
    assert isinstance(view.error, CardRemoved) and view.issuance.state is S.ENCODE_FAILED
    # Not the failure page's choices: the flow waits for the same card and goes on by itself.
    assert view.step is FlowStep.ENCODE and view.then is After.ENCODE_ON_CARD
    assert view.prompt is flow_prompts.PUT_CARD_BACK and view.message("zh")
    assert view.wait.new_insertion  # the card the encoder last reported is the one that was pulled
    assert not view.wait.blank_may_be_inserted  # the write began on that chip: no blank may finish it
    assert view.issuance.card_id

    encoder.insert(card)
    view = flow.encode()
    assert view.error is None and view.issuance.state is S.ENCODED and view.then is After.PRINT


def test_auto_print_follows_the_write_only(flow, encoder, services):
    to_review(flow)
    encoder.insert_blank()
    view = flow.encode()
    assert view.then is After.PRINT
    # Reopened later (another session, after a crash): the clerk prints; nothing starts by itself.
    again = type(flow)(services, flow.session).resume(view.issuance.id)
    assert again.step is FlowStep.PRINT and again.then is After.NOTHING and again.choices[0] is Choice.PRINT


def test_a_print_failure_is_reprinted_without_writing_the_chip_again(flow, encoder, printer):
    to_review(flow)
    card = encoder.insert_blank()
    flow.encode()
    chip = card.read_bytes()
    opened = []
    real_open = encoder.open_card
    encoder.open_card = lambda: opened.append(1) or real_open()

    printer.offline = True
    view = flow.print_card()
    assert view.issuance.state is S.PRINT_FAILED and "暂停" in view.message("zh")  # an outcome, not a raise
    assert view.choices[0] is Choice.REPRINT
    assert Choice.RETRY not in view.choices and Choice.START_ENCODING not in view.choices
    assert view.then is After.NOTHING and view.prompt is flow_prompts.PRINT_FAILED

    printer.offline = False
    view = flow.print_card(reprint=True)
    assert view.issuance.state is S.PRINTED and view.step is FlowStep.HANDOVER
    assert opened == [] and card.read_bytes() == chip  # the chip was not touched by the reprint


def test_another_card_waits_for_the_one_in_the_encoder_to_come_out(flow, encoder):
    to_review(flow)
    view = flow.want_card(another_card=True)
    assert view.then is After.ENCODE_ON_CARD and view.wait.take_out_first
    assert view.choices == (Choice.CANCEL,)


def test_a_resumed_interrupted_write_waits_for_the_same_card(flow, encoder, services):
    to_review(flow)
    card = encoder.insert_blank()
    encoder.tear_after = 20
    flow.encode()
    # The app stopped: the next session reopens the issuance (encode_failed, chip identity known).
    view = type(flow)(services, flow.session).resume(flow.issuance.id)
    assert view.step is FlowStep.ENCODE and view.issuance.state is S.ENCODE_FAILED
    assert view.then is After.NOTHING and view.choices[0] is Choice.RETRY
    encoder.insert(card)
