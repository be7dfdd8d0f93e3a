"""After applications through the pages (by post and at a hall) the raw bytes of the SQLite file and its WAL hold
no ID number, name, mobile number, postal address, code nor JPEG: the portal stores only sealed values, blind
indexes and code hashes (the ledger's scan, tests/online/test_no_clear_personal_data.py, over what the portal
really writes)."""

from __future__ import annotations

from pathlib import Path

from central_ledger import online_apps
from tests.portal.conftest import id_number, sign_in, submit


def test_the_database_file_holds_nothing_in_clear(portal, tmp_path):
    people = [(id_number("42130319900307123"), "欧阳明珠", "13907195528", "湖北省随州市曾都区东城街道解放路 88 号 3 栋"),
              (id_number("42130319851123003"), "张伟", "18672893301", "湖北省随州市曾都区北郊街道车城路 12 号")]
    codes = []
    for i, (number, name, mobile, address) in enumerate(people):
        client = portal.new_client()
        sign_in(portal, client, number=number, name=name, mobile=mobile)
        codes.append(portal.sms.last_code(mobile))
        r = submit(portal, client, collection="post" if i == 0 else "hall", address=address,
                   postal_address=address if i == 0 else "")
        assert r.status_code == 303, r.text
    with portal.storage.transaction() as tx:
        assert len(online_apps.where(tx)) == 2
    raw = b"".join(p.read_bytes() for p in Path(tmp_path).glob("ledger.sqlite3*"))
    assert raw
    for number, name, mobile, address in people:
        for needle in (number, number[6:14], name, mobile, address, address[:10]):
            assert needle.encode("utf-8") not in raw, needle
    for code in codes:
        assert f'"{code}"'.encode() not in raw and code.encode() + b"\x00" not in raw
    assert b"\xff\xd8\xff" not in raw and b"JFIF" not in raw
