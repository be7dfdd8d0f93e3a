"""The command line: ``counter-app [global options] <command> ...`` over the service layer.

Each command group lives in its own module with a ``register(subparsers)`` function that adds
its parsers and sets ``func`` to a handler ``handler(args, ctx) -> int``. Handlers print for
people (Chinese by default, English with ``--lang en``) or JSON with ``--json``; they never let
a traceback reach the user. Every error meant for a person (a
:class:`~counter_app.domain.problems.UserFacingError`: domain, card, store, print, sync, photo and
record errors, and :class:`CliFail` for the command line's own) propagates to :func:`main`, which
presents it once: its message on standard error and its ``exit_code`` (1 for invalid input, 3 for a
ledger that cannot be reached, 4/5 for a wrong/blocked PIN). Anything else ends as "internal error"
with exit 2, as do usage errors.
"""

from __future__ import annotations

import argparse
import logging
import sys

from counter_app import __version__
from counter_app.cli.context import EXIT_INVALID, EXIT_OK, EXIT_USAGE, CliContext, CliFail
from counter_app.domain.problems import is_user_facing
from counter_app.paths import AppPaths

log = logging.getLogger(__name__)

__all__ = ["EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "CliContext", "CliFail", "build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in the user's language and exits 2 without a traceback."""

    lang = "zh"

    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        prefix = "参数错误" if _Parser.lang != "en" else "usage error"
        sys.stderr.write(f"{self.prog}: {prefix}: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _command_modules():
    # Imported lazily by name so that a command group's heavy imports (Qt, pyscard) are paid
    # only by the commands that need them.
    from counter_app.cli import commands

    return commands.MODULES


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="counter-app", description="第三代社会保障卡即时制卡柜台 / social security card counter")
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    parser.add_argument("--data-dir", help="数据目录 (database, keys, logs, settings); env COUNTER_APP_DATA")
    parser.add_argument("--config", help="设置文件 settings TOML file")
    parser.add_argument("--lang", choices=("zh", "en"), default=None, help="输出语言 output language")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr")
    parser.add_argument("--demo", action="store_true",
                        help="演示模式 run as the demo: simulated camera and blank cards (setting demo.enabled)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="<command>")
    for module in _command_modules():
        module.register(sub)
    return parser


def _detect_lang(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if a.startswith("--lang="):
            return "en" if a.split("=", 1)[1] == "en" else "zh"
    return "zh"


def _demo(ctx: CliContext) -> bool:
    if ctx.demo:
        return True
    try:
        return bool(ctx.settings["demo.enabled"])
    except Exception:  # an unreadable settings file is reported by the command that needs it
        return False


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _detect_lang(argv)
    _Parser.lang = lang
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    lang = args.lang or lang
    ctx = CliContext(lang=lang, paths=AppPaths.resolve(args.data_dir), config_file=args.config, demo=args.demo)
    from counter_app.logsetup import configure_logging

    configure_logging(ctx.paths, verbosity=args.verbose)
    from counter_app.store.datakeys import allow_new_index_key, require_index_key

    if _demo(ctx):
        allow_new_index_key()  # the demo may make up its own district index key; production never
    try:
        if args.command is None:
            from counter_app.cli.gui import run_gui

            require_index_key(ctx.paths.keys_dir)  # the GUI does not start without the district's key
            return run_gui(args, ctx)
        return int(args.func(args, ctx) or 0)
    except KeyboardInterrupt:
        sys.stderr.write(ctx.t("已取消", "cancelled") + "\n")
        return 130
    except Exception as exc:
        if not is_user_facing(exc):  # the last line of defence: a message, never a traceback
            log.exception("unexpected error in command %s", args.command)
            sys.stderr.write(
                ctx.t(f"内部错误：{type(exc).__name__}。详情见日志 {ctx.paths.log_dir}",
                      f"internal error: {type(exc).__name__}. See the log in {ctx.paths.log_dir}") + "\n"
            )
            return EXIT_USAGE
        # A missing index key, an altered sealed blob, a busy file, a refused step: said plainly, once.
        log.warning("command %s stopped: %s", args.command, exc.message("en"))
        sys.stderr.write(exc.message(lang) + "\n")
        return int(exc.exit_code)
