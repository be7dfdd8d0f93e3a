"""Seeded days of a counter for the close-of-day tests: issuances over two days across two co-issuing banks
(102 ICBC, 103 ABC; stock received per bank and batch), fees paid by QR and by cash, a waiver, a refund of the
day before's cash, a carry-over after a spoiled card. :data:`EXPECTED` says what the close must find."""

from __future__ import annotations

import datetime as dt

from counter_app.domain.applicant import ApplicationType
from counter_app.services.auth import Role, Session
from counter_app.services.fees import FeeService
from counter_app.services.stock import StockService
from counter_app.settings import Settings
from tests.fees.fake_gateway import FakeGateway
from tests.reports.history import DAY, ISSUED, PREVIOUS, SPOILED, TZ, Clock, write_history

NOW = dt.datetime(2025, 3, 10, 18, 0, tzinfo=TZ)
SETTINGS = Settings(None)  # the default banks: 102 ICBC, 103 ABC, 105 CCB; replacement 20 yuan


def supervisor(clock=lambda: NOW) -> Session:
    return Session(None, "boss", Role.SUPERVISOR, "C01", NOW, NOW, idle_limit=dt.timedelta(days=3650), clock=clock)


def clerk(clock=lambda: NOW) -> Session:
    return Session(None, "clerk-a", Role.CLERK, "C01", NOW, NOW, idle_limit=dt.timedelta(days=3650), clock=clock)


PLAN = [
    (PREVIOUS, "clerk-a", ApplicationType.REPLACEMENT, ISSUED, 2),
    (DAY, "clerk-a", ApplicationType.REPLACEMENT, ISSUED, 6),
    (DAY, "clerk-b", ApplicationType.NEW, ISSUED, 2),
    (DAY, "clerk-b", ApplicationType.REPLACEMENT, SPOILED, 1),
]

# What the close of DAY finds.
EXPECTED = {
    "qr": (2, 4000), "cash": (3, 6000), "waived": {"elderly": 1}, "refunded": {"cash": (1, 2000)},
    "carried_over": (1, 2000), "cash_expected_fen": 4000, "qr_recorded_fen": 4000,
    # bank: (received, used, spoiled, expected on hand, issued that day, spoiled that day)
    "banks": {"102": (30, 6, 1, 23, 4, 1), "103": (20, 4, 0, 16, 4, 0)},
}


def seed(store, clock: Clock | None = None):
    """Write the days; returns (ids by outcome, the fake gateway, the clock)."""
    clock = clock or Clock()
    ids = write_history(store, clock, plan=PLAN)
    gw = FakeGateway()
    fees = FeeService(store, SETTINGS, gateway=lambda: gw, clock=clock)
    stock = StockService(store, SETTINGS, clock=clock)
    boss = supervisor(clock)
    clock.now = dt.datetime(2025, 3, 8, 9, 0, tzinfo=TZ)
    stock.receive(boss, 30, bank_code="102", batch_number="ICBC-2025-03")
    stock.receive(boss, 20, bank_code="103", batch_number="ABC-2025-03")
    prev, issued, new_cards, spoiled = ids["issued"][:2], ids["issued"][2:8], ids["issued"][8:], ids["spoiled"]
    # Cards by bank: 102 took the two of the day before, four of DAY's replacements and the spoiled one;
    # 103 took two replacements and DAY's two first cards.
    for i in prev + issued[:4] + spoiled:
        stock.take_card(i, "102")
    for i in issued[4:] + new_cards:
        stock.take_card(i, "103")
    # The day before: a cash payment (refunded on DAY) and a QR payment.
    clock.now = dt.datetime(2025, 3, 9, 15, 0, tzinfo=TZ)
    fees.pay_cash(clerk(clock), prev[0], 2000)
    order = fees.start_qr(clerk(clock), prev[1])
    gw.pay(order.order_id)
    fees.poll(clerk(clock), prev[1])
    # DAY: two QR, two cash (one with change), a waiver, the spoiled card's cash carried over to its new case.
    clock.now = dt.datetime(2025, 3, 10, 10, 0, tzinfo=TZ)
    for i in issued[:2]:
        order = fees.start_qr(clerk(clock), i)
        gw.pay(order.order_id)
        fees.poll(clerk(clock), i)
    fees.pay_cash(clerk(clock), issued[2], 5000)
    fees.pay_cash(clerk(clock), issued[3], 2000)
    fees.waive(clerk(clock), issued[4], "elderly", "年满七十岁")
    fees.pay_cash(clerk(clock), spoiled[0], 2000)
    clock.now = dt.datetime(2025, 3, 10, 11, 0, tzinfo=TZ)
    fees.carry_over(clerk(clock), spoiled[0], issued[5])
    fees.refund(clerk(clock), prev[0], "card failed")
    clock.now = NOW
    return ids, gw, clock
