"""Names: look-alike dots, what may be in a name, and what fits in the chip's GBK fields."""

from __future__ import annotations

import pytest

from counter_app.domain.names import (
    MIDDLE_DOT,
    NAME_MAX_BYTES,
    ChipName,
    check_chip_substitute,
    check_name,
    gbk_length,
    normalize_name,
    outside_gbk,
    split_for_chip,
    substitute_required_problem,
)
from counter_app.domain.problems import DomainError


def codes(result):
    return [p.code for p in result.problems]


# --- normalisation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dot", ["\u2022", "\u30fb", "\uff0e", "\u2027", "\uff65", "\u00b7"])
def test_dot_look_alikes_become_the_middle_dot(dot):
    assert normalize_name(f"阿依古丽{dot}买买提") == f"阿依古丽{MIDDLE_DOT}买买提"


def test_spaces_are_trimmed_collapsed_and_removed_around_the_dot():
    assert normalize_name("  阿依古丽 \u3000• 买买提 ") == "阿依古丽·买买提"
    assert normalize_name(" John   Smith ") == "John Smith"


def test_full_width_latin_letters_become_ascii():
    assert normalize_name("Ｊｏｈｎ Ｓｍｉｔｈ") == "John Smith"


# --- characters ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["张三", "欧阳娜娜", "阿依古丽·买买提", "John Smith", "Jean-Luc O'Neil", "José Lü"])
def test_ordinary_names_are_valid(name):
    result = check_name(name)
    assert result.valid, result.problems
    assert not result.needs_substitute


@pytest.mark.parametrize("name,code,position", [
    ("张3", "name.digit", 2),
    ("张三\x00", "name.control", 3),
    ("张\u200b三", "name.control", 2),       # zero-width space, pasted from a web page
    ("张三😀", "name.symbol", 3),
    ("张三!", "name.symbol", 3),
    ("张-三", "name.symbol", 2),             # a hyphen only in Latin names
    ("张\ue000", "name.private_use", 2),
])
def test_wrong_characters_are_named_with_their_position(name, code, position):
    result = check_name(name)
    assert code in codes(result)
    problem = next(p for p in result.problems if p.code == code)
    assert f"第 {position} 位" in problem.zh
    assert f"character {position}" in problem.en
    assert problem.field == "name"


@pytest.mark.parametrize("name", ["·张三", "张三·", "阿依古丽··买买提"])
def test_misplaced_middle_dot(name):
    assert codes(check_name(name)) == ["name.dot"]


def test_empty_name():
    assert codes(check_name(" \u3000 ")) == ["name.empty"]


# --- GBK and the chip's byte limits ---------------------------------------------------------------------------------


def test_latin_letters_outside_gbk_need_a_substitute_too():
    # GBK has the pinyin letters (é, ú, ü) but not ñ.
    result = check_name("José Núñez")
    assert result.valid
    assert result.outside_gbk == ((8, "ñ"),)
    assert check_chip_substitute("Jose Nunez", "José Núñez").valid


def test_which_rare_characters_are_outside_gbk():
    # Verified with Python's gbk codec: Extension A's 䶮 and Extension B's 𪚥 and 𠀀 are not in GBK;
    # 堃 and 喆, often thought rare, are.
    assert outside_gbk("王䶮𪚥𠀀堃喆") == ((2, "䶮"), (3, "𪚥"), (4, "𠀀"))


def test_name_with_rare_characters_is_valid_but_needs_a_substitute():
    result = check_name("王䶮")
    assert result.valid
    assert result.needs_substitute
    assert result.outside_gbk == ((2, "䶮"),)
    problem = substitute_required_problem(result)
    assert problem.code == "name.needs_substitute" and problem.field == "chip_name"
    assert "第 2 位" in problem.zh and "U+4DAE" in problem.zh


def test_exactly_50_bytes_fit_and_51_do_not():
    assert check_name("一" * 25).valid                                   # 50 bytes
    assert check_name("A" + "一" * 24 + "B").valid                        # 50 bytes mixed
    result = check_name("A" * 51)
    assert codes(result) == ["name.too_long"]
    assert "51 字节" in result.problems[0].zh
    assert codes(check_name("一" * 26)) == ["name.too_long"]             # 52 bytes


def test_thirty_bytes_fill_the_name_field_alone():
    assert split_for_chip("一" * 15) == ChipName("一" * 15, "")


def test_longer_names_continue_in_the_extension_on_a_character_boundary():
    chip = split_for_chip("A" + "一" * 15)              # 31 bytes: 一 at bytes 30-31 does not fit
    assert chip == ChipName("A" + "一" * 14, "一")
    assert gbk_length(chip.name) == 29
    assert chip.full == "A" + "一" * 15
    chip = split_for_chip("一" * 25)
    assert (gbk_length(chip.name), gbk_length(chip.extension)) == (30, 20)


def test_splitting_a_name_that_does_not_fit_is_refused():
    with pytest.raises(DomainError) as err:
        split_for_chip("一" * 26)
    assert err.value.problem.code == "name.too_long"
    with pytest.raises(DomainError) as err:
        split_for_chip("王䶮")
    assert err.value.problem.code == "name.substitute_not_gbk"


def test_a_name_too_long_for_any_substitute():
    assert "name.too_long" in codes(check_name("䶮" * (NAME_MAX_BYTES + 1)))


# --- substitutes for the chip ------------------------------------------------------------------------------------------


def test_a_gbk_substitute_is_accepted():
    assert check_chip_substitute("王岩", "王䶮").valid
    assert check_chip_substitute("王YAN", "王䶮").valid


@pytest.mark.parametrize("substitute", ["王?", "王？", "王\ufffd"])
def test_a_question_mark_is_never_a_substitute(substitute):
    result = check_chip_substitute(substitute, "王䶮")
    assert codes(result) == ["name.substitute_placeholder"]
    assert result.problems[0].field == "chip_name"


def test_a_substitute_must_be_all_gbk():
    result = check_chip_substitute("王𪚥", "王䶮")
    assert codes(result) == ["name.substitute_not_gbk"]
    assert "第 2 位" in result.problems[0].zh


def test_the_true_name_is_not_its_own_substitute():
    assert "name.substitute_same" in codes(check_chip_substitute("王䶮", "王䶮"))


def test_a_substitute_obeys_the_byte_limit_and_name_rules():
    assert codes(check_chip_substitute("一" * 26, "䶮" * 26)) == ["name.too_long"]
    assert codes(check_chip_substitute("王1", "王䶮")) == ["name.digit"]


@pytest.mark.parametrize("garbage", ["\x00" * 10, "😀" * 10_000, "a" * 10_000, "\ud800"])
def test_garbage_never_raises(garbage):
    assert not check_name(garbage).valid
    assert not check_chip_substitute(garbage).valid
