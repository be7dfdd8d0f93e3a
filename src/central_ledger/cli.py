"""``central-ledger``: serve the API, manage counters, show statistics.

    central-ledger serve --db URL [--host 127.0.0.1] [--port 8700] [--ca-dir DIR] [--ca-name NAME]
                         [--ssl-certfile PEM --ssl-keyfile PEM] [--forwarded-allow-ips IPS] [limits, see --help]
    central-ledger ca init --db URL [--ca-dir DIR] [--ca-name NAME] [--json]
    central-ledger ca export --db URL [--ca-dir DIR] --out CA.pem
    central-ledger counters add --db URL --id ID --name NAME [--valid-hours 72] [--json]
    central-ledger counters disable --db URL --id ID [--json]
    central-ledger counters list --db URL [--json]
    central-ledger stats --db URL [--json]
    central-ledger conflicts list --db URL [--all] [--json]
    central-ledger conflicts resolve --db URL ID --accept|--reject --by NAME [--note TEXT] [--ca-dir DIR] [--json]

``--db`` may also come from the environment variable ``CENTRAL_LEDGER_DB``, ``--ca-dir`` from
``CENTRAL_LEDGER_CA_DIR`` (see central_ledger/ca.py for the default and what the directory holds). Exit codes:
0 done, 1 refused (for example an unknown counter), 2 usage, database or CA directory error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import timedelta
from typing import Any

from central_ledger import __version__
from central_ledger.ca import (
    CA_DIR_ENV,
    CERT_FILE,
    DEFAULT_ISSUER_NAME,
    KEY_FILE,
    CaError,
    open_ca,
    resolve_ca_dir,
)
from central_ledger.ledger import DEFAULT_CARD_PREFIX, Ledger, LedgerError
from central_ledger.limits import Limits
from central_ledger.storage import Storage, StorageError

DB_ENV = "CENTRAL_LEDGER_DB"


def _emit(args: argparse.Namespace, obj: Any, text: str) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2) if args.json else text)


def _open(args: argparse.Namespace) -> Storage:
    return Storage.open(args.db)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("--ssl-certfile 与 --ssl-keyfile 须同时给出 / give both --ssl-certfile and --ssl-keyfile",
              file=sys.stderr)
        return 2
    for path in filter(None, (args.ssl_certfile, args.ssl_keyfile)):
        if not os.path.isfile(path):
            print(f"找不到文件 / no such file: {path}", file=sys.stderr)
            return 2

    from central_ledger.app import create_app

    storage = _open(args)
    try:
        ca = open_ca(storage, resolve_ca_dir(args.db, args.ca_dir), create=True, issuer_name=args.ca_name)
    except BaseException:
        storage.close()
        raise
    limits = Limits(max_body_bytes=args.max_body_bytes, per_address_rate=args.address_rate,
                    per_address_burst=args.address_burst, per_counter_rate=args.counter_rate,
                    per_counter_burst=args.counter_burst, crl_cache_seconds=args.crl_cache_seconds)
    app = create_app(storage, max_clock_skew=timedelta(seconds=args.max_clock_skew), card_prefix=args.card_prefix,
                     ca=ca, limits=limits)
    scheme = "https" if args.ssl_certfile else "http"
    print(f"central-ledger {__version__}: {storage.dialect} ledger on {scheme}://{args.host}:{args.port}, "
          f"CA in {ca.key.directory}", flush=True)
    tls = {"ssl_certfile": args.ssl_certfile, "ssl_keyfile": args.ssl_keyfile} if args.ssl_certfile else {}
    proxy = {"proxy_headers": True, "forwarded_allow_ips": args.forwarded_allow_ips} \
        if args.forwarded_allow_ips else {"proxy_headers": False}
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, **tls, **proxy)
    finally:
        storage.close()
    return 0


def cmd_counters_add(args: argparse.Namespace) -> int:
    storage = _open(args)
    try:
        token = Ledger(storage).add_counter(args.id, args.name, timedelta(hours=args.valid_hours))
    finally:
        storage.close()
    _emit(args, {"counter_id": args.id, "token": token},
          f"柜台 {args.id} 已登记。一次性令牌 / counter {args.id} enrolled. One-time token:\n{token}")
    return 0


def cmd_counters_disable(args: argparse.Namespace) -> int:
    storage = _open(args)
    try:
        Ledger(storage).disable_counter(args.id)
    finally:
        storage.close()
    _emit(args, {"counter_id": args.id, "status": "disabled"}, f"柜台 {args.id} 已停用 / counter {args.id} disabled")
    return 0


def cmd_counters_list(args: argparse.Namespace) -> int:
    storage = _open(args)
    try:
        rows = Ledger(storage).list_counters()
    finally:
        storage.close()
    lines = [f"{r['counter_id']}\t{r['status']}\tack={r['acknowledged_seq']}\tlast={r['last_contact_at'] or '-'}"
             f"\t{r['name']}" for r in rows]
    _emit(args, rows, "\n".join(lines) if lines else "（没有柜台 / no counters）")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    storage = _open(args)
    try:
        stats = Ledger(storage).stats()
    finally:
        storage.close()
    text = [f"events: {stats['events']}", f"counters: {stats['counters']}",
            f"active cards: {stats['active_cards']}", f"conflicts: {stats['conflicts']}", "issuances by state:"]
    text += [f"  {k}: {v}" for k, v in stats["issuances_by_state"].items()]
    text += ["last contact:"] + [f"  {k}: {v or '-'}" for k, v in stats["last_contact"].items()]
    _emit(args, stats, "\n".join(text))
    return 0


def _entry_line(e: dict[str, Any]) -> str:
    where = f"seq {e['seq']}" if e["seq"] is not None else "certificate request"
    held = e["held_by"] or "-"
    line = (f"#{e['id']}\t{e['status']}\t{e['action']}\t{e['reason']}\tcounter {e['counter_id']} ({where})"
            f"\tcard {e['card_number'] or '-'}\theld by {held}\t{e['recorded_at']}")
    if e["decided_at"]:
        line += f"\tdecided by {e['decided_by']} at {e['decided_at']}" + (f": {e['note']}" if e["note"] else "")
    return line


def cmd_conflicts_list(args: argparse.Namespace) -> int:
    from central_ledger.conflicts import list_entries

    storage = _open(args)
    try:
        rows = list_entries(storage, include_decided=args.all)
    finally:
        storage.close()
    _emit(args, rows, "\n".join(_entry_line(e) for e in rows) if rows else "（没有待处理的冲突 / no open conflicts）")
    return 0


def cmd_conflicts_resolve(args: argparse.Namespace) -> int:
    from central_ledger import ownership
    from central_ledger.conflicts import resolve

    storage = _open(args)
    try:
        ca = None
        if args.accept:
            with storage.transaction() as tx:
                found = ownership.entry(tx, args.conflict_id)
            if found is not None and found["status"] == ownership.OPEN \
                    and found["action"] == ownership.CERTIFICATE_REQUEST:
                ca = open_ca(storage, resolve_ca_dir(args.db, args.ca_dir), create=False)
        decided = resolve(storage, args.conflict_id, accept=args.accept, by=args.by, note=args.note, ca=ca)
    finally:
        storage.close()
    verdict = "已接受 / accepted" if args.accept else "已驳回 / rejected"
    _emit(args, decided, f"冲突 {args.conflict_id} {verdict}\n{_entry_line(decided)}")
    return 0


def cmd_ca_init(args: argparse.Namespace) -> int:
    directory = resolve_ca_dir(args.db, args.ca_dir)
    existed = (directory / KEY_FILE).exists()
    storage = _open(args)
    try:
        ca = open_ca(storage, directory, create=True, issuer_name=args.ca_name)
    finally:
        storage.close()
    subject = ca.key.certificate.subject.human_friendly
    _emit(args, {"ca_dir": str(directory), "created": not existed, "subject": subject,
                 "key_id": ca.key.key_id.hex()},
          f"{'已有 CA / existing CA' if existed else '已创建 CA / CA created'}: {subject}\n"
          f"私钥 / key: {directory / KEY_FILE}\n证书 / certificate: {directory / CERT_FILE}")
    return 0


def cmd_ca_export(args: argparse.Namespace) -> int:
    storage = _open(args)
    try:
        ca = open_ca(storage, resolve_ca_dir(args.db, args.ca_dir), create=False)
    finally:
        storage.close()
    if args.out == "-":
        sys.stdout.write(ca.certificate_pem().decode("ascii"))
    else:
        with open(args.out, "wb") as f:
            f.write(ca.certificate_pem())
        print(f"CA 证书已写入 / CA certificate written to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="central-ledger", description="Reference central ledger for counters.")
    parser.add_argument("--version", action="version", version=f"central-ledger {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def db_args(p: argparse.ArgumentParser, json_flag: bool = True) -> None:
        p.add_argument("--db", default=os.environ.get(DB_ENV), required=os.environ.get(DB_ENV) is None,
                       help="sqlite:///path/ledger.sqlite3, a plain path, or postgresql://... "
                            f"(default: ${DB_ENV})")
        if json_flag:
            p.add_argument("--json", action="store_true", help="machine-readable output")

    def ca_args(p: argparse.ArgumentParser, name: bool = True) -> None:
        p.add_argument("--ca-dir", default=None,
                       help=f"directory of the CA key (ca-key.pem, mode 0600) and certificate (ca.pem); default "
                            f"${CA_DIR_ENV}, else <db dir>/<db name>-ca for SQLite, "
                            f"$XDG_DATA_HOME/central-ledger/<db>@<host>-<port>-ca for PostgreSQL")
        if name:
            p.add_argument("--ca-name", default=DEFAULT_ISSUER_NAME,
                           help="organisation (O) of a new CA and of its certificates; used only when the CA is made")

    serve = sub.add_parser("serve", help="run the HTTP API")
    db_args(serve, json_flag=False)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--max-clock-skew", type=int, default=300, metavar="SECONDS",
                       help="refuse signed requests whose sent_at is further off than this (default 300)")
    serve.add_argument("--card-prefix", default=DEFAULT_CARD_PREFIX,
                       help="1-3 capital letters that start every card number this ledger hands out")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.add_argument("--ssl-certfile", default=None, metavar="PEM",
                       help="serve HTTPS with this certificate (chain) file; needs --ssl-keyfile")
    serve.add_argument("--ssl-keyfile", default=None, metavar="PEM", help="the private key of --ssl-certfile")
    serve.add_argument("--forwarded-allow-ips", default=None, metavar="IPS",
                       help="behind a TLS proxy: the proxy addresses whose X-Forwarded-For is trusted as the "
                            "client address (for the per-address rate limit)")
    defaults = Limits()
    serve.add_argument("--max-body-bytes", type=int, default=defaults.max_body_bytes,
                       help=f"bigger request bodies are answered 413 (default {defaults.max_body_bytes})")
    serve.add_argument("--address-rate", type=float, default=defaults.per_address_rate,
                       help=f"requests per second per client address, sustained; 0: no limit "
                            f"(default {defaults.per_address_rate:g})")
    serve.add_argument("--address-burst", type=int, default=defaults.per_address_burst,
                       help=f"requests per client address at once (default {defaults.per_address_burst})")
    serve.add_argument("--counter-rate", type=float, default=defaults.per_counter_rate,
                       help=f"signed requests per second per counter; 0: no limit "
                            f"(default {defaults.per_counter_rate:g})")
    serve.add_argument("--counter-burst", type=int, default=defaults.per_counter_burst,
                       help=f"signed requests per counter at once (default {defaults.per_counter_burst})")
    serve.add_argument("--crl-cache-seconds", type=float, default=defaults.crl_cache_seconds,
                       help="how long one signed CRL is served when nothing was revoked "
                            f"(default {defaults.crl_cache_seconds:g})")
    ca_args(serve)
    serve.set_defaults(func=cmd_serve)

    ca = sub.add_parser("ca", help="the ledger's certificate authority (key, certificate)")
    casub = ca.add_subparsers(dest="ca_command", required=True)
    init = casub.add_parser("init", help="make the CA key and certificate (serve also does on first start)")
    db_args(init)
    ca_args(init)
    init.set_defaults(func=cmd_ca_init)
    export = casub.add_parser("export", help="write the CA certificate as PEM")
    db_args(export, json_flag=False)
    ca_args(export, name=False)
    export.add_argument("--out", required=True, help="the PEM file to write (- for standard output)")
    export.set_defaults(func=cmd_ca_export)

    counters = sub.add_parser("counters", help="enroll, disable and list counters")
    csub = counters.add_subparsers(dest="counters_command", required=True)
    add = csub.add_parser("add", help="enroll a counter and print its one-time token")
    db_args(add)
    add.add_argument("--id", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--valid-hours", type=float, default=72.0, help="token validity (default 72 h)")
    add.set_defaults(func=cmd_counters_add)
    disable = csub.add_parser("disable", help="refuse every further request of a counter")
    db_args(disable)
    disable.add_argument("--id", required=True)
    disable.set_defaults(func=cmd_counters_disable)
    lst = csub.add_parser("list", help="list counters")
    db_args(lst)
    lst.set_defaults(func=cmd_counters_list)

    stats = sub.add_parser("stats", help="events, issuances by state, counters, last contact")
    db_args(stats)
    stats.set_defaults(func=cmd_stats)

    conflicts = sub.add_parser("conflicts", help="the conflict queue: counters acting on cards not theirs")
    qsub = conflicts.add_subparsers(dest="conflicts_command", required=True)
    qlist = qsub.add_parser("list", help="list open conflicts (--all: decided ones too)")
    db_args(qlist)
    qlist.add_argument("--all", action="store_true", help="also the decided ones")
    qlist.set_defaults(func=cmd_conflicts_list)
    resolve = qsub.add_parser("resolve", help="accept (apply the queued effect) or reject (drop) one conflict")
    db_args(resolve)
    resolve.add_argument("conflict_id", type=int, metavar="ID")
    verdict = resolve.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--accept", action="store_true", help="apply the queued effect")
    verdict.add_argument("--reject", action="store_true", help="drop it")
    resolve.add_argument("--by", required=True, help="who decides (recorded)")
    resolve.add_argument("--note", default=None, help="why (recorded)")
    ca_args(resolve, name=False)
    resolve.set_defaults(func=cmd_conflicts_resolve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "id", None) is not None:
        import re

        from central_ledger.models import COUNTER_ID_PATTERN

        if not re.match(COUNTER_ID_PATTERN, args.id):
            print("柜台编号只能含字母、数字、_ . -（最长 64） / counter id: letters, digits, _ . - (64 at most)",
                  file=sys.stderr)
            return 2
    try:
        return args.func(args)
    except LedgerError as exc:
        if getattr(args, "json", False):
            print(json.dumps(exc.body(), ensure_ascii=False))
        print(exc.message, file=sys.stderr)
        return 1
    except (StorageError, CaError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
