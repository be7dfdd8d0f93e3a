"""Issue 17: the log mask normalises before matching (NFKC, separators, JSON escapes) and covers the shapes
personal data takes in real log lines — each case below went through the mask unchanged before."""

from __future__ import annotations

import json
import logging

import pytest

from counter_app.logmask import mask
from counter_app.logsetup import configure_logging
from counter_app.paths import AppPaths
from tests.security.conftest import TEST_APPLICANTS

ID = TEST_APPLICANTS[0].document_number  # 18 characters, a valid resident ID number
SPACED = " ".join((ID[:6], ID[6:14], ID[14:]))
DASHED = "-".join((ID[:6], ID[6:14], ID[14:]))
FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) for c in ID)


@pytest.mark.parametrize("line, secret", [
    (f"id {SPACED} read", ID),
    (f"id {DASHED} read", ID),
    (f"id {ID[:4]} {ID[4:8]} {ID[8:12]} {ID[12:16]} {ID[16:]} read", ID),
    (f"id {FULL_WIDTH} read", FULL_WIDTH[6:14]),
    (f"id {ID[:6]}\u200b{ID[6:]} read", ID[6:14]),          # a zero-width space inside
    ("first generation 110105491231002 ok", "110105491231002"),
    ("tel +86 139 1234 5678", "1234"),
    ("tel +8613912345678", "13912345678"),
    ("tel 0086-13912345678", "13912345678"),
    ("tel 139-1234-5678", "1234"),
    ("tel １３９１２３４５６７８", "１２３４５"),
    ("office 0722-3456789", "3456789"),
    ("office (010) 87654321", "87654321"),
    ("office 010-87654321", "87654321"),
    ("passport E12345670 stored", "12345670"),
    ("passport EA1234561 stored", "1234561"),
    ("permit H12345670 stored", "12345670"),
    ("permit M1234567890 stored", "1234567890"),
    ("permit Ｈ１２３４５６７０ stored", "１２３４５６７０"),
])
def test_the_secret_is_gone(line, secret):
    out = mask(line)
    assert secret not in out.replace(" ", "").replace("-", ""), out


def test_json_escaped_chinese_is_decoded_for_matching_and_masked():
    line = "payload " + json.dumps({"name": "欧阳淑珍", "addr": "北京市东城区"})  # ensure_ascii: \\uXXXX
    assert "\\u6b27" in line
    out = mask(line)
    assert "\\u6b27" not in out and "\\u" not in out
    assert out == 'payload {"name": "****", "addr": "******"}'


def test_json_escaped_digits_are_matched_too():
    escaped = "".join(f"\\u{ord(c):04x}" for c in ID)
    assert ID[6:14] not in mask(f"id {escaped}") and "****" in mask(f"id {escaped}")


def test_what_is_outside_a_match_is_kept_exactly():
    line = "ｆｕｌｌ－ｗｉｄｔｈ text, ﬁ ligature; tel 139-1234-5678 end"
    assert mask(line) == "ｆｕｌｌ－ｗｉｄｔｈ text, ﬁ ligature; tel 139****5678 end"


@pytest.mark.parametrize("line", [
    "card X00000019 written",                                 # a card number is not a passport
    "card E00000010 and G12345678 written",                   # ... also when it starts with E or G (checksum)
    "cid 421303D156000005ABCDEF0123456789",
    "uuid 5f0c2d1e-8a7b-4c3d-9e2f-c13912345678",
    "at 2025-03-07T08:15:00.000Z seq 1234567 took 12.5 ms",
    '{"attempt":3,"locked_until":"2025-03-07 08:15:00"}',
    "digest 3f2a9c0e1b7d4a5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab",
    "user e12345670 logged in",                               # a user name (lower case), not a passport
])
def test_ids_codes_and_times_are_left_alone(line):
    assert mask(line) == line


def test_the_log_file_holds_none_of_these_forms(tmp_path):
    paths = AppPaths.resolve(tmp_path).ensure()
    configure_logging(paths)
    logging.getLogger("test").warning("holder %s %s %s %s", SPACED, FULL_WIDTH, "+86 139 1234 5678",
                                      json.dumps({"name": "欧阳淑珍"}))
    for h in logging.getLogger().handlers:
        h.flush()
    text = (paths.log_dir / "counter-app.log").read_text(encoding="utf-8")
    assert "holder" in text
    for secret in (ID[6:14], "1234 5678", "\\u6b27", FULL_WIDTH[6:14]):
        assert secret not in text


def test_a_user_name_shaped_like_a_passport_number_is_still_audited(store, operator):
    from counter_app.services.users import UserService
    from counter_app.store.audit import AuditLog

    UserService(store).add(operator, "e12345670", "clerk", password="correct horse 42")
    (entry,) = [e for e in AuditLog.entries(store.db) if e.action == "user.added"]
    assert entry.detail["username"] == "e12345670"
