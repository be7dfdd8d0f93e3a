"""Readers are picked by exact name, glob or unique substring; no pcscd means PcscUnavailable, not a crash."""

from __future__ import annotations

import pytest

from counter_app.card import pcsc
from counter_app.card.errors import PcscUnavailable, ReaderNotFound

READERS = ["Virtual PCD 00 00", "Virtual PCD 00 01", "ACS ACR39U ICC Reader 00 00"]


def test_exact_name_wins():
    assert pcsc.match_reader(pcsc.DEFAULT_PSAM_READER, READERS) == "Virtual PCD 00 01"


def test_glob_and_unique_substring():
    assert pcsc.match_reader("ACS*", READERS) == "ACS ACR39U ICC Reader 00 00"
    assert pcsc.match_reader("acr39u", READERS) == "ACS ACR39U ICC Reader 00 00"


def test_ambiguous_or_missing_reader_names_the_readers_present():
    with pytest.raises(ReaderNotFound) as err:
        pcsc.match_reader("Virtual", READERS)
    assert "Virtual PCD 00 01" in err.value.message("en")
    with pytest.raises(ReaderNotFound):
        pcsc.match_reader("Gemalto", READERS)


def test_listing_readers_either_works_or_says_pcscd_is_down():
    try:
        assert isinstance(pcsc.list_readers(), list)
    except PcscUnavailable as exc:
        assert "PC/SC" in exc.message("zh")
