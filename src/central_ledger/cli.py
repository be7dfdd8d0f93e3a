"""``central-ledger``: serve the API, manage counters, show statistics.

    central-ledger serve --db URL [--host 127.0.0.1] [--port 8700] [--ca-dir DIR] [--ca-name NAME]
                         [--ssl-certfile PEM --ssl-keyfile PEM] [--forwarded-allow-ips IPS] [limits, see --help]
    central-ledger ca init --db URL [--ca-dir DIR] [--ca-name NAME] [--json]
    central-ledger ca export --db URL [--ca-dir DIR] --out CA.pem
    central-ledger counters add --db URL --id ID --name NAME [--valid-hours 72] [--hall H] [--json]
    central-ledger counters set-hall --db URL --id ID --hall H [--json]
    central-ledger counters disable --db URL --id ID [--json]
    central-ledger counters list --db URL [--json]
    central-ledger halls add --db URL --id H --name NAME [--township CODE] [--json]
    central-ledger halls list --db URL [--json]
    central-ledger staff add --db URL --username U --role district_admin|hall_supervisor|auditor [--hall H]
                             --password-stdin [--json]
    central-ledger staff disable|enable --db URL --username U [--json]
    central-ledger staff reset --db URL --username U --password-stdin [--json]
    central-ledger staff list --db URL [--json]
    central-ledger staff token --db URL --username U [--hours 8] [--json]
    central-ledger stats --db URL [--json]
    central-ledger conflicts list --db URL [--all] [--json]
    central-ledger conflicts resolve --db URL ID --accept|--reject --by NAME [--note TEXT] [--ca-dir DIR] [--json]
    central-ledger person add --db URL (--person-index HEX [--name-index HEX] |
                              --id-number N [--name NAME] --index-key-file F) [--photo F.jpg] [--json]
    central-ledger person mark-deceased --db URL (--person-index HEX | --id-number N --index-key-file F)
                              [--at TIME] [--json]
    central-ledger person show --db URL (--person-index HEX | --id-number N --index-key-file F) [--json]
    central-ledger banks list --db URL [--json]
    central-ledger banks add --db URL --code C --name N --bin B [--bin B ...] [--json]
    central-ledger bank activated --db URL --card-number N [--at TIME] [--json]
    central-ledger payment pay --db URL ORDER_ID [--json]
    central-ledger payment list --db URL [--json]

``serve`` also takes ``--require-known-persons`` (a first card of a person the ledger does not know answers 1),
``--payment-timeout SECONDS`` (300) and ``--public-url URL`` (the base of the payment QR links). Online
applications (docs/online-applications.md: the ``/v1/online`` routes and the console's review) need
``--seal-key-file PATH`` (the same file as ``citizen-portal serve``; a missing file is made only with
``--create-seal-key``) and an SMS gateway, ``--sms-file PATH`` or ``--sms-url URL --sms-key-file PATH``.

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
from central_ledger.cli_common import emit as _emit
from central_ledger.context import DEFAULT_TIMEZONE, ConsoleOptions, district_timezone
from central_ledger.ledger import DEFAULT_CARD_PREFIX, Ledger, LedgerError
from central_ledger.limits import Limits
from central_ledger.storage import Storage, StorageError

DB_ENV = "CENTRAL_LEDGER_DB"


def _hex64(value: str) -> str:
    import re

    if not re.fullmatch(r"[0-9a-fA-F]{64}", value):
        raise argparse.ArgumentTypeError("须为 64 个十六进制字符 / must be 64 hex characters")
    return value.lower()


def _open(args: argparse.Namespace) -> Storage:
    return Storage.open(args.db)


def _online_settings(args: argparse.Namespace) -> tuple[Any, Any] | int:
    """(seal key or None, SMS gateway or None) from serve's options, or the exit code of a usage error."""
    from central_ledger.seal import SealKey
    from central_ledger.sms import gateway_from_settings

    if args.create_seal_key and not args.seal_key_file:
        print("--create-seal-key 须与 --seal-key-file 同用 / --create-seal-key needs --seal-key-file", file=sys.stderr)
        return 2
    seal_key = None
    if args.seal_key_file:
        if not args.create_seal_key and not os.path.isfile(args.seal_key_file):
            print(f"找不到封存密钥文件（首次请加 --create-seal-key）/ no such seal key file (add --create-seal-key to "
                  f"make one): {args.seal_key_file}", file=sys.stderr)
            return 2
        try:
            seal_key = SealKey.load(args.seal_key_file, create=args.create_seal_key)
        except (OSError, ValueError) as exc:
            print(f"封存密钥无效 / bad seal key: {exc}", file=sys.stderr)
            return 2
    sms = None
    if args.sms_file or args.sms_url or args.sms_key_file:
        try:
            sms = gateway_from_settings(sms_file=args.sms_file, sms_url=args.sms_url, sms_key_file=args.sms_key_file)
        except (OSError, ValueError) as exc:
            print(f"短信网关设置无效 / bad SMS gateway settings: {exc}", file=sys.stderr)
            return 2
    if seal_key is not None and sms is None:
        print("注意：未配置短信网关，审核结果不会以短信告知 / note: no SMS gateway, review decisions are not sent",
              file=sys.stderr)
    return seal_key, sms


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    if args.payment_timeout <= 0:
        print("--payment-timeout 须为正数 / --payment-timeout must be positive", file=sys.stderr)
        return 2
    if args.public_url is not None and not args.public_url.startswith(("http://", "https://")):
        print("--public-url 须以 http:// 或 https:// 开头 / --public-url must start with http:// or https://",
              file=sys.stderr)
        return 2
    if bool(args.ssl_certfile) != bool(args.ssl_keyfile):
        print("--ssl-certfile 与 --ssl-keyfile 须同时给出 / give both --ssl-certfile and --ssl-keyfile",
              file=sys.stderr)
        return 2
    for path in filter(None, (args.ssl_certfile, args.ssl_keyfile)):
        if not os.path.isfile(path):
            print(f"找不到文件 / no such file: {path}", file=sys.stderr)
            return 2

    from central_ledger.app import create_app

    if args.console_idle_minutes <= 0:
        print("--console-idle-minutes 须为正数 / --console-idle-minutes must be positive", file=sys.stderr)
        return 2
    try:
        zone = district_timezone(args.timezone)
    except Exception:
        print(f"未知时区 / unknown time zone: {args.timezone}", file=sys.stderr)
        return 2
    online = _online_settings(args)
    if isinstance(online, int):
        return online
    seal_key, sms = online
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
                     ca=ca, limits=limits, require_known_persons=args.require_known_persons,
                     payment_timeout=timedelta(seconds=args.payment_timeout), public_url=args.public_url,
                     timezone=zone, console=ConsoleOptions(idle_minutes=args.console_idle_minutes,
                                                           secure_cookies=not args.insecure_cookies),
                     seal_key=seal_key, sms=sms)
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
        token = Ledger(storage).add_counter(args.id, args.name, timedelta(hours=args.valid_hours), hall_id=args.hall)
    finally:
        storage.close()
    _emit(args, {"counter_id": args.id, "token": token, "hall_id": args.hall},
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


def cmd_counters_set_hall(args: argparse.Namespace) -> int:
    from central_ledger.halls import set_counter_hall

    storage = _open(args)
    try:
        set_counter_hall(storage, args.id, args.hall)
    finally:
        storage.close()
    _emit(args, {"counter_id": args.id, "hall_id": args.hall},
          f"柜台 {args.id} 归入大厅 {args.hall} / counter {args.id} now in hall {args.hall}")
    return 0


def cmd_counters_list(args: argparse.Namespace) -> int:
    storage = _open(args)
    try:
        rows = Ledger(storage).list_counters()
    finally:
        storage.close()
    lines = [f"{r['counter_id']}\t{r['status']}\tack={r['acknowledged_seq']}\tlast={r['last_contact_at'] or '-'}"
             f"\thall={r['hall_id'] or '-'}\t{r['name']}" for r in rows]
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


# -- card management: persons, banks, the bank's reports, payments -------------------------------------------

def _person_index(args: argparse.Namespace) -> tuple[str, str | None]:
    """The person's blind index (and the name's, when given) from --person-index/--name-index or computed from
    --id-number/--name with --index-key-file, as the counters compute them."""
    from central_ledger.cardmgmt import name_index_of, person_index_of, read_index_key

    if args.person_index is not None:
        if getattr(args, "name", None):
            raise ValueError("--name 须与 --id-number 同用 / --name goes with --id-number")
        return args.person_index.lower(), getattr(args, "name_index", None) and args.name_index.lower()
    if not args.index_key_file:
        raise ValueError("--id-number 须与 --index-key-file 同用 / --id-number needs --index-key-file")
    if getattr(args, "name_index", None):
        raise ValueError("--name-index 须与 --person-index 同用 / --name-index goes with --person-index")
    try:
        key = read_index_key(args.index_key_file)
    except OSError as exc:
        raise ValueError(f"无法读取索引密钥文件 / cannot read the index key file: {exc}") from exc
    name = getattr(args, "name", None)
    return person_index_of(key, args.id_number), name_index_of(key, name) if name else None


def _person_line(p: dict[str, Any]) -> str:
    return (f"{p['person_index']}\tname_index={p['name_index'] or '-'}\tphoto={'yes' if p['photo_on_file'] else 'no'}"
            f"\tdeceased={p['deceased_at'] or '-'}\tsource={p['source']}")


def cmd_person_add(args: argparse.Namespace) -> int:
    from central_ledger.cardmgmt import CardManagementSystem

    person_index, name_index = _person_index(args)
    photo = None
    if args.photo:
        try:
            with open(args.photo, "rb") as f:
                photo = f.read()
        except OSError as exc:
            raise ValueError(f"无法读取照片 / cannot read the photo: {exc}") from exc
    storage = _open(args)
    try:
        person = CardManagementSystem(storage).add_person(person_index, name_index=name_index, photo_jpeg=photo)
    finally:
        storage.close()
    verb = "已登记 / registered" if person["created"] else "已更新 / updated"
    _emit(args, person, f"人员 {verb}: {_person_line(person)}")
    return 0


def cmd_person_mark_deceased(args: argparse.Namespace) -> int:
    from central_ledger.cardmgmt import CardManagementSystem

    person_index, _ = _person_index(args)
    storage = _open(args)
    try:
        person = CardManagementSystem(storage).mark_deceased(person_index, args.at)
    finally:
        storage.close()
    _emit(args, person, f"已登记死亡 / marked deceased: {_person_line(person)}")
    return 0


def cmd_person_show(args: argparse.Namespace) -> int:
    from central_ledger.cardmgmt import CardManagementSystem

    person_index, _ = _person_index(args)
    storage = _open(args)
    try:
        person = CardManagementSystem(storage).person(person_index)
    finally:
        storage.close()
    if person is None:
        raise LedgerError(404, "unknown_person", "账本未登记此人", "the ledger has not registered this person")
    _emit(args, person, _person_line(person))
    return 0


def cmd_banks_list(args: argparse.Namespace) -> int:
    from central_ledger.cardmgmt import CardManagementSystem

    storage = _open(args)
    try:
        banks = CardManagementSystem(storage).banks()
    finally:
        storage.close()
    _emit(args, [b.as_json() for b in banks],
          "\n".join(f"{b.code}\t{b.name}\tBIN {','.join(b.bins)}" for b in banks) or "（没有银行 / no banks）")
    return 0


def cmd_banks_add(args: argparse.Namespace) -> int:
    from central_ledger.cardmgmt import CardManagementSystem

    storage = _open(args)
    try:
        bank = CardManagementSystem(storage).add_bank(args.code, args.name, args.bin)
    finally:
        storage.close()
    _emit(args, bank.as_json(), f"银行已添加 / bank added: {bank.code}\t{bank.name}\tBIN {','.join(bank.bins)}")
    return 0


def cmd_bank_activated(args: argparse.Namespace) -> int:
    from central_ledger.cardmgmt import CardManagementSystem

    storage = _open(args)
    try:
        answer = CardManagementSystem(storage).bank_activated(args.card_number, args.at)
    finally:
        storage.close()
    _emit(args, answer, f"卡 {args.card_number} 金融账户已启用 / financial application of card {args.card_number} "
                        f"activated at {answer['activated_at']} ({answer['activated_by']}, {answer['bank_account']})")
    return 0


def _order_line(o: dict[str, Any]) -> str:
    from central_ledger.payments import yuan

    return (f"{o['order_id']}\t{o['status']}\t{yuan(o['amount_fen'])}\tcounter {o.get('counter_id', '-')}"
            f"\t{o['subject']}\tpaid={o['paid_at'] or '-'}")


def cmd_payment_pay(args: argparse.Namespace) -> int:
    from central_ledger.payments import PaymentGateway

    storage = _open(args)
    try:
        order = PaymentGateway(storage).pay(args.order_id, None, by="cli")
    finally:
        storage.close()
    _emit(args, order, f"订单已支付 / order paid: {_order_line(order)}")
    return 0


def cmd_payment_list(args: argparse.Namespace) -> int:
    from central_ledger.payments import PaymentGateway

    storage = _open(args)
    try:
        orders = PaymentGateway(storage).list()
    finally:
        storage.close()
    _emit(args, orders, "\n".join(_order_line(o) for o in orders) or "（没有订单 / no orders）")
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
    serve.add_argument("--require-known-persons", action="store_true",
                       help="card management: a new card for a person the ledger does not know answers 1 "
                            "(person unknown) instead of enrolling them")
    serve.add_argument("--payment-timeout", type=float, default=300.0, metavar="SECONDS",
                       help="a payment order not paid within this many seconds expires (default 300)")
    serve.add_argument("--public-url", default=None, metavar="URL",
                       help="the ledger's address as the applicants' phones reach it, for the payment QR links "
                            "(default: the address each request came to)")
    serve.add_argument("--timezone", default=DEFAULT_TIMEZONE, metavar="ZONE",
                       help=f"the district's days (figures, console) are days of this zone: an IANA name or an "
                            f"offset such as +08:00 (default {DEFAULT_TIMEZONE})")
    serve.add_argument("--console-idle-minutes", type=int, default=15, metavar="MINUTES",
                       help="a console session unused for this long ends (default 15)")
    serve.add_argument("--insecure-cookies", action="store_true",
                       help="console cookies without the Secure flag: only for plain-HTTP demos off localhost")
    serve.add_argument("--seal-key-file", default=None, metavar="PATH",
                       help="the online applications' seal key (32 bytes or 64 hex; the citizen portal's file): "
                            "serves /v1/online and the console's review")
    serve.add_argument("--create-seal-key", action="store_true",
                       help="with --seal-key-file: make a new random key there if the file does not exist (demo)")
    serve.add_argument("--sms-file", default=None, metavar="PATH",
                       help="text messages to citizens appended to this file, one JSON line each (demo, tests)")
    serve.add_argument("--sms-url", default=None, metavar="URL",
                       help="the SMS operator's HTTPS API (with --sms-key-file)")
    serve.add_argument("--sms-key-file", default=None, metavar="PATH", help="the SMS operator's API key")
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
    add.add_argument("--hall", default=None, help="the hall the counter belongs to (see `halls add`)")
    add.set_defaults(func=cmd_counters_add)
    sethall = csub.add_parser("set-hall", help="move a counter into a hall")
    db_args(sethall)
    sethall.add_argument("--id", required=True)
    sethall.add_argument("--hall", required=True)
    sethall.set_defaults(func=cmd_counters_set_hall)
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

    person = sub.add_parser("person", help="persons the card-management system knows (blind indexes, photo, death)")
    psub = person.add_subparsers(dest="person_command", required=True)

    def who(p: argparse.ArgumentParser, name: bool) -> None:
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument("--person-index", type=_hex64, help="the person's blind index (64 hex)")
        which.add_argument("--id-number", help="the ID number: the blind index is computed with --index-key-file "
                                               "(the number itself is not stored)")
        if name:
            p.add_argument("--name-index", type=_hex64, help="with --person-index: the name's blind index")
            p.add_argument("--name", help="with --id-number: the name (its blind index is stored)")
        p.add_argument("--index-key-file", help="the district index key (32 bytes or 64 hex): read, never stored")

    padd = psub.add_parser("add", help="register a person (or update one): name index, photo on file")
    db_args(padd)
    who(padd, name=True)
    padd.add_argument("--photo", metavar="F.jpg", help="the photo on file (JPEG)")
    padd.set_defaults(func=cmd_person_add)
    pdead = psub.add_parser("mark-deceased", help="mark a person deceased: eligibility answers 4 from then on")
    db_args(pdead)
    who(pdead, name=False)
    pdead.add_argument("--at", default=None, help="date of death (default: now)")
    pdead.set_defaults(func=cmd_person_mark_deceased)
    pshow = psub.add_parser("show", help="what the ledger knows of a person")
    db_args(pshow)
    who(pshow, name=False)
    pshow.set_defaults(func=cmd_person_show)

    banks = sub.add_parser("banks", help="the co-issuing banks (code, name, BIN prefixes)")
    bsub = banks.add_subparsers(dest="banks_command", required=True)
    blist = bsub.add_parser("list", help="list the banks")
    db_args(blist)
    blist.set_defaults(func=cmd_banks_list)
    badd = bsub.add_parser("add", help="add a co-issuing bank")
    db_args(badd)
    badd.add_argument("--code", required=True, help="the bank's code (银行行号)")
    badd.add_argument("--name", required=True)
    badd.add_argument("--bin", required=True, action="append", help="a BIN prefix of its accounts (repeatable)")
    badd.set_defaults(func=cmd_banks_add)

    bank = sub.add_parser("bank", help="what the bank reports back")
    bksub = bank.add_subparsers(dest="bank_command", required=True)
    bact = bksub.add_parser("activated", help="the card's financial application was activated at the bank")
    db_args(bact)
    bact.add_argument("--card-number", required=True)
    bact.add_argument("--at", default=None, help="when (default: now)")
    bact.set_defaults(func=cmd_bank_activated)

    payment = sub.add_parser("payment", help="payment orders of the reference gateway")
    paysub = payment.add_subparsers(dest="payment_command", required=True)
    ppay = paysub.add_parser("pay", help="mark a pending order paid (as the applicant's phone would; demos)")
    db_args(ppay)
    ppay.add_argument("order_id", metavar="ORDER_ID")
    ppay.set_defaults(func=cmd_payment_pay)
    plist = paysub.add_parser("list", help="list the orders")
    db_args(plist)
    plist.set_defaults(func=cmd_payment_list)
    # The district's side (issue 21): staff accounts and halls; population, targets and figures.
    from central_ledger import cli_district, cli_staff

    cli_staff.register(sub, db_args)
    cli_district.register(sub, db_args)
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
