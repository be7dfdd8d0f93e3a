"""The counter's reading of the ledger's Application JSON, and of what the find box receives."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.domain.applicant import ApplicationType
from counter_app.domain.online_application import (
    BadOnlineApplication,
    OnlineApplication,
    ScanNotUnderstood,
    app_id_check_char,
    is_app_id,
    parse_scan,
)
from tests.online_counter.samples import app_id, application_json


def test_a_well_formed_application_is_read_and_written_back_unchanged():
    data = application_json()
    app = OnlineApplication.from_json(data)
    assert app.app_id == app_id() and app.collect_day == dt.date(2026, 12, 6)
    assert app.applicant.document_number == "421303199003070019"
    assert app.applicant.application_type is ApplicationType.REPLACEMENT
    assert app.photo_jpeg.startswith(b"\xff\xd8\xff") and app.collectable
    assert {**app.to_json(), "applicant": None} == {**data, "applicant": None}
    assert app.to_json()["applicant"] == app.applicant.to_dict()
    assert OnlineApplication.from_json(app.to_json()) == app


@pytest.mark.parametrize(("field", "value"), [
    ("app_id", "WA123"), ("app_id", None), ("qr_token", "a b"), ("application", "other"),
    ("collection", "drone"), ("status", "lost"), ("collect_day", "06.12.2026"), ("collect_day", None),
    ("applicant", "张三"), ("applicant", {"name": "张三"}), ("mobile", "12345"), ("photo_jpeg", "***"),
    ("photo_jpeg", "iVBORw0KGgo="), ("hall_id", 7), ("reason", 11),
])
def test_a_field_of_the_wrong_shape_is_refused_naming_the_field(field, value):
    with pytest.raises(BadOnlineApplication) as refused:
        OnlineApplication.from_json(application_json(**{field: value}))
    expected = "hall_id" if field == "collect_day" and value is None else field
    assert refused.value.field == expected
    assert expected in refused.value.message("zh") and expected in refused.value.message("en")
    assert "台账" in refused.value.message("zh") and "ledger" in refused.value.message("en")


def test_a_postal_application_needs_its_address_not_a_hall():
    app = OnlineApplication.from_json(application_json(collection="post", hall_id=None, collect_day=None,
                                                       postal_address="湖北省随州市曾都区青年路1号"))
    assert app.collect_day is None and not app.collectable
    with pytest.raises(BadOnlineApplication):
        OnlineApplication.from_json(application_json(collection="post", hall_id=None, collect_day=None))
    with pytest.raises(BadOnlineApplication):
        OnlineApplication.from_json(["not", "an", "object"])


def test_the_application_number_check_character_is_the_ledgers():
    # the ledger's central_ledger.online_apps makes the numbers: the counter's reimplementation agrees
    from central_ledger import online_apps
    for _ in range(200):
        number = online_apps.new_app_id()
        assert is_app_id(number) and app_id_check_char(number[2:12]) == number[12]
    assert not is_app_id("WA0000000001" + ("1" if app_id()[-1] != "1" else "2"))


def test_a_scanned_token_or_status_page_url_is_a_qr_token():
    token = "Zq3_x-9aBcDeFgHiJkLmNoPqRsTuVwXy"
    assert parse_scan(token) == ("qr_token", token)
    assert parse_scan(f"  {token}\n") == ("qr_token", token)
    assert parse_scan(f"https://portal.example.cn/apply/status?t={token}") == ("qr_token", token)
    assert parse_scan(f"http://127.0.0.1:8080/apply/s?lang=zh&t={token}") == ("qr_token", token)
    with pytest.raises(ScanNotUnderstood) as bad:
        parse_scan("https://example.cn/other?x=1")
    assert bad.value.problem.code == "online.scan_url"


def test_a_typed_application_number_and_id_number_are_told_apart():
    number = app_id("1234567890")
    assert parse_scan(number) == ("app_id", number)
    assert parse_scan(number.lower()) == ("app_id", number)
    assert parse_scan("421303199003070019") == ("id_number", "421303199003070019")
    assert parse_scan("４２１３０３１９９００３０７００１９") == ("id_number", "421303199003070019")


@pytest.mark.parametrize(("text", "code"), [
    ("", "online.scan_empty"), ("   ", "online.scan_empty"),
    ("421303199003070018", "online.id_number"),   # wrong check character
    ("hello", "online.scan_unknown"), ("张三", "online.scan_unknown"),
])
def test_what_is_not_a_scan_is_told_in_both_languages(text, code):
    with pytest.raises(ScanNotUnderstood) as bad:
        parse_scan(text)
    assert bad.value.problem.code == code
    assert bad.value.message("zh") and bad.value.message("en") and bad.value.message("zh") != bad.value.message("en")


def test_a_mistyped_application_number_is_told_not_looked_up():
    good = app_id("1234567890")
    wrong = good[:12] + ("0" if good[12] != "0" else "1")
    with pytest.raises(ScanNotUnderstood) as bad:
        parse_scan(wrong)
    assert bad.value.problem.code == "online.app_id_check" and wrong in bad.value.message("en")
