"""A stolen copy of the ledger's database must not give away the citizens who applied online: the raw bytes of
the SQLite file (with its WAL) and a dump of the PostgreSQL tables hold no ID number, name, mobile number, postal
address nor JPEG of the test applicants (the same scan as the counter's database,
tests/security/test_db_file_has_no_clear_personal_data.py). Everything still reads back under the seal key."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlparse

from central_ledger import online_apps
from central_ledger.online_apps import OnlineApplicationRow
from central_ledger.seal import SealKey

SEAL = SealKey.from_master(bytes(range(100, 132)))
NOW = "2026-12-06T02:00:00.000000+00:00"
# A real JPEG's head (SOI, APP0 "JFIF"), a body and EOI, as the portal's photo code leaves it
PHOTO = (bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb0043000806060706050806070709090809")
         + bytes(range(256)) * 4 + bytes.fromhex("ffd9"))
APPLICANTS = [  # ID number (valid GB 11643 check), name, mobile, postal address
    ("42030219900307201X", "欧阳明珠", "13907195528", "湖北省十堰市茅箭区人民南路 88 号 3 栋 2 单元 501 室"),
    ("420302198511230036", "张伟", "18672893301", "湖北省十堰市张湾区车城路 12 号"),
]


def _row(id_number: str, name: str, mobile: str, address: str, collection: str) -> OnlineApplicationRow:
    applicant = {"document_type": "01", "document_number": id_number, "name": name, "sex": "1", "ethnicity": "01",
                 "birth_date": id_number[6:10] + "-" + id_number[10:12] + "-" + id_number[12:14],
                 "birthplace": id_number[:6], "nationality": "CHN", "phone": mobile, "address": address,
                 "application_type": "replacement", "reason": "11"}
    identity = json.dumps({"applicant": applicant, "mobile": mobile}, ensure_ascii=False)
    return OnlineApplicationRow(
        app_id=online_apps.new_app_id(), id_index=SEAL.id_index(id_number), mobile_index=SEAL.mobile_index(mobile),
        identity=SEAL.seal_text(identity), photo=SEAL.seal(PHOTO), photo_checks=json.dumps(["face_found"]),
        application="replacement", reason="11", collection=collection,
        hall_id=None, collect_day=None,
        postal_address=SEAL.seal_text(address), postal_township="420302001",
        status=online_apps.SUBMITTED, reason_code=None, reviewed_by=None, reviewed_at=None, counter_id=None,
        issuance_id=None, card_number=None, tracking_number=None, qr_token=online_apps.new_qr_token(),
        created_at=NOW, updated_at=NOW)


def _apply(storage) -> list[OnlineApplicationRow]:
    rows = [_row(*a, collection="post") for a in APPLICANTS]
    with storage.transaction(write=True) as tx:
        for row in rows:
            online_apps.insert(tx, row)
        # a review and a counter's report write history rows too
        online_apps.set_status(tx, rows[0].app_id, online_apps.APPROVED, by_whom="admin", now=NOW)
        online_apps.set_status(tx, rows[0].app_id, online_apps.IN_PRODUCTION, by_whom="counter:CC", now=NOW,
                               detail={"issuance_id": "I-1"}, counter_id="CC", issuance_id="I-1")
    return rows


def _needles() -> dict[str, bytes]:
    found = {"JPEG magic bytes": b"\xff\xd8\xff", "JPEG as base64": base64.b64encode(PHOTO[:12]),
             "JPEG body": PHOTO[40:80]}
    for id_number, name, mobile, address in APPLICANTS:
        found |= {f"ID number {id_number}": id_number.encode("ascii"),
                  f"ID number body {id_number}": id_number[:17].encode("ascii"),
                  f"name {name} (UTF-8)": name.encode("utf-8"), f"name {name} (GBK)": name.encode("gbk"),
                  f"name {name} (JSON escape)": json.dumps(name).strip('"').encode("ascii"),
                  f"mobile {mobile}": mobile.encode("ascii"),
                  f"address {address} (UTF-8)": address.encode("utf-8")}
    return found


def _sqlite_files(url: str) -> dict[str, bytes]:
    from pathlib import Path

    database = Path(url.removeprefix("sqlite://"))
    return {f.name: f.read_bytes() for suffix in ("", "-wal", "-shm", "-journal")
            if (f := database.with_name(database.name + suffix)).exists()}


def test_no_clear_personal_data_in_the_database(storage, db_url, request):
    rows = _apply(storage)
    if storage.dialect == "sqlite":
        files = _sqlite_files(db_url)
        assert any(name.endswith("-wal") for name in files), "the test should see the data still in the WAL"
        storage.close()  # checkpoints the WAL into the file: both states are scanned
        files |= {f"{k} (closed)": v for k, v in _sqlite_files(db_url).items()}
    else:
        cluster = request.getfixturevalue("pg_cluster")
        files = {"pg_dump": cluster.dump(urlparse(db_url).path.lstrip("/"))}
    assert all(r.app_id.encode() in b"".join(files.values()) for r in rows), "the scan should see the rows"
    for what, needle in _needles().items():
        for name, data in files.items():
            assert needle not in data, f"{what} of a test applicant found in {name}"


def test_the_data_still_reads_back_under_the_seal_key(storage):
    rows = _apply(storage)
    with storage.transaction() as tx:
        [found] = online_apps.by_id_index(tx, SEAL.id_index(APPLICANTS[0][0].lower()))
    assert found.app_id == rows[0].app_id
    assert json.loads(SEAL.unseal_text(found.identity))["applicant"]["name"] == APPLICANTS[0][1]
    assert SEAL.unseal(found.photo) == PHOTO
    assert SEAL.unseal_text(found.postal_address) == APPLICANTS[0][3]
