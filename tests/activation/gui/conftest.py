"""The GUI fixtures (tests/support/gui.py) for the activation's GUI tests: the slot encoder of the GUI tests
in place of the in-process encoder of tests/activation/conftest.py."""

from tests.support.gui import backends, counter, encoder, printer, shell  # noqa: F401
