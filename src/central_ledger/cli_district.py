"""``central-ledger population|targets|district ...``: the district's population table, targets and figures.

(placeholder: filled in by issue 21's work)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def register(sub: argparse._SubParsersAction, db_args: Callable[..., None]) -> None:
    """Add this module's commands to ``central-ledger``'s parser (``db_args(p)`` adds --db and --json)."""
