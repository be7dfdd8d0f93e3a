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
