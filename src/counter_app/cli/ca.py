"""``counter-app ca install --file F | show``: the ledger CA certificate this counter trusts.

The technician brings the ledger's CA certificate as a file (the ledger operator writes it with
``central-ledger ca export --db … --out ca.pem``) and installs it:

    printf '%s\\n' "$PASSWORD" | counter-app ca install --file ca.pem --user tech1 --password-stdin

The command shows the certificate's SM3 fingerprint, subject and validity first (compare the fingerprint
with the one the ledger operator reads out), then logs the supervisor or technician in
(:mod:`counter_app.cli.login`) and pins it (:mod:`counter_app.services.ca_trust`). Afterwards the
counter refuses any other CA certificate from the ledger.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail
from counter_app.cli.login import add_login_arguments, logged_in


def register(subparsers) -> None:
    p = subparsers.add_parser("ca", help="中心 CA 证书 the ledger CA certificate this counter trusts")
    sub = p.add_subparsers(dest="ca_command", metavar="<ca command>", required=True)

    install = sub.add_parser("install", help="从文件安装中心 CA 证书 install the ledger's CA certificate from a file "
                                             "(supervisor/technician login)")
    install.add_argument("--file", required=True, help="CA 证书文件 (PEM or DER), from 'central-ledger ca export'")
    add_login_arguments(install)
    install.add_argument("--json", action="store_true")
    install.set_defaults(func=cmd_install)

    show = sub.add_parser("show", help="显示已安装的 CA 证书 show the installed CA certificate")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)


def ca_json(cert) -> dict:
    from counter_app.services.ca_trust import fingerprint

    return {"sm3_fingerprint": fingerprint(cert), "subject": cert.subject, "serial": cert.serial_hex,
            "not_before": cert.not_before.isoformat(), "not_after": cert.not_after.isoformat()}


def print_ca(ctx, cert) -> None:
    from counter_app.services.ca_trust import fingerprint

    subject = ", ".join(f"{k}={v}" for k, v in cert.subject.items())
    print(ctx.t(f"  SM3 指纹：{fingerprint(cert)}", f"  SM3 fingerprint: {fingerprint(cert)}"))
    print(ctx.t(f"  主题：{subject}", f"  subject: {subject}"))
    print(ctx.t(f"  序列号：{cert.serial_hex}", f"  serial: {cert.serial_hex}"))
    print(ctx.t(f"  有效期：{cert.not_before:%Y-%m-%d %H:%M}Z 至 {cert.not_after:%Y-%m-%d %H:%M}Z",
                f"  valid: {cert.not_before:%Y-%m-%d %H:%M}Z to {cert.not_after:%Y-%m-%d %H:%M}Z"))


def cmd_install(args, ctx) -> int:
    from counter_app.services.ca_trust import read_ca_file

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliFail(f"无法读取 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}", EXIT_INVALID) from None
    cert = read_ca_file(data)  # checked before the login: a wrong file costs no password
    if not args.json:
        print(ctx.t(f"CA 证书 {path}：", f"CA certificate {path}:"))
        print_ca(ctx, cert)
    with ctx.services() as services, logged_in(ctx, args, services) as session:
        done = services.ca_trust.install(session, data)
    if args.json:
        ctx.emit_json({**ca_json(done.certificate), "unchanged": done.unchanged,
                       "replaced": None if done.replaced is None else ca_json(done.replaced)})
    elif done.unchanged:
        print(ctx.t("该 CA 证书已安装，未作更改。", "this CA certificate was already installed: nothing changed."))
    else:
        if done.replaced is not None:
            print(ctx.t(f"已替换原 CA 证书（序列号 {done.replaced.serial_hex}）。",
                        f"replaced the CA certificate trusted before (serial {done.replaced.serial_hex})."))
        print(ctx.t("已安装：本柜台只接受此 CA 签发的卡片证书。",
                    "installed: this counter accepts card certificates from this CA only."))
    return EXIT_OK


def cmd_show(args, ctx) -> int:
    with ctx.services() as services:
        cert = services.ca_trust.pinned()
    if args.json:
        ctx.emit_json({"ca": None if cert is None else ca_json(cert)})
    elif cert is None:
        print(ctx.t("尚未安装中心 CA 证书（counter-app ca install --file 文件）。",
                    "no ledger CA certificate installed (counter-app ca install --file F)."))
    else:
        print_ca(ctx, cert)
    return EXIT_OK
