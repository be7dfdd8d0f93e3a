"""Status words have names and meanings in both languages; 63Cx carries the tries left."""

from __future__ import annotations

from counter_app.card.errors import ApduError
from counter_app.card.sw import SW, describe, is_counter, sw_name, tries_left


def test_every_status_word_of_the_spec_has_a_name():
    for sw in (0x9000, 0x6281, 0x6700, 0x6982, 0x6983, 0x6984, 0x6988, 0x6A80, 0x6A81, 0x6A82, 0x6A83,
               0x6D00, 0x6E00, 0x9303):
        assert SW(sw).name == sw_name(sw)
        assert describe(sw, "zh") != describe(sw, "en")
        assert f"{sw:04X}" in describe(sw, "en")


def test_63cx_counts_tries_left():
    assert is_counter(0x63C2) and tries_left(0x63C2) == 2
    assert tries_left(0x9000) is None
    assert sw_name(0x63C1) == "VERIFY_FAILED_1_TRIES_LEFT"
    assert "还可尝试 1 次" in describe(0x63C1, "zh")


def test_apdu_error_prints_the_status_word_by_name():
    err = ApduError(0x6A82, command="SELECT EF05")
    assert "FILE_NOT_FOUND" in str(err) and "6A82" in str(err) and "SELECT EF05" in str(err)
    assert "文件未找到" in err.message("zh")


def test_unknown_status_words_still_print():
    assert sw_name(0x6F12) == "UNKNOWN"
    assert "6F12" in describe(0x6F12, "en")
