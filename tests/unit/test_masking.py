"""One rule for showing an ID number: first 4 and last 4 kept, the rest starred."""

from __future__ import annotations

from counter_app import logmask
from counter_app.domain.masking import mask_id_number
from counter_app.services.card_query import masked_id


def test_the_rule():
    assert mask_id_number("421303199003070019") == "4213**********0019"
    assert mask_id_number("42130319900307001x") == "4213**********001X"
    assert mask_id_number(" 421303900307001 ") == "4213*******7001"
    assert mask_id_number("H12345678") == "H123*5678"
    assert mask_id_number("12345678") == "********"
    assert mask_id_number("") == mask_id_number(None) == ""


def test_the_older_names_use_the_same_helper():
    number = "421303199003070019"
    assert logmask.mask_id_number(number) == masked_id(number) == "4213**********0019"
