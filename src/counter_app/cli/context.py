"""What every command handler shares: exit codes, :class:`CliFail` and :class:`CliContext`.

Kept apart from ``counter_app.cli`` (the parser and :func:`~counter_app.cli.main`), which loads the
command modules: they import this module, not their package, so the command line has no import cycle.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from counter_app.domain.problems import Severity, pick
from counter_app.paths import AppPaths

if TYPE_CHECKING:
    from counter_app.services.auth import Session
    from counter_app.services.container import CounterServices
    from counter_app.settings import Settings

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class CliFail(Exception):
    """An error of the command line itself (a bad argument, a file that cannot be read): message per
    language and exit code. A :class:`~counter_app.domain.problems.UserFacingError`; the errors of the
    layers below are one too and are never wrapped in a CliFail."""

    severity = Severity.ERROR

    def __init__(self, zh: str, en: str | None = None, code: int = EXIT_USAGE):
        super().__init__(en or zh)
        self.zh = zh
        self.en = en or zh
        self.code = code

    @property
    def exit_code(self) -> int:
        return self.code

    def message(self, lang: str = "zh") -> str:
        return pick(lang, self.zh, self.en)


@dataclass
class CliContext:
    """What every handler gets besides its arguments: language, the counter's paths, output helpers."""

    lang: str
    paths: AppPaths
    config_file: str | None = None
    demo: bool = False  # --demo: demo mode for this run, whatever the settings file says
    _settings: Settings | None = field(default=None, repr=False)

    def t(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    def emit_json(self, obj: Any) -> None:
        json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False, default=str)
        sys.stdout.write("\n")

    @contextmanager
    def services(self, *, encoder: bool = False) -> Iterator[CounterServices]:
        """The counter's services over its store, opened at its usual place for this block and closed
        after. ``encoder``: with the PC/SC encoder of the settings (the card commands)."""
        from counter_app.services.container import CounterServices
        from counter_app.store.database import open_store

        settings = self.settings
        device = None
        if encoder:
            from counter_app.services.encoding import PcscEncoder

            device = PcscEncoder(settings["card.reader"], settings["card.psam_reader"])
        with open_store(self.paths) as store:
            yield CounterServices.for_counter(store, settings, self.paths, encoder=device)

    @property
    def session(self) -> Session:
        """The everyday commands' session: the local operator (see ``Session.local_operator``). Commands that
        change users, keys or trust log a person in instead (:func:`counter_app.cli.login.logged_in`)."""
        from counter_app.services.auth import Session

        return Session.local_operator(str(self.settings["counter.id"]))

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from counter_app.settings import Settings

            self._settings = Settings.load(self.config_file or self.paths.settings_file)
            if self.demo:  # in memory only: a settings file is never turned into a demo by a run
                self._settings.set("demo.enabled", True)
        return self._settings
