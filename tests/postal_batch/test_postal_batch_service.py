"""The postal batch over a fresh counter, the simulated card in process and a fake ledger: three approved postal
applications made unattended, one card pulled out mid-write (spoiled, the next blank used for the same
application), the papers printed, the tracking numbers recorded and the cards posted (not activated, initial PIN)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from counter_app.domain.issuance import IssuanceState
from counter_app.services.auth import PermissionDenied, Role
from counter_app.services.postal_batch import (
    BatchPaused,
    InvalidTrackingNumber,
    PostalBatchProblem,
    PostalBatchService,
    mask_mobile,
    mask_name,
    normalize_tracking,
)
from tests.postal_batch.conftest import CLERK
from tests.postal_batch.support import FakeLedger, applications

S = IssuanceState


def progress_events(services) -> list[dict]:
    rows = services.store.db.execute("SELECT payload FROM outbox WHERE type = 'online_application.progress'"
                                     " ORDER BY seq").fetchall()
    return [json.loads(r[0]) for r in rows]


def card_status(services, number):
    row = services.store.db.execute("SELECT status FROM card_statuses WHERE card_number = ?", (number,)).fetchone()
    return row[0] if row else None


def produce_all(batches, count=3):
    batch = batches.start(CLERK, count)
    seen = []
    batch = batches.produce(CLERK, batch.batch_id, on_progress=seen.append)
    return batch, seen


def test_a_batch_of_three_with_one_spoiled_card_makes_three_cards_and_posts_them(batches, services, feeder, printer):
    feeder.tear = {2}  # the second blank is pulled out mid-write
    batch, seen = produce_all(batches)
    assert batch.state == "produced"
    assert [i.state for i in batch.items] == ["done", "done", "done"], [i.reason for i in batch.items]
    assert feeder.fed == 4  # three cards made, one spoiled
    second = batch.items[1]
    assert second.card_failures == 1
    # the spoiled card: its issuance spoiled with its chip and reason; the new one restarted from it
    spoiled = [i for i in services.issuances.list_for_day(batch.created_at.astimezone().date())
               if i.state is S.SPOILED]
    assert len(spoiled) == 1 and spoiled[0].card_id and spoiled[0].failure_reason
    history = [e.action for e in services.issuances.history(second.issuance_id)]
    assert "start_encoding" in history and history[-1] == "finish_printing"
    assert services.stock.compute_status().spoiled == 1
    void = services.store.db.execute("SELECT count(*) FROM outbox WHERE type = 'card_number.void'").fetchone()[0]
    assert void == 1
    assert len({i.card_number for i in batch.items}) == 3 and spoiled[0].card_number not in {
        i.card_number for i in batch.items}
    # the page's rows went through writing, printing and spoiled → retry
    states_of_second = [v.state for v in seen if v.app_id == second.app_id]
    assert "retry" in states_of_second and states_of_second[-1] == "done"
    # in_production once per application (the retry is the same production)
    events = progress_events(services)
    assert [(e["app_id"], e["status"]) for e in events] == [(i.app_id, "in_production") for i in batch.items]

    outcome = batches.print_documents(CLERK, batch.batch_id)
    assert outcome.ok and printer.jobs[-4:] == ["postal-manifest"] + ["postal-label"] * 3
    manifest = batches.manifest(batch.batch_id)
    assert [r.card_number for r in manifest.rows] == [i.card_number for i in batch.items]
    assert manifest.rows[0].masked_name == "王**" and "王小明" not in json.dumps(dataclasses.asdict(manifest),
                                                                                ensure_ascii=False)
    label = batches.labels(batch.batch_id)[2]
    assert label.recipient == "欧阳春" and label.masked_mobile == "139****0002" and "沿河大道" in label.address

    for n, item in enumerate(batch.items):
        batches.record_tracking(CLERK, batch.batch_id, item.app_id, f"ems 1234 5678 9{n}cn")
        posted = batches.mark_posted(CLERK, batch.batch_id, item.app_id)
        assert posted.state == "posted" and posted.tracking_number == f"EMS123456789{n}CN"
        issuance = services.issuances.get(item.issuance_id)
        assert issuance.state is S.ISSUED and not issuance.holder_pin_set
        assert card_status(services, issuance.card_number) == "not_activated"
    assert batches.get(batch.batch_id).state == "closed"
    posted_events = [e for e in progress_events(services) if e["status"] == "posted"]
    assert [(e["app_id"], e["card_number"], e["tracking_number"]) for e in posted_events] == [
        (i.app_id, i.card_number, f"EMS123456789{n}CN") for n, i in enumerate(batch.items)]
    transitions = services.store.db.execute(
        "SELECT payload FROM outbox WHERE type = 'issuance.transition' ORDER BY seq DESC LIMIT 1").fetchone()
    assert json.loads(transitions[0])["collected_by"] == "post"
    assert json.loads(transitions[0])["card_status"] == "not_activated"


def test_a_second_spoiled_card_leaves_the_application_for_the_next_batch(batches, services, feeder, ledger, printer):
    feeder.tear = {1, 2}  # the first application's two cards both fail
    batch, _seen = produce_all(batches)
    first = batch.items[0]
    assert first.state == "left" and first.card_failures == 2 and "下一批" in first.reason
    assert [i.state for i in batch.items[1:]] == ["done", "done"]
    assert services.stock.compute_status().spoiled == 2
    batches.print_documents(CLERK, batch.batch_id)
    for n, item in enumerate(batch.made):
        batches.mark_posted(CLERK, batch.batch_id, item.app_id, f"SF00000000{n}1")
    assert batches.get(batch.batch_id).state == "closed"

    # the ledger has not heard of anything yet (no sync): it still offers all three, and one more
    ledger.approved = applications(4)
    again = batches.start(CLERK, 2)
    assert [i.app_id for i in again.items] == [first.app_id, ledger.approved[3].app_id]
    assert batches.get(batch.batch_id).items[0].state == "carried"
    again = batches.produce(CLERK, again.batch_id)
    assert [i.state for i in again.items] == ["done", "done"]
    made = services.issuances.get(again.items[0].issuance_id)
    assert made.state is S.PRINTED
    starts = [e for e in progress_events(services) if e["app_id"] == first.app_id]
    assert [e["status"] for e in starts] == ["in_production"]  # reported once, in the first batch


def test_an_empty_hopper_pauses_the_batch_and_a_run_resumes_it(batches, services, feeder, printer):
    batch = batches.start(CLERK, 3)
    feeder.empty = True
    with pytest.raises(BatchPaused):
        batches.produce(CLERK, batch.batch_id)
    paused = batches.get(batch.batch_id)
    assert paused.state == "producing" and paused.items[0].state == "writing"
    assert services.stock.compute_status().spoiled == 0
    feeder.empty = False
    done, outcome = batches.run(CLERK, 3)
    assert done.batch_id == batch.batch_id and [i.state for i in done.items] == ["done"] * 3
    assert outcome is not None and outcome.ok and done.state == "documents_printed"
    assert services.stock.compute_status().spoiled == 0
    history = [e.action for e in services.issuances.history(done.items[0].issuance_id)]
    assert history.count("start_encoding") == 1 and "retry_encoding" in history


class Crash(Exception):
    pass


def test_a_crash_mid_batch_resumes_with_the_same_issuance(batches, services, feeder, ledger, printer):
    batch = batches.start(CLERK, 3)
    real_feed = batches.feed
    calls = []

    def crashing(bank):
        calls.append(bank)
        if len(calls) == 2:
            raise Crash()  # the app dies with the second application's issuance opened, before its card
        real_feed(bank)

    batches.feed = crashing
    with pytest.raises(Crash):
        batches.produce(CLERK, batch.batch_id)
    second = batches.get(batch.batch_id).items[1]
    assert second.state == "writing" and second.issuance_id

    again = PostalBatchService(services, feed=real_feed, ledger=ledger)  # the app started again
    assert again.open_batch().batch_id == batch.batch_id
    done = again.produce(CLERK, batch.batch_id)
    assert [i.state for i in done.items] == ["done"] * 3
    assert done.items[1].issuance_id == second.issuance_id
    assert len([e for e in progress_events(services) if e["status"] == "in_production"]) == 3


def test_tracking_numbers_are_checked(batches, printer):
    assert normalize_tracking(" ＥＭＳ１２３４５６７８９ＣＮ ") == "EMS123456789CN"
    assert normalize_tracking("1234-5678-90") == "1234567890"
    for bad in ("", "123456789", "A" * 21, "EMS12345678#", "邮件12345678901"):
        with pytest.raises(InvalidTrackingNumber):
            normalize_tracking(bad)
    batch, _ = produce_all(batches, 2)
    batches.print_documents(CLERK, batch.batch_id)
    first, second = batch.items
    batches.record_tracking(CLERK, batch.batch_id, first.app_id, "SF1234567890")
    with pytest.raises(PostalBatchProblem, match="already"):
        batches.record_tracking(CLERK, batch.batch_id, second.app_id, "sf1234567890")
    with pytest.raises(PostalBatchProblem) as caught:
        batches.mark_posted(CLERK, batch.batch_id, second.app_id)
    assert caught.value.problem.code == "postal_batch.tracking_missing"


def test_posting_needs_the_papers_printed_first(batches, printer):
    batch, _ = produce_all(batches, 1)
    with pytest.raises(PostalBatchProblem) as caught:
        batches.mark_posted(CLERK, batch.batch_id, batch.items[0].app_id, "SF1234567890")
    assert caught.value.problem.code == "postal_batch.documents_first"


def test_only_one_open_batch_and_the_size_is_bounded(batches, printer):
    with pytest.raises(PostalBatchProblem):
        batches.start(CLERK, 0)
    with pytest.raises(PostalBatchProblem):
        batches.start(CLERK, 25)
    batch = batches.start(CLERK, 1)
    with pytest.raises(PostalBatchProblem, match=batch.batch_id):
        batches.start(CLERK, 1)


def test_nothing_to_make(services, feeder, printer):
    batches = PostalBatchService(services, feed=feeder, ledger=FakeLedger([]))
    with pytest.raises(PostalBatchProblem) as caught:
        batches.start(CLERK, 3)
    assert caught.value.problem.code == "postal_batch.nothing"


def test_a_technician_may_not_run_a_batch(batches):
    technician = dataclasses.replace(CLERK, role=Role.TECHNICIAN)
    with pytest.raises(PermissionDenied):
        batches.start(technician, 3)


def test_masks():
    assert (mask_name("张三"), mask_name("欧阳小明"), mask_name("王")) == ("张*", "欧***", "*")
    assert mask_mobile("13912345678") == "139****5678"


def test_the_application_is_sealed_in_the_counter_database(batches, services, printer):
    batch = batches.start(CLERK, 1)
    blob = services.store.db.execute("SELECT application FROM postal_batch_items").fetchone()[0]
    assert "王小明".encode() not in blob and b"postal_address" not in blob
    assert batch.items[0].masked_name == "王**"


def test_stop_takes_effect_between_cards_and_a_run_goes_on(batches, services, printer):
    import threading

    stop = threading.Event()
    batch = batches.start(CLERK, 3)

    def progress(item):
        if item.state == "done":
            stop.set()  # the clerk pressed stop while the first card was being made

    stopped = batches.produce(CLERK, batch.batch_id, on_progress=progress, cancel=stop)
    assert [i.state for i in stopped.items] == ["done", "waiting", "waiting"] and stopped.state == "producing"
    done, _ = batches.run(CLERK, 3)
    assert [i.state for i in done.items] == ["done"] * 3 and services.stock.compute_status().spoiled == 0


def test_marking_a_posted_card_again_changes_nothing(batches, services, printer):
    batch, _ = batches.run(CLERK, 1)
    app = batch.items[0].app_id
    batches.mark_posted(CLERK, batch.batch_id, app, "SF1234567890")
    events = len(progress_events(services))
    again = batches.mark_posted(CLERK, batch.batch_id, app, "sf 1234 5678 90")
    assert again.state == "posted" and len(progress_events(services)) == events
    with pytest.raises(PostalBatchProblem):
        batches.mark_posted(CLERK, batch.batch_id, app, "SF0000000000")  # another number for a posted card


def test_a_face_that_fails_twice_spoils_the_card_and_the_next_blank_is_used(batches, services, feeder, printer,
                                                                            monkeypatch):
    from counter_app.printing import job as print_job

    failures = {"left": 2}
    completed = printer.follow

    def follow(sub, timeout=120.0):
        if sub.title.startswith("ssc-") and "postal" not in sub.title and failures["left"]:
            failures["left"] -= 1  # the first card jams in the printer, and again at the reprint
            return print_job.JobResult(sub.printer, sub.job, "failed", None, "卡片卡纸", "card jammed")
        return completed(sub, timeout)

    monkeypatch.setattr(print_job, "follow", follow)
    batch, _ = produce_all(batches, 1)
    item = batch.items[0]
    assert item.state == "done" and item.card_failures == 1 and feeder.fed == 2
    spoiled = [i for i in services.issuances.list_for_day(batch.created_at.astimezone().date()) if i.state is S.SPOILED]
    assert len(spoiled) == 1
    actions = [e.action for e in services.issuances.history(spoiled[0].id)]
    assert actions[-4:] == ["fail_printing", "reprint", "fail_printing", "spoil"]  # one reprint, never a rewrite
    assert actions.count("start_encoding") == 1


def test_a_paused_printer_pauses_the_batch_without_spoiling(batches, services, feeder, printer):
    batch = batches.start(CLERK, 2)
    printer.offline = True
    with pytest.raises(BatchPaused, match="printer"):
        batches.produce(CLERK, batch.batch_id)
    assert services.stock.compute_status().spoiled == 0 and feeder.fed == 1
    printer.offline = False
    done, outcome = batches.run(CLERK, 2)
    assert [i.state for i in done.items] == ["done", "done"] and outcome.ok
    assert services.stock.compute_status().spoiled == 0 and feeder.fed == 2
    actions = [e.action for e in services.issuances.history(done.items[0].issuance_id)]
    assert "reprint" in actions and actions.count("start_encoding") == 1


def test_a_name_no_card_font_prints_is_left_before_a_card_is_taken(batches, services, feeder, printer, monkeypatch):
    from counter_app.printing import face
    from counter_app.printing.errors import MissingGlyph

    real = face.check_face

    def refuse(template, data):
        if data.name == "李华":
            raise MissingGlyph("name", "华")
        return real(template, data)

    monkeypatch.setattr(face, "check_face", refuse)
    batch, _ = produce_all(batches, 3)
    assert [i.state for i in batch.items] == ["done", "left", "done"] and feeder.fed == 2
    assert batch.items[1].reason and services.stock.compute_status().spoiled == 0
