"""What every ``central-ledger`` command module shares: printing the answer (JSON with ``--json``, else the
sentence for people) and running a piece of work on the database named by ``--db``, closed afterwards."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, TypeVar

from central_ledger.storage import Storage

T = TypeVar("T")


def emit(args: argparse.Namespace, obj: Any, text: str) -> None:
    """``obj`` as indented JSON (Chinese kept as it is) under ``--json``, else ``text``."""
    print(json.dumps(obj, ensure_ascii=False, indent=2) if args.json else text)


def with_storage(args: argparse.Namespace, work: Callable[[Storage], T]) -> T:
    """``work(storage)`` on ``--db``'s database, closed whatever happens."""
    storage = Storage.open(args.db)
    try:
        return work(storage)
    finally:
        storage.close()
