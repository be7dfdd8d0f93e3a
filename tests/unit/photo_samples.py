"""Moved to :mod:`tests.support.photo_samples`; this name stays for the tests (and ``bench/bench_photo.py``)
that import it from here."""

from tests.support.photo_samples import *  # noqa: F403
