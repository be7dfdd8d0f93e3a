"""The composition root: one ``CounterServices`` per store, each service built once, with the attributes
the clerk's flow (``IssuanceFlow``) drives."""

from __future__ import annotations

import pytest

from counter_app.paths import AppPaths
from counter_app.services.container import CounterServices
from counter_app.settings import Settings
from counter_app.store.database import Store

# What services/flow.py's IssuanceFlow uses of its services (it once had a class of its own for them).
FLOW_SERVICES_ATTRIBUTES = ("store", "settings", "encoder", "issuances", "intake", "encoding", "printing", "sync",
                            "card_services", "certificates")


class _NoDevice:
    """An encoder that is never opened here: building the services must not touch the card."""

    def open_card(self):
        raise AssertionError("the card was opened while building services")

    def open_psam(self):
        raise AssertionError("the PSAM was opened while building services")


@pytest.fixture
def counter(tmp_path):
    paths = AppPaths.resolve(str(tmp_path / "data")).ensure()
    settings = Settings.load(tmp_path / "settings.toml")
    with Store.open(paths.database, backups_dir=paths.backups_dir) as store:
        yield store, settings, paths


def test_it_offers_every_attribute_of_the_flow_services(counter):
    store, settings, paths = counter
    services = CounterServices(store, settings, _NoDevice(), paths=paths)
    for name in FLOW_SERVICES_ATTRIBUTES:
        assert hasattr(services, name), name
    assert services.store is store and services.settings is settings


def test_each_service_is_built_once(counter):
    store, settings, paths = counter
    services = CounterServices.for_counter(store, settings, paths, encoder=_NoDevice())
    for name in ("issuances", "intake", "encoding", "printing", "sync", "card_services", "certificate_service",
                 "card_query", "reports", "stock", "dayclose", "exceptions", "audit", "ca_trust", "users", "auth",
                 "rekey", "retention"):
        first = getattr(services, name)
        assert first is not None, name
        assert getattr(services, name) is first, name
    assert services.traces_dir == paths.traces_dir


def test_without_an_encoder_the_card_services_are_none(counter):
    store, settings, paths = counter
    services = CounterServices(store, settings)
    assert services.encoding is None and services.card_services is None and services.certificates is None
    assert services.sync is None and services.ledger is None  # no paths: no ledger to reach
    assert services.issuances is not None and services.printing is not None


def test_the_certificate_step_follows_the_setting(counter):
    store, settings, paths = counter
    settings.set("card.certificates", False)
    services = CounterServices.for_counter(store, settings, paths, encoder=_NoDevice())
    assert services.certificates is None
    assert services.certificate_service is not None  # `card cert` runs it on demand all the same
    settings.set("card.certificates", True)
    assert services.certificates is services.certificate_service


def test_what_is_given_is_used(counter):
    store, settings, paths = counter
    printing, sync, ledger = object(), object(), object()
    services = CounterServices(store, settings, print_service=printing, sync=sync, ledger=ledger)  # type: ignore[arg-type]
    assert services.printing is printing and services.sync is sync and services.ledger is ledger
