"""Synthetic completed issuances for development, demos and benchmarks (``counter-app dev seed``).

Each issuance goes through the same services as a real one — :meth:`IntakeService.open_application`,
:meth:`IntakeService.accept_photo`, then :meth:`IssuanceService.advance` through ``start_encoding``
(with a card number), ``finish_encoding``, ``start_printing``, ``finish_printing`` and ``hand_over``
— so the store and its outbox hold exactly what real work would leave, only faster: ``batch``
issuances share one transaction (the services' own transactions nest as savepoints).

Applicants are random but valid: a GB 11643 number (region of the counter, a plausible birth date,
a sequence whose parity gives the sex, the MOD 11-2 check character), a common name. The clock
spreads the issuances over the last ``days`` days, a few minutes per issuance.

Card numbers: from the counter's blocks (the ledger's numbers) when the counter is enrolled and has
enough of them; otherwise from a local block named ``dev-…`` with the prefix ``D`` — numbers that no
ledger has handed out, for a counter that is not enrolled (the ledger would report them as
``card_number_not_allocated``).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.domain.applicant import Applicant, ApplicationType, DocumentType
from counter_app.domain.idnumbers import mod11_2_check_char
from counter_app.domain.issuance import IssuanceAction
from counter_app.domain.problems import DomainError, Problem
from counter_app.services.auth import Role, Session
from counter_app.services.intake import IntakeService
from counter_app.services.issuance import IssuanceService
from counter_app.store.card_numbers import CardNumberBlocks, nth_card_number
from counter_app.store.clock import utc_now
from counter_app.store.database import Store
from counter_app.store.outbox import OutboxRepository

DEV_BLOCK_PREFIX = "dev-"
DEV_FIRST_BODY = "D0000001"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文海燕晓东雪梅春"
_ACTOR = "seed"


class NotEnoughCardNumbers(DomainError):
    def __init__(self, needed: int, remaining: int):
        super().__init__(Problem(
            "seed.card_numbers",
            f"卡号不足：需要 {needed} 个，本柜台号段只剩 {remaining} 个。请先同步（counter-app sync --once）。",
            f"Not enough card numbers: {needed} needed, {remaining} left in this counter's blocks. Sync "
            f"first (counter-app sync --once).",
        ))


@dataclass(frozen=True, slots=True)
class SeedReport:
    issuances: int
    events: int
    first_at: dt.datetime | None
    last_at: dt.datetime | None
    card_numbers: str  # "ledger" or "dev"


class _SteppingClock:
    """The seed's clock: set to each issuance's start, then a little later for each step."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def random_applicant(rng: random.Random, region: str = "421303") -> Applicant:
    """A valid applicant with a random GB 11643 number of ``region``."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    sequence = rng.randrange(1, 1000)
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    number = body + mod11_2_check_char(body)
    sex = "1" if sequence % 2 else "2"
    name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))
    return Applicant(
        document_type=DocumentType("01"), document_number=number, name=name, sex=sex, ethnicity="01",
        birth_date=birth, birthplace=region, nationality="CHN", phone=f"138{rng.randrange(10**8):08d}",
        address=_ADDRESSES[sequence % len(_ADDRESSES)], application_type=ApplicationType.NEW,
    )


# Streets of the demo district's townships (resources/demo/population.csv), one without a township, so that the
# district's coverage per township has something to show; picked from the sequence number (no extra draw of the
# generator, so the seeded applicants are otherwise what they were).
_ADDRESSES = ("湖北省随州市曾都区青年路1号", "湖北省随州市曾都区南郊街道青年路12号", "湖北省随州市曾都区北郊街道明珠路8号",
              "湖北省随州市曾都区东城街道烈山大道66号", "湖北省随州市曾都区西城街道解放路3号", "湖北省随州市曾都区万店镇正街9号")


class SeedService:
    def __init__(self, store: Store, *, region: str = "421303", seed: int | None = None,
                 now: Callable[[], dt.datetime] = utc_now):
        self._store = store
        self._region = region
        self._rng = random.Random(seed)
        self._now = now

    def seed(self, count: int, *, days: float = 1.0, batch: int = 50, dev_numbers: bool | None = None,
             progress: Callable[[int], None] | None = None) -> SeedReport:
        """Create ``count`` issued issuances spread over the last ``days`` days.

        ``dev_numbers``: True forces a local dev block, False requires the counter's ledger blocks,
        None uses the blocks when they hold enough numbers and a dev block otherwise.
        ``batch``: issuances per transaction. A batch holds the write lock throughout, so it must stay well
        inside the store's busy timeout (5 s) on a loaded machine: a sync worker recording its pass meanwhile
        waits for it (about 1 s for 50 on this 2-core machine; 200 took about 5 s and the worker's pass failed).
        """
        if count <= 0:
            return SeedReport(0, 0, None, None, "none")
        source = self._card_numbers_for(count, dev_numbers)
        end = self._now()
        start = end - dt.timedelta(days=days)
        step = (end - start) / count
        clock = _SteppingClock(start)
        issuances = IssuanceService(self._store, clock=clock)
        intake = IntakeService(self._store, clock=clock)
        before = OutboxRepository(self._store.db).count_all()
        done = 0
        while done < count:
            with self._store.transaction() as db:
                blocks = CardNumberBlocks(db)
                for i in range(done, min(count, done + batch)):
                    clock.now = start + step * i
                    self._one(intake, issuances, clock, blocks.take_next(), step)
            done = min(count, done + batch)
            if progress is not None:
                progress(done)
        after = OutboxRepository(self._store.db).count_all()
        return SeedReport(count, after - before, start, start + step * (count - 1), source)

    def _clerk_session(self, clock) -> Session:
        """One of a few synthetic clerks (so that reports by clerk have something to show)."""
        name = f"{_ACTOR}-clerk-{self._rng.randint(1, 3)}"
        now = clock()
        return Session(None, name, Role.CLERK, "", now, now, idle_limit=dt.timedelta(days=36500), clock=clock)

    def _one(self, intake: IntakeService, issuances: IssuanceService, clock: _SteppingClock,
             card_number: str | None, step: dt.timedelta) -> None:
        tick = min(dt.timedelta(seconds=30), step / 10) if step > dt.timedelta(0) else dt.timedelta(0)
        applicant = random_applicant(self._rng, self._region)
        session = self._clerk_session(clock)
        issuance_id = intake.open_application(session, applicant)
        clock.now += tick
        intake.accept_photo(session, issuance_id, None)
        steps = (
            (IssuanceAction.START_ENCODING, {"card_number": card_number}),
            (IssuanceAction.FINISH_ENCODING, {"card_id": f"{self._region}D156000005{self._rng.getrandbits(64):016X}",
                                              "atr": "3B6800000073C84013009000"}),
            (IssuanceAction.START_PRINTING, {}),
            (IssuanceAction.FINISH_PRINTING, {}),
            (IssuanceAction.HAND_OVER, {}),
        )
        for action, fields in steps:
            clock.now += tick
            issuances.advance(issuance_id, action, session.actor, **fields)

    def _card_numbers_for(self, count: int, dev_numbers: bool | None) -> str:
        """Make sure ``count`` numbers can be taken; returns where they come from."""
        with self._store.transaction() as db:
            blocks = CardNumberBlocks(db)
            remaining = blocks.stock().remaining
            if remaining >= count and not dev_numbers:
                return "ledger"
            if dev_numbers is False:
                raise NotEnoughCardNumbers(count, remaining)
            # The blocks are used oldest first: the ledger's numbers go first, then the dev block's.
            missing = count - remaining if not dev_numbers else count
            blocks.add_block(f"{DEV_BLOCK_PREFIX}{uuid.uuid4()}", self._next_dev_first(blocks), missing, at=self._now())
        return "dev" if remaining == 0 or dev_numbers else "ledger+dev"

    @staticmethod
    def _next_dev_first(blocks: CardNumberBlocks) -> str:
        """The number after every dev block so far (dev numbers are never given twice either)."""
        rows = blocks.blocks_with_id_prefix(DEV_BLOCK_PREFIX)
        if not rows:
            return nth_card_number(DEV_FIRST_BODY + "0", 0)
        first, n = max(rows, key=lambda r: nth_card_number(r[0], r[1] - 1)[:8])
        return nth_card_number(first, n)
