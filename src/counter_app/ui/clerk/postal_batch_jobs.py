"""The postal batch page's jobs, run on the device worker (it owns the store, the encoder and the printer).

Each job is ``fn(DeviceContext, report) -> result`` (:mod:`counter_app.ui.workers`); the production job reports each
card's row (:class:`~counter_app.services.postal_batch.ItemView`) as it moves. A paused batch (no blank card, printer
down) is not a failure: the job returns it with the reason (:class:`Produced`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counter_app.services.postal_batch import BatchPaused, BatchView, DocumentsOutcome, PostalBatchService


@dataclass(frozen=True)
class Produced:
    batch: BatchView
    documents: DocumentsOutcome | None
    paused: BatchPaused | None = None


def _service(ctx, feed: Callable[[str | None], None] | None = None, ledger=None) -> PostalBatchService:
    return PostalBatchService(ctx.services, feed=feed, ledger=ledger)


def job_current():
    """The open batch, else the last one (None: no batch yet)."""
    def job(ctx, _report) -> BatchView | None:
        service = _service(ctx)
        return service.open_batch() or service.last_batch()
    return job


def job_run(session, count: int, cancel: threading.Event, feed=None, ledger=None):
    """Resume the open batch or start one of ``count`` (``ledger``: a client factory, the counter's by default)."""
    def job(ctx, report) -> Produced:
        service = _service(ctx, feed, ledger)
        try:
            batch, documents = service.run(session, count, on_progress=report, cancel=cancel)
        except BatchPaused as exc:
            return Produced(service.get(exc.batch_id), None, exc)
        return Produced(batch, documents)
    return job


def job_print(session, batch_id: str):
    def job(ctx, _report) -> Produced:
        service = _service(ctx)
        documents = service.print_documents(session, batch_id)
        return Produced(service.get(batch_id), documents)
    return job


def job_posted(session, batch_id: str, app_id: str, tracking: str):
    def job(ctx, _report) -> Any:
        service = _service(ctx)
        service.mark_posted(session, batch_id, app_id, tracking)
        return service.get(batch_id)
    return job
