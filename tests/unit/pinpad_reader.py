"""Moved to :mod:`tests.support.pinpad_reader`; this name stays for the tests that import it from here."""

from tests.support.pinpad_reader import *  # noqa: F403
from tests.support.pinpad_reader import PinPadReaderConnection  # noqa: F401
