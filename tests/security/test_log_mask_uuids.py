"""A UUID is never personal data: the mask leaves it whole, and the audit (which refuses what the mask would
change) takes a row that names an issuance or an exception by its UUID. With separators allowed between digits,
a UUID's dashed hex groups can read as a landline (``…f2-0845-4524-9565-64…``): that once refused an exception
approval at random."""

from __future__ import annotations

import random
import uuid

from counter_app.logmask import mask

SHAPED_LIKE_A_LANDLINE = "921727f2-0845-4524-9565-64d929ba2a24"


def test_a_uuid_whose_groups_look_like_a_phone_number_is_left_whole():
    detail = f'{{"decision":"approved","kind":"spoiled_card","subject_id":"{SHAPED_LIKE_A_LANDLINE}"}}'
    assert mask(detail) == detail


def test_random_uuids_are_never_masked():
    rng = random.Random(17)
    uuids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(20000)]
    assert [u for u in uuids if mask(u) != u] == []


def test_a_phone_number_next_to_a_uuid_is_still_masked():
    assert mask(f"{SHAPED_LIKE_A_LANDLINE} 0845-4524-9565") == f"{SHAPED_LIKE_A_LANDLINE} 0845-****9565"
