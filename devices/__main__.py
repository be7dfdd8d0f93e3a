"""`python -m devices ...`: start, stop and handle the simulated card encoder (user card + PSAM on pcscd).

    python -m devices up | down | status [--json]
    python -m devices card insert (--blank [--bank CODE|none] | --file F | --last) [--contactless]
    python -m devices card remove | card tear --after K
    python -m devices card tap [--file F] | card untap     (the contactless reader)
    python -m devices psam insert [--wrong-keys] | psam remove
    python -m devices stock make N [--kind ssc3|ssc2|non_ssc] [--pin 123456] [--bank CODE|none]
    python -m devices idcard put (--file F.json | --example [NAME]) | idcard lift | idcard fault KIND [--times N]

State: $DEVICES_STATE_DIR or ~/.local/state/counter-devices (see devices/state.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from devices import control
from devices.idcard import cli as idcard_cli
from devices.pcscd import PcscdError
from devices.state import StatePaths
from devices.vcard import financial, stock


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m devices", description=__doc__.split("\n")[0])
    p.add_argument("--state-dir", help="override $DEVICES_STATE_DIR")
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("up", "down", "status"):
        sp = sub.add_parser(name)
        sp.add_argument("--json", action="store_true", help="machine-readable output")

    card = sub.add_parser("card").add_subparsers(dest="action", required=True)
    ins = card.add_parser("insert")
    which = ins.add_mutually_exclusive_group(required=True)
    which.add_argument("--blank", action="store_true", help="the next unused blank card of the stock")
    which.add_argument("--file", type=Path, help="a card file")
    which.add_argument("--last", action="store_true", help="the card inserted last (after remove or tear)")
    bank_help = (f"the co-issuing bank whose financial application the card carries: "
                 f"{', '.join(f'{b.code} {b.name}' for b in financial.BANKS.values())}, or {financial.NO_BANK} "
                 f"(a card without one); default {financial.DEFAULT_BANK}")
    ins.add_argument("--bank", help=bank_help + " (with --blank)")
    ins.add_argument("--contactless", action="store_true",
                     help="the contactless reader reaches the card in the encoder too (dual interface)")
    card.add_parser("remove")
    tap = card.add_parser("tap", help="lay a card on the contactless reader (default: the card in the encoder)")
    tap.add_argument("--file", type=Path, help="a card file")
    card.add_parser("untap", help="lift the card off the contactless reader")
    tear = card.add_parser("tear", help="pull the card after it answered K more APDUs")
    tear.add_argument("--after", type=int, required=True, metavar="K")

    psam = sub.add_parser("psam").add_subparsers(dest="action", required=True)
    pins = psam.add_parser("insert")
    pins.add_argument("--wrong-keys", action="store_true", help="a PSAM whose master keys match no card")
    psam.add_parser("remove")

    stk = sub.add_parser("stock").add_subparsers(dest="action", required=True)
    make = stk.add_parser("make")
    make.add_argument("n", type=int)
    make.add_argument("--kind", choices=("ssc3", "ssc2", "non_ssc"), default="ssc3")
    make.add_argument("--pin", default=stock.DEFAULT_PIN)
    make.add_argument("--bank", default=financial.DEFAULT_BANK, help=bank_help)
    for sp in (ins, card.choices["remove"], tap, card.choices["untap"], tear, pins, psam.choices["remove"], make):
        sp.add_argument("--json", action="store_true")
    idcard_cli.register(sub)
    daemon = sub.add_parser("_daemon", help=argparse.SUPPRESS)
    daemon.add_argument("--psam", type=Path)
    return p


def run(args: argparse.Namespace) -> dict:
    paths = StatePaths.resolve(args.state_dir)
    if args.cmd == "up":
        return control.up(paths)
    if args.cmd == "down":
        return control.down(paths)
    if args.cmd == "status":
        return control.status(paths)
    if args.cmd == "card":
        if args.action == "insert":
            if args.bank is not None and not args.blank:
                raise control.DevicesError("--bank chooses a blank card of the stock: use it with --blank")
            return control.card_insert(paths, path=args.file, blank=args.blank, last=args.last,
                                       contactless=args.contactless,
                                       bank=_bank_arg(args.bank or financial.DEFAULT_BANK))
        if args.action == "remove":
            return control.card_remove(paths)
        if args.action == "tap":
            return control.card_tap(paths, path=args.file)
        if args.action == "untap":
            return control.card_untap(paths)
        return control.request(paths, {"op": "card_tear", "after": args.after})
    if args.cmd == "psam":
        if args.action == "insert":
            return control.psam_insert(paths, wrong_keys=args.wrong_keys)
        return control.psam_remove(paths)
    if args.cmd == "idcard":
        return idcard_cli.run(args, paths)
    if args.cmd == "stock":
        if args.n < 1:
            raise control.DevicesError("make at least one card")
        made = stock.make_blank(args.n, paths, kind=args.kind, pin=args.pin, bank=_bank_arg(args.bank))
        return {"ok": True, "made": [str(p) for p in made], "stock": stock.stock_summary(paths)}
    raise control.DevicesError(f"unknown command {args.cmd}")


def _bank_arg(code: str) -> str | None:
    """A --bank value: a simulated bank's code, or ``none`` (None: no financial application)."""
    if code == financial.NO_BANK:
        return None
    try:
        financial.bank(code)
    except ValueError as exc:
        raise control.DevicesError(str(exc)) from None
    return code


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.cmd == "_daemon":
        from devices.daemon import run_daemon

        run_daemon(StatePaths.resolve(args.state_dir), args.psam)
        return 0
    try:
        result = run(args)
    except (control.DevicesError, PcscdError) as exc:
        if getattr(args, "json", False):
            print(json.dumps({"ok": False, "error": str(exc)}))
        else:
            print(f"devices: {exc}", file=sys.stderr)
        return 1
    if getattr(args, "json", False):
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        _print_human(args, result)
    return 0


def _print_human(args: argparse.Namespace, result: dict) -> None:
    if args.cmd in ("up", "status"):
        pc = result["pcscd"]
        print(
            f"pcscd:   {'running' if pc['running'] else 'stopped'}"
            + (f" (ours, pid {pc['pid']})" if pc["owned"] else "")
        )
        print(f"readers: {', '.join(result['readers'] or []) or '-'}")
        print(f"daemon:  {'running' if result['daemon']['running'] else 'stopped'}")
        card, psam = result["card"], result["psam"]
        print(f"card:    {card.get('file') if card.get('present') else 'empty'}{_financial(card)}")
        print(f"psam:    {('present (' + str(psam.get('label')) + ')') if psam.get('present') else 'empty'}")
        cl = result.get("contactless") or {}
        cl_card = ("the card in the encoder" if cl.get("same_as_card") else cl.get("file")) if cl.get("present") else "empty"
        print(f"contactless: {cl_card}")
        st = result["stock"]
        print(f"stock:   {st['unused']} unused of {st['total']}")
        print(f"idcard:  {idcard_cli.describe(result.get('idcard') or {})}")
    elif args.cmd == "down":
        print("devices stopped")
    elif args.cmd == "stock":
        print("\n".join(result["made"]))
    elif args.cmd == "idcard":
        print(f"idcard: {idcard_cli.describe(result.get('idcard') or {})}")
    else:
        card, psam = result.get("card", {}), result.get("psam", {})
        print(
            f"card: {card.get('file') if card.get('present') else 'empty'}{_financial(card)}; "
            f"psam: {'present' if psam.get('present') else 'empty'}"
        )


def _financial(card: dict) -> str:
    """The financial application of the card in the encoder, as `status` shows it."""
    if not card.get("present") or "financial" not in card:
        return ""
    app = card["financial"]
    if not app:
        return " (no financial application)"
    return f" (bank {app['bank_code']}, PAN {app['pan']}, expires {app['expiry']})"


if __name__ == "__main__":
    sys.exit(main())
