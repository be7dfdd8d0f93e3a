"""``python -m devices.printer up|down|status [--queue NAME] [--out DIR] [--json]``."""

from __future__ import annotations

import argparse
import json
import sys

from devices.printer import queue as q


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m devices.printer", description="the demo card printer (CUPS + cups-pdf)")
    p.add_argument("action", choices=("up", "down", "status"))
    p.add_argument("--queue", default=q.DEFAULT_QUEUE)
    p.add_argument("--state-dir", help="devices state dir (default $DEVICES_STATE_DIR or ~/.local/state/counter-devices)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    try:
        if args.action == "up":
            from devices.state import StatePaths

            st = q.ensure_demo_queue(StatePaths.resolve(args.state_dir).root, args.queue)
        elif args.action == "down":
            q.down(args.queue)
            st = q.status(args.queue)
        else:
            st = q.status(args.queue)
    except q.PrinterSetupError as exc:
        print(f"printer: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(st.as_dict(), indent=2))
    elif not st.cupsd_running:
        print("cupsd is not running")
    elif not st.exists:
        print(f"queue {st.queue}: absent")
    else:
        print(f"queue {st.queue}: {st.state}, {'accepting' if st.accepting else 'rejecting'} jobs, "
              f"{st.device_uri}, PDFs in {st.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
