"""The portal over PostgreSQL (the ledger's production database): the codes, the hourly limit and the cool-down
(an upsert), an application submitted, its photo rejected and sent again, one open application per ID number.
PostgreSQL is a real part (tests/pg.py): missing, the tests skip on a developer's machine and fail under CI=true."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from central_ledger import online_apps
from tests.pg import pg_cluster  # noqa: F401 - the session's cluster
from tests.portal.conftest import MOBILE, Portal, ask_code, csrf_of, portal_on, sign_in, submit
from tests.support.photo_samples import jpeg_bytes, portrait


@pytest.fixture
def pg_portal(pg_cluster, tmp_path) -> Iterator[Portal]:  # noqa: F811
    yield from portal_on(pg_cluster.create_database(), tmp_path)


def test_limits_and_cool_down_on_postgresql(pg_portal):
    p = pg_portal
    page = ask_code(p)
    for _ in range(3):
        r = p.client.post("/apply/verify", data={"csrf_token": csrf_of(page.text), "code": "000000"
                                                 if p.sms.last_code(MOBILE) != "000000" else "111111"})
    assert r.status_code == 429
    p.clock.advance(minutes=16)
    for _ in range(4):
        assert ask_code(p).status_code == 200
    assert ask_code(p).status_code == 429  # five in the hour


def test_apply_reject_the_photo_and_send_a_new_one_on_postgresql(pg_portal):
    p = pg_portal
    sign_in(p)
    assert submit(p).status_code == 303
    with p.storage.transaction(write=True) as tx:
        row = online_apps.where(tx)[0]
        online_apps.set_status(tx, row.app_id, online_apps.PHOTO_REJECTED, by_whom="rev", now=row.updated_at,
                               reason_code="photo_background")
    page = p.client.get("/apply/status")
    assert "照片背景不符合要求" in page.text
    r = p.client.post("/apply/photo", data={"csrf_token": csrf_of(page.text)},
                      files={"photo": ("n.jpg", jpeg_bytes(portrait(1000)), "image/jpeg")}, follow_redirects=False)
    assert r.status_code == 303
    with p.storage.transaction() as tx:
        assert online_apps.get(tx, row.app_id).status == "submitted"
    assert p.client.get("/apply/form", follow_redirects=False).headers["location"] == "/apply/status?notice=open"
