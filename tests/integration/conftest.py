"""Integration fixtures: the simulated card encoder on the real pcscd, started once per test session.

`devices` runs `python -m devices up` with a temporary state directory (its own key material and stock) and
`down` at the end; tests drive the devices through the same CLI a person would use. Tests that need a card
take `blank_card`, which inserts the next blank card and removes it afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

READER_CARD = "Virtual PCD 00 00"
READER_PSAM = "Virtual PCD 00 01"
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
POLL_S = 0.1
POLL_TRIES = 100  # how long a reader may take to notice a card: up to 10 s


# The `devices` session fixture lives in tests/support/fixtures.py: one set of devices for the whole test
# session; a test that takes it (or `blank_card`) is marked `pcsc` by it (tests/conftest.py).


def reader(name: str):
    from smartcard.System import readers

    found = [r for r in readers() if str(r) == name]
    assert found, f"reader {name!r} not listed by pcscd"
    return found[0]


@contextmanager
def card_connection(name: str) -> Iterator:
    """A pyscard connection to the card in reader `name` (waiting for pcscd to notice the card), released after."""
    from smartcard.Exceptions import CardConnectionException, NoCardException

    conn = reader(name).createConnection()
    try:
        for _ in range(POLL_TRIES):
            try:
                conn.connect()
                break
            except (NoCardException, CardConnectionException):
                time.sleep(POLL_S)
        else:
            raise AssertionError(f"no card in {name!r}")
        yield conn
    finally:
        _release(conn)


def _release(conn) -> None:
    """Disconnect and free the PC/SC context now (not at garbage collection, when pcscd may be gone)."""
    from smartcard.Exceptions import CardConnectionException

    try:
        conn.disconnect()
    except CardConnectionException:
        pass
    component = getattr(conn, "component", conn)
    release = getattr(component, "release", None)
    if release is not None:
        try:
            release()
        except CardConnectionException:
            pass


def wait_card_absent(name: str) -> bool:
    """True once pcscd reports the reader empty."""
    from smartcard.Exceptions import CardConnectionException, NoCardException

    for _ in range(POLL_TRIES):
        conn = reader(name).createConnection()
        try:
            conn.connect()
        except (NoCardException, CardConnectionException):
            return True
        finally:
            _release(conn)
        time.sleep(POLL_S)
    return False


def transmit(conn, apdu: bytes) -> tuple[bytes, int]:
    """Send bytes, get (data, SW) as bytes and int: the conversion happens here only."""
    data, sw1, sw2 = conn.transmit(list(apdu))
    return bytes(data), (sw1 << 8) | sw2


@pytest.fixture
def blank_card(devices):
    """The next blank card of the stock in the user-card slot; pulled out after the test."""
    answer = devices.run("card", "insert", "--blank")
    yield Path(answer["card"]["file"])
    devices.run("card", "remove")
