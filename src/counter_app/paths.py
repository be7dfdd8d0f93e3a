"""Where one counter keeps its state: database, keys, logs and settings.

Everything of one counter lives under one data directory, chosen (first match wins) by the
``--data-dir`` option, the ``COUNTER_APP_DATA`` environment variable, or the platform's user
directories. Tests, benchmarks and several counters on one machine each get their own
directory and so never share state.

What the app reads but never writes (card-face templates, fonts, translations, the style sheet) lives in
``resources/``: :func:`resources_dir` finds it in a source checkout and in the frozen build alike.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "counter-app"
ENV_DATA_DIR = "COUNTER_APP_DATA"
ENV_RESOURCES = "COUNTER_APP_RESOURCES"


def resources_dir() -> Path:
    """``resources/`` of a source checkout, of a frozen build, or ``$COUNTER_APP_RESOURCES``.

    The frozen build (build.spec) copies ``resources/`` into its bundle directory (``sys._MEIPASS``);
    everything the app loads at run time is looked up below this one directory, never next to a module's
    ``__file__`` (which in the frozen build points into the archive)."""
    env = os.environ.get(ENV_RESOURCES)
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The files of one counter. With ``root`` set, all of them live below it."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike | None = None) -> AppPaths:
        chosen = data_dir or os.environ.get(ENV_DATA_DIR)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(data_dir=root, config_dir=root, log_dir=root / "logs")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def database(self) -> Path:
        return self.data_dir / "counter.sqlite3"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def traces_dir(self) -> Path:
        return self.data_dir / "traces"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.config_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
        # Keys and the database hold personal data and secrets: the app's user only.
        for d in (self.data_dir, self.keys_dir):
            d.mkdir(parents=True, exist_ok=True)
            try:
                d.chmod(0o700)
            except OSError:
                pass
        return self
