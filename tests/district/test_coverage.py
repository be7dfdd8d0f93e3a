"""Coverage per township from the imported population table: active cards of the township's applicants,
second-generation holders not yet upgraded, capped at the residents; an unknown-township row; the district."""

from __future__ import annotations

import datetime as dt

from central_ledger.district import DistrictFigures
from central_ledger.population import import_population, set_targets
from tests.district.conftest import BEIJING, allocate, local, person

DAY = dt.date(2026, 3, 5)
IMPORTED = local(dt.date(2026, 3, 1), 9)


def test_coverage_per_township_and_district(district, storage, tmp_path):
    district.hall("H1", "城区大厅")
    district.counter("C1", "H1")
    numbers = iter(allocate(storage, "C1", 40))
    f = tmp_path / "population.csv"
    f.write_text("乡镇代码,乡镇名称,常住人口,二代卡持卡人数\n421303001,南郊街道,20,15\n421303002,北郊街道,4,0\n"
                 "421303003,东城街道,10,9\n", encoding="utf-8")
    import_population(storage, f, clock=lambda: IMPORTED)
    p = iter(range(1, 100))
    # 南郊: 3 new cards, 4 upgrades after the import (of second-generation holders), 1 upgrade before it
    for _ in range(3):
        district.issue("C1", local(DAY, 9), application="new", township="421303001", card_number=next(numbers),
                       person=person(next(p)))
    for _ in range(4):
        district.issue("C1", local(DAY, 10), application="upgrade", township="421303001",
                       card_number=next(numbers), person=person(next(p)))
    district.issue("C1", local(dt.date(2026, 2, 20), 10), application="upgrade", township="421303001",
                   card_number=next(numbers), person=person(next(p)))
    # 北郊: more cards than residents (people moved in since the census): capped at 100 %
    for _ in range(6):
        district.issue("C1", local(DAY, 11), application="new", township="421303002", card_number=next(numbers),
                       person=person(next(p)))
    # no township known: counted for the district only
    for _ in range(2):
        district.issue("C1", local(DAY, 12), application="new", card_number=next(numbers), person=person(next(p)))
    # a replaced card is not active any more: a replacement of the same person
    first = next(numbers)
    holder = person(next(p))
    district.issue("C1", local(DAY, 13), application="new", township="421303003", card_number=first, person=holder)
    district.issue("C1", local(DAY, 14), application="replacement", township="421303003",
                   card_number=next(numbers), person=holder)
    set_targets(storage, 2026, coverage_percent=99.5)

    cov = DistrictFigures(storage, BEIJING, lambda: local(DAY, 18)).coverage()
    rows = {r.township_code: r for r in cov.rows}
    south = rows["421303001"]
    assert (south.third_generation_holders, south.upgrades_since_import) == (8, 4)
    assert south.holders == 8 + (15 - 4) == 19
    assert (south.coverage, south.coverage_percent, south.third_generation_share_percent) == (0.95, 95.0, 40.0)
    north = rows["421303002"]
    assert (north.third_generation_holders, north.holders, north.coverage_percent) == (6, 4, 100.0)
    east = rows["421303003"]
    assert (east.third_generation_holders, east.holders) == (1, 10)  # 1 card + 9 second-generation, capped
    assert (cov.unknown.township_code, cov.unknown.third_generation_holders) == (None, 2)
    assert cov.unknown.township_name == "未知乡镇/unknown"
    total = cov.total
    assert total.residents == 34
    assert total.third_generation_holders == 8 + 6 + 1 + 2
    assert total.holders == min(34, 19 + 4 + 10 + 2) == 34
    assert (cov.target_percent, cov.on_track) == (99.5, True)
    assert cov.imported_at == "2026-03-01T01:00:00.000000Z"
    assert cov.as_dict()["rows"][0]["township_name"] == "南郊街道"


def test_no_population_table(district, storage):
    cov = DistrictFigures(storage, BEIJING, lambda: local(DAY, 18)).coverage()
    assert cov.rows == [] and cov.total.coverage is None and cov.imported_at is None and cov.on_track is None
