"""Interface language: source strings are Chinese (the clerk's language works even without any
compiled translation), ``resources/translations/counter_app_en.ts`` translates them to English.
Qt's own ``qtbase_<lang>.qm`` (from PySide6) translates the built-in buttons and dialogs.

The language is the ``--lang`` option if given, else the setting ``ui.language`` (zh_CN or en).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from counter_app.printing.template import resources_dir

log = logging.getLogger(__name__)


def translations_dir() -> Path:
    return resources_dir() / "translations"


@dataclass(frozen=True)
class Catalogue:
    """What one interface language loads: Qt's locale and the app's compiled catalogue (none for Chinese,
    the language of the sources)."""

    locale: str
    app_qm: str | None


# The one language lookup of the interface: "zh" (the default, also for anything unknown) or "en".
CATALOGUES = {"zh": Catalogue("zh_CN", None), "en": Catalogue("en", "counter_app_en.qm")}


def ui_lang(setting: str | None, cli_lang: str | None = None) -> str:
    """"zh" or "en" (the services' message languages) from the CLI option or the setting."""
    if cli_lang:
        return cli_lang if cli_lang in CATALOGUES else "zh"
    return "en" if str(setting or "").lower().startswith("en") else "zh"


def install_translators(app, lang: str) -> list[QTranslator]:
    """Load the app's and Qt's translations for ``lang``; keep the returned list alive."""
    installed: list[QTranslator] = []
    catalogue = CATALOGUES.get(lang, CATALOGUES["zh"])
    locale = catalogue.locale
    QLocale.setDefault(QLocale(locale))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{locale}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    elif catalogue.app_qm is None:  # the English Qt catalogue is optional: Qt speaks English already
        log.info("Qt's own translation qtbase_%s not found in %s", locale, qt_dir)
    if catalogue.app_qm is not None:
        own = QTranslator(app)
        qm = translations_dir() / catalogue.app_qm
        if own.load(str(qm)):
            app.installTranslator(own)
            installed.append(own)
        else:
            log.warning("English translation %s missing (run python -m counter_app.ui.i18n_build)", qm)
    return installed
