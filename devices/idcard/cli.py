"""`python -m devices idcard ...`: lay a card on the simulated ID card reader, lift it, make it misbehave.

    python -m devices idcard put (--file F.json | --example [rare-name|long-term|permit|foreigner|expired])
    python -m devices idcard lift
    python -m devices idcard fault (bad-check | silent | lift-mid-read | clear) [--times N]   (N=0: until cleared)
    python -m devices idcard status
"""

from __future__ import annotations

import argparse
from pathlib import Path

from devices import control
from devices.idcard import cards
from devices.idcard.reader import FAULTS
from devices.state import StatePaths


def register(sub: argparse._SubParsersAction) -> None:
    idc = sub.add_parser("idcard", help="the simulated ID card reader").add_subparsers(dest="action", required=True)
    put = idc.add_parser("put", help="lay a card on the reader")
    which = put.add_mutually_exclusive_group(required=True)
    which.add_argument("--file", type=Path, help="an ID card file (JSON)")
    which.add_argument("--example", nargs="?", const=cards.DEFAULT_EXAMPLE, choices=sorted(cards.EXAMPLES),
                       help=f"an example card (default {cards.DEFAULT_EXAMPLE})")
    idc.add_parser("lift", help="lift the card off the reader")
    fault = idc.add_parser("fault", help="make the reader misbehave")
    fault.add_argument("kind", choices=(*FAULTS, "clear"))
    fault.add_argument("--times", type=int, default=1, help="answers it lasts (0: until cleared)")
    idc.add_parser("status")
    for sp in idc.choices.values():
        sp.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, paths: StatePaths) -> dict:
    """Send the request of ``args`` to the devices daemon; its answer (``idcard``: the reader's status)."""
    try:
        req = request(args)
    except cards.CardFileError as exc:
        raise control.DevicesError(str(exc)) from exc
    return control.request(paths, req)


def request(args: argparse.Namespace) -> dict:
    """The daemon request of ``args``."""
    if args.action == "put":
        if args.file is not None:
            return {"op": "idcard_put", "card": cards.load(args.file), "source": str(args.file.absolute())}
        return {"op": "idcard_put", "card": cards.EXAMPLES[args.example], "source": f"example:{args.example}"}
    if args.action == "fault":
        return {"op": "idcard_fault", "kind": args.kind, "times": args.times}
    return {"op": f"idcard_{args.action}"}


def describe(status: dict) -> str:
    """One line for people: the port and what lies on the reader."""
    if not status or not status.get("port"):
        return "stopped"
    card = f"card {status.get('name')} ({status.get('file')})" if status.get("present") else "no card"
    faults = ", ".join(f"{k}×{'∞' if v < 0 else v}" for k, v in (status.get("faults") or {}).items())
    return f"{status.get('link') or status['port']} -> {status['port']}; {card}" + (f"; faults {faults}" if faults else "")
