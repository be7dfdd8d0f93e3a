"""GUI test fixtures: defined in gui_support.py (importable by other test folders too), registered here."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gui_support import backends, counter, encoder, printer, shell  # noqa: E402, F401
