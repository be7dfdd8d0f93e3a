"""Which township an address lies in (counter_app.domain.townships): the rules a supervisor can check by eye."""

from __future__ import annotations

from counter_app.domain.townships import Township, stem, township_of, townships_from_json, townships_to_json

DISTRICT = [Township("421303001", "南郊街道"), Township("421303003", "东城街道"), Township("421303100", "万店镇"),
            Township("421303900", "东城"), Township("421303200", "淅河镇")]


def test_the_longest_whole_name_in_the_address_wins():
    assert township_of("湖北省随州市曾都区东城街道烈山大道66号", DISTRICT).code == "421303003"
    assert township_of("湖北省随州市曾都区南郊街道青年路12号", DISTRICT).name == "南郊街道"


def test_an_address_with_the_name_without_its_suffix_still_matches():
    assert township_of("湖北省随州市曾都区万店正街9号", DISTRICT).code == "421303100"
    assert township_of("随州市曾都区淅河乡老街", DISTRICT).code == "421303200"  # written before 乡 became 镇


def test_spaces_in_the_address_do_not_matter():
    assert township_of("湖北省 随州市 曾都区 南郊 街道 青年路", DISTRICT).code == "421303001"


def test_no_match_no_list_or_no_address_is_unknown():
    assert township_of("湖北省随州市曾都区青年路1号", DISTRICT) is None
    assert township_of("湖北省随州市曾都区南郊街道", []) is None
    assert township_of("", DISTRICT) is None


def test_a_one_character_stem_is_never_matched_alone():
    assert township_of("某某路", [Township("1", "某镇")]) is None
    assert stem("万店镇") == "万店" and stem("镇") == "镇" and stem("西城街道") == "西城"


def test_the_list_round_trips_and_bad_entries_are_skipped():
    text = townships_to_json(DISTRICT)
    assert townships_from_json(text) == DISTRICT
    assert townships_from_json('[{"code": "1", "name": "甲镇"}, {"code": 2}, "x"]') == [Township("1", "甲镇")]
    assert townships_from_json("not json") == [] and townships_from_json(None) == []
