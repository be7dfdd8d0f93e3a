"""``citizen-portal``: serve the citizens' pages of the online applications.

    citizen-portal serve --db URL --seal-key-file F (--sms-file F | --sms-url U --sms-key-file F)
                         [--host 127.0.0.1] [--port 8620] [--timezone Asia/Shanghai]
                         [--forwarded-allow-ips IPS] [--log-level warning]

``--db`` may also come from ``CENTRAL_LEDGER_DB`` (the ledger's database: the portal shares it). The seal key file
is the same the ledger is started with. Exit codes: 0 done, 2 usage, database or key file error.
"""

from __future__ import annotations

import argparse
import os
import sys

from citizen_portal import __version__

DB_ENV = "CENTRAL_LEDGER_DB"
DEFAULT_PORT = 8620


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from central_ledger.context import district_timezone
    from central_ledger.schema import migrate
    from central_ledger.seal import SealKey
    from central_ledger.sms import gateway_from_settings
    from central_ledger.storage import Storage, StorageError
    from citizen_portal.app import create_app

    if not args.db:
        print(f"--db 或 {DB_ENV} 须给出 / give --db or {DB_ENV}", file=sys.stderr)
        return 2
    try:
        seal = SealKey.load(args.seal_key_file)
    except (OSError, ValueError) as exc:
        print(f"封存密钥 / seal key: {exc}", file=sys.stderr)
        return 2
    try:
        sms = gateway_from_settings(sms_file=args.sms_file, sms_url=args.sms_url, sms_key_file=args.sms_key_file)
    except (OSError, ValueError) as exc:
        print(f"短信网关 / SMS gateway: {exc}", file=sys.stderr)
        return 2
    try:
        zone = district_timezone(args.timezone)
    except Exception:
        print(f"未知时区 / unknown time zone: {args.timezone}", file=sys.stderr)
        return 2
    try:
        storage = Storage.open(args.db)
        migrate(storage)
    except StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    app = create_app(storage, seal, sms, timezone=zone)
    print(f"citizen-portal {__version__}: http://{args.host}:{args.port}/apply/ on the {storage.dialect} ledger "
          f"database", flush=True)
    proxy = {"proxy_headers": True, "forwarded_allow_ips": args.forwarded_allow_ips} \
        if args.forwarded_allow_ips else {"proxy_headers": False}
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, **proxy)
    finally:
        storage.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="citizen-portal", description="社保卡线上申办 · the citizens' pages")
    parser.add_argument("--version", action="version", version=f"citizen-portal {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="<command>", required=True)
    serve = sub.add_parser("serve", help="提供申办页面 serve the pages under /apply/")
    serve.add_argument("--db", default=os.environ.get(DB_ENV), help=f"账本数据库 the ledger's database ({DB_ENV})")
    serve.add_argument("--seal-key-file", required=True, help="封存密钥文件 the seal key (same as the ledger's)")
    serve.add_argument("--sms-file", help="短信写入文件（演示、测试）SMS as JSON lines to this file")
    serve.add_argument("--sms-url", help="运营商短信接口 the operator's SMS API (https)")
    serve.add_argument("--sms-key-file", help="短信接口密钥文件 the SMS API key's file")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--timezone", default=None, help="本区时区 the district's time zone (Asia/Shanghai)")
    serve.add_argument("--forwarded-allow-ips", default=None,
                       help="信任的反向代理地址 trust X-Forwarded-* from these addresses (https behind a proxy)")
    serve.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
