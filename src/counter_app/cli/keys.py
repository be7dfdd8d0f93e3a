"""``counter-app keys install-index --file F`` and ``keys status``: the district index key.

The district issues one index key to all its counters (it keys the blind person index, so the
ledger can find one person's issuances across counters). A counter outside the demo and the tests
does not start without it; the technician installs the file here. The command works on the key
directory only — it runs before the counter can open its database, so before any user exists —
and it never replaces a different key already installed (that would orphan every stored index),
so it cannot be used to swap keys: whoever runs it already has the app user's access to the keys.
"""

from __future__ import annotations

from pathlib import Path

from counter_app.cli.context import EXIT_INVALID, EXIT_OK, CliFail


def register(subparsers) -> None:
    p = subparsers.add_parser("keys", help="密钥 the counter's key files")
    sub = p.add_subparsers(dest="keys_command", metavar="<keys command>", required=True)
    install = sub.add_parser("install-index", help="安装本区人员索引密钥 install the district index key")
    install.add_argument("--file", required=True, help="区里下发的密钥文件 (32 bytes or 64 hex characters)")
    install.add_argument("--json", action="store_true")
    install.set_defaults(func=cmd_install_index)
    status = sub.add_parser("status", help="密钥状态 which keys are installed")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)


def cmd_install_index(args, ctx) -> int:
    from counter_app.store.datakeys import KeyDirectory

    source = Path(args.file)
    if not source.is_file():
        raise CliFail(f"找不到密钥文件 {source}", f"key file {source} not found", EXIT_INVALID)
    directory = KeyDirectory(ctx.paths.ensure().keys_dir)
    try:
        directory.install_index_key(source)
    except OSError as exc:
        raise CliFail(f"无法读取密钥文件 {source}：{exc.strerror}", f"cannot read the key file {source}: {exc.strerror}",
                      EXIT_INVALID) from exc
    if args.json:
        ctx.emit_json({"installed": str(directory.index_key_file)})
    else:
        print(ctx.t(f"已安装本区人员索引密钥：{directory.index_key_file}",
                    f"district index key installed: {directory.index_key_file}"))
    return EXIT_OK


def cmd_status(args, ctx) -> int:
    from counter_app.store.datakeys import KeyDirectory

    directory = KeyDirectory(ctx.paths.keys_dir)
    state = {"index_key": directory.index_key_file.exists(), "data_keys": directory.data_keys_file.exists()}
    if args.json:
        ctx.emit_json(state)
    else:
        yes_zh, no_zh, yes_en, no_en = "已安装", "缺少", "installed", "missing"
        print(ctx.t(f"人员索引密钥：{yes_zh if state['index_key'] else no_zh}",
                    f"district index key: {yes_en if state['index_key'] else no_en}"))
        print(ctx.t(f"数据密钥：{yes_zh if state['data_keys'] else no_zh}",
                    f"data keys: {yes_en if state['data_keys'] else no_en}"))
    return EXIT_OK
