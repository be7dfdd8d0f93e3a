"""Person lookup: online, the ledger says whether the person holds an active card; offline the answer is
"unknown" at once, and the clerk proceeds."""

from counter_app.store.sealing import person_index


def test_online_the_ledger_knows_who_holds_an_active_card(counter):
    counter.seed(2)
    assert counter.sync_service().sync_once().ok
    holder = counter.store.db.execute("SELECT person_index, card_number FROM issuances LIMIT 1").fetchone()
    answer = counter.sync_service().lookup_person(holder[0])
    assert answer.status == "active_card" and answer.active_cards[0]["card_number"] == holder[1]
    nobody = counter.sync_service().lookup_person(person_index("421303199003070019"))
    assert nobody.status == "no_active_card" and nobody.active_cards == ()


def test_offline_the_answer_is_unknown(counter, proxy):
    counter.use_ledger(proxy.url)
    proxy.match = "/v1/persons/lookup"
    proxy.add("hold:5")  # an answer that would come long after the lookup timeout
    assert counter.sync_service().lookup_person(person_index("421303199003070019")).status == "unknown"
    proxy.default = "down"
    answer = counter.sync_service().lookup_person(person_index("421303199003070019"))
    assert answer.status == "unknown" and not answer.known and answer.reason == "sync.unavailable"


def _full_width(text: str) -> str:
    """What an IME in full-width mode types: ０–９ for the digits, ｘ for a lower-case x."""
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else ("ｘ" if c == "X" else c) for c in text)


def test_the_lookup_job_finds_the_holder_from_full_width_digits_and_a_lower_case_x(counter):
    """The clerk's field as typed goes to the ledger lookup: the same normaliser as the stored index."""
    from counter_app.store.issuances import IssuanceRepository
    from counter_app.ui.context import DbContext, job_lookup_person

    counter.seed(40)
    assert counter.sync_service().sync_once().ok
    holders = counter.store.db.execute(
        "SELECT id FROM issuances WHERE card_number IS NOT NULL AND state = 'issued'").fetchall()
    repo = IssuanceRepository(counter.store.db)
    numbers = [repo.get(i).applicant.document_number for (i,) in holders]
    with_x = next(n for n in numbers if n.endswith("X"))  # the seed is fixed: some number ends in X
    ctx = DbContext(counter.store, counter.settings, counter.paths)
    for typed in (_full_width(numbers[0]), with_x[:-1] + "x", _full_width(with_x), f" {_full_width(with_x)}\u3000"):
        answer = job_lookup_person(typed)(ctx, None)
        assert answer.status == "active_card", typed
