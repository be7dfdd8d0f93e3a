"""What a test does when a real part it needs is missing: skip on a developer's machine, fail in CI.

CI (``CI=true``) runs ``scripts/setup.sh`` first, which installs every real part the tests use (pcscd with the
vsmartcard-vpcd driver, CUPS with cups-pdf, PostgreSQL, OpenSSL with SM3/SM4, Xvfb, poppler-utils, root for CUPS
administration). A skip there would hide a broken set-up and leave CI green over untested code, so there every
missing part is a failure. Outside CI the skip names what is missing and how to get it.

Besides these explicit checks, ``tests/conftest.py`` turns any skip at all into a failure under CI, so a skip
added later without this module cannot slip through either.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest


def in_ci() -> bool:
    """True where CI runs the tests (``CI`` set to anything but empty, ``0`` or ``false``)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(why: str) -> None:
    """Stop the current test because a real part is missing: a failure in CI, a skip elsewhere."""
    if in_ci():
        pytest.fail(f"missing in CI (scripts/setup.sh must install it): {why}", pytrace=False)
    pytest.skip(why)


def need(condition: object, why: str) -> None:
    """``missing(why)`` unless ``condition`` holds."""
    if not condition:
        missing(why)


def need_module(name: str, why: str | None = None):
    """Import ``name`` or stop the test (``pytest.importorskip``, but failing in CI)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        missing(why or f"Python module {name} is not importable ({exc}); pip install -e '.[dev]'")


def need_command(*names: str) -> None:
    """Every command must be on PATH (or in /usr/sbin, where Debian puts daemons)."""
    absent = [n for n in names if not shutil.which(n) and not Path("/usr/sbin", n).exists()]
    need(not absent, f"commands not installed: {', '.join(absent)} (scripts/setup.sh installs them)")


def need_root(what: str) -> None:
    need(os.geteuid() == 0, f"{what} needs root")


def need_openssl_backend(request, algorithm: str) -> None:
    """For a test parametrized over crypto backends (or marked ``openssl``): its OpenSSL run needs the
    cryptography package's OpenSSL to have ``algorithm`` (the counter's fast path); missing fails in CI."""
    from counter_app import crypto
    from counter_app.crypto import Backend

    params = getattr(request.node, "callspec", None)
    on_openssl = params is not None and params.params.get("backend") is Backend.OPENSSL
    if on_openssl or request.node.get_closest_marker("openssl"):
        need(crypto.OPENSSL_AVAILABLE,
             f"the cryptography package's OpenSSL has no {algorithm} (OpenSSL 3 with {algorithm} needed)")
