"""Code tables: sex, ethnicity, card status, replacement reasons, document types."""

from __future__ import annotations

import pytest

from counter_app.domain.applicant import DocumentType, ReplacementReason
from counter_app.domain.codes import (
    CARD_STATUS,
    DOCUMENT_TYPES,
    ETHNICITY_GROUPS,
    REPLACEMENT_REASONS,
    SEX,
    ethnicity_table,
    find,
    is_valid_ethnicity,
    label,
    search_ethnicities,
)


def test_sex_codes_of_gb_t_2261_1():
    assert [(e.code, e.zh) for e in SEX] == [("1", "男"), ("2", "女"), ("9", "未说明")]
    assert label(SEX, "2", "en") == "female"


def test_all_56_ethnic_groups_with_two_digit_codes_in_order():
    assert [e.code for e in ETHNICITY_GROUPS] == [f"{i:02d}" for i in range(1, 57)]
    assert find(ETHNICITY_GROUPS, "01").zh == "汉族"
    assert find(ETHNICITY_GROUPS, "56").zh == "基诺族"
    assert all(e.zh.endswith("族") and e.en for e in ETHNICITY_GROUPS)


def test_other_is_97_by_default_and_98_is_foreign_origin():
    table = ethnicity_table()
    assert len(table) == 58
    assert find(table, "97").zh == "其他"
    assert find(table, "98").zh == "外国血统中国籍人士"
    assert is_valid_ethnicity("97") and not is_valid_ethnicity("99")


def test_provinces_that_use_99_for_other():
    assert is_valid_ethnicity("99", other_code="99")
    assert not is_valid_ethnicity("97", other_code="99")
    assert find(ethnicity_table("99"), "99").zh == "其他"


def test_an_unknown_convention_for_other_is_a_configuration_error():
    with pytest.raises(ValueError):
        ethnicity_table("00")


@pytest.mark.parametrize("query,expected", [
    ("蒙", ["02"]),
    ("哈萨克", ["17"]),
    ("kazakh", ["17"]),
    ("05", ["05"]),
    ("其他", ["97"]),
])
def test_ethnicity_search_by_code_or_name(query, expected):
    assert [e.code for e in search_ethnicities(query)] == expected


def test_ethnicity_search_by_code_prefix_and_empty_query():
    assert [e.code for e in search_ethnicities("1")] == [f"{i}" for i in range(10, 20)]
    assert len(search_ethnicities("")) == 58


def test_card_status_codes():
    assert [(e.code, e.zh) for e in CARD_STATUS] == [
        ("0", "封存"), ("1", "正常"), ("2", "挂失"), ("3", "应用锁定"), ("4", "临时挂失"), ("9", "注销")]
    assert label(CARD_STATUS, "2", "en") == "reported lost"


def test_tables_cover_exactly_the_enums_of_the_applicant():
    assert {e.code for e in REPLACEMENT_REASONS} == {r.value for r in ReplacementReason}
    assert {e.code for e in DOCUMENT_TYPES} == {d.value for d in DocumentType}
    assert label(REPLACEMENT_REASONS, ReplacementReason.LOST) == "遗失"
    assert label(DOCUMENT_TYPES, DocumentType.FOREIGN_PERMANENT) == "外国人永久居留证"


def test_unknown_code_is_shown_as_unknown():
    assert label(SEX, "5") == "5（未知代码）"
    assert label(SEX, "5", "en") == "5 (unknown code)"
