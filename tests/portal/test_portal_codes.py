"""The one-time codes: 6 digits by SMS, kept only as their HMAC, valid 10 minutes, used once; at most 5 per
mobile number in an hour; 3 wrong codes start a 15-minute cool-down in which no code is sent or accepted."""

from __future__ import annotations

from tests.portal.conftest import MOBILE, ask_code, csrf_of


def codes_sent(p) -> int:
    return sum(1 for m in p.sms.messages(MOBILE) if m["template"] == "code")


def test_a_code_is_six_digits_and_only_its_hash_is_kept(portal):
    r = ask_code(portal)
    assert r.status_code == 200 and "139****5678" in r.text
    code = portal.sms.last_code(MOBILE)
    assert len(code) == 6 and code.isdigit()
    with portal.storage.transaction() as tx:
        rows = tx.all("SELECT * FROM sms_codes")
    assert len(rows) == 1
    row = rows[0]
    assert row["purpose"] == "apply" and row["mobile_index"] == portal.seal.mobile_index(MOBILE)
    assert row["code_hash"] == portal.seal.code_hash(row["mobile_index"], code)
    assert code not in str(row) and MOBILE not in str(row)


def test_the_sixth_code_in_an_hour_is_refused_and_the_hour_after_it_is_sent(portal):
    for _ in range(5):
        assert ask_code(portal).status_code == 200
        portal.clock.advance(minutes=5)
    r = ask_code(portal)
    assert r.status_code == 429
    assert "一小时内获取验证码次数过多" in r.text
    assert codes_sent(portal) == 5
    portal.clock.advance(minutes=40)  # the first code is now more than an hour old
    assert ask_code(portal).status_code == 200
    assert codes_sent(portal) == 6


def test_the_limit_is_told_in_english_too(portal):
    for _ in range(5):
        ask_code(portal)
    portal.client.get("/apply/?lang=en")
    r = ask_code(portal)
    assert r.status_code == 429 and "Too many codes for this mobile number" in r.text


def wrong(portal, page_html: str, code: str = "000000"):
    right = portal.sms.last_code(MOBILE)
    code = code if code != right else "111111"
    return portal.client.post("/apply/verify", data={"csrf_token": csrf_of(page_html), "code": code},
                              follow_redirects=False)


def test_three_wrong_codes_start_a_cool_down_with_no_code_sent_or_accepted(portal):
    page = ask_code(portal)
    r = wrong(portal, page.text)
    assert r.status_code == 400 and "验证码不正确，还可尝试 2 次" in r.text
    r = wrong(portal, page.text)
    assert "还可尝试 1 次" in r.text
    r = wrong(portal, page.text)
    assert r.status_code == 429 and "验证码错误次数过多，请 15 分钟后再试" in r.text
    # the right code is not accepted now
    right = portal.sms.last_code(MOBILE)
    r = portal.client.post("/apply/verify", data={"csrf_token": csrf_of(page.text), "code": right},
                           follow_redirects=False)
    assert r.status_code == 429
    # nor is a new one sent
    before = codes_sent(portal)
    portal.clock.advance(minutes=5)
    r = ask_code(portal)
    assert r.status_code == 429 and "10 分钟后再试" in r.text
    assert codes_sent(portal) == before
    with portal.storage.transaction() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM sms_cooldowns")["n"] == 1
    # after the cool-down: a new code, accepted
    portal.clock.advance(minutes=11)
    page = ask_code(portal)
    assert page.status_code == 200
    r = portal.client.post("/apply/verify", data={"csrf_token": csrf_of(page.text),
                                                  "code": portal.sms.last_code(MOBILE)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/apply/form"


def test_a_new_code_does_not_reset_the_wrong_count(portal):
    page = ask_code(portal)
    wrong(portal, page.text)
    wrong(portal, page.text)
    page = ask_code(portal)
    r = wrong(portal, page.text)
    assert r.status_code == 429


def test_a_code_expires_after_ten_minutes_and_is_used_once(portal):
    page = ask_code(portal)
    code = portal.sms.last_code(MOBILE)
    portal.clock.advance(minutes=10, seconds=1)
    r = portal.client.post("/apply/verify", data={"csrf_token": csrf_of(page.text), "code": code})
    assert r.status_code == 400 and "操作已超时" in r.text  # the pending step lasts as long as the code
    page = ask_code(portal)
    code = portal.sms.last_code(MOBILE)
    pending = portal.client.cookies.get("portal_pending")
    ok = portal.client.post("/apply/verify", data={"csrf_token": csrf_of(page.text), "code": code},
                            follow_redirects=False)
    assert ok.status_code == 303
    assert portal.client.cookies.get("portal_pending") is None
    portal.client.cookies.set("portal_pending", pending, path="/apply")
    r = portal.client.post("/apply/verify", data={"csrf_token": csrf_of(page.text), "code": code})
    assert r.status_code == 400 and "验证码已失效" in r.text  # used up


def test_a_code_of_another_purpose_is_not_accepted(portal):
    from citizen_portal import codes

    codes.issue(portal.storage, portal.seal, portal.sms, MOBILE, "activate", portal.clock())
    code = portal.sms.last_code(MOBILE)
    try:
        codes.verify(portal.storage, portal.seal, MOBILE, "status", code, portal.clock())
    except codes.CodeRefused as exc:
        assert exc.key == "no_code"
    else:
        raise AssertionError("a code for another purpose was accepted")
    codes.verify(portal.storage, portal.seal, MOBILE, "activate", code, portal.clock())


def test_not_six_digits_is_told_and_not_counted(portal):
    page = ask_code(portal)
    for text in ("12345", "abcdef", "１２３４５６", ""):
        r = portal.client.post("/apply/verify", data={"csrf_token": csrf_of(page.text), "code": text})
        assert r.status_code == 400 and "6 位数字验证码" in r.text
    with portal.storage.transaction() as tx:
        assert tx.one("SELECT SUM(wrong_attempts) AS n FROM sms_codes")["n"] == 0
