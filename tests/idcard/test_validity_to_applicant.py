"""The ID card's validity (有效期限, a start and an end or 长期) and its issuing authority (签发机关), read from
the simulated reader over a real pseudo-terminal, become the applicant's fields; and an applicant made from
them passes the card system's rules (the end after the start, not expired)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from counter_app.domain.validation import validate_applicant
from tests.support.store import sample_applicant

VALIDITY_KEYS = ("id_valid_from", "id_valid_to", "id_valid_long_term", "issuing_authority")


def test_a_dated_card_gives_its_validity_and_issuing_authority(sim, reader, example):
    sim.put(example["rare-name"])
    fields = reader.read_card().applicant_fields()
    assert {k: fields[k] for k in VALIDITY_KEYS} == {
        "id_valid_from": dt.date(2016, 5, 12), "id_valid_to": dt.date(2036, 5, 12), "id_valid_long_term": False,
        "issuing_authority": "咸宁市公安局咸安分局"}
    applicant = replace(sample_applicant(), **{k: fields[k] for k in VALIDITY_KEYS})
    assert not [p for p in validate_applicant(applicant, dt.date(2026, 12, 3), ethnicity_other_code="97")
                if p.field in VALIDITY_KEYS]


def test_a_long_term_card_has_no_end(sim, reader, example):
    sim.put(example["long-term"])
    fields = reader.read_card().applicant_fields()
    assert {k: fields[k] for k in VALIDITY_KEYS} == {
        "id_valid_from": dt.date(2012, 3, 1), "id_valid_to": None, "id_valid_long_term": True,
        "issuing_authority": "赤壁市公安局"}


def test_a_residence_permit_and_a_permanent_residence_card(sim, reader, example):
    sim.put(example["permit"])
    permit = reader.read_card().applicant_fields()
    assert (permit["id_valid_to"], permit["issuing_authority"]) == (dt.date(2027, 1, 10), "咸宁市公安局")
    sim.put(example["foreigner"])
    foreign = reader.read_card().applicant_fields()
    assert (foreign["id_valid_from"], foreign["id_valid_to"]) == (dt.date(2020, 1, 1), dt.date(2030, 1, 1))
    assert foreign["issuing_authority"] == "1500"  # the authority's code, as that card carries it
