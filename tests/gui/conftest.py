"""GUI test fixtures: defined in tests/support/gui.py (importable by other test folders too), registered here."""

from tests.support.gui import backends, counter, encoder, printer, shell  # noqa: F401
