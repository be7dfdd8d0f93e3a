"""Log lines never carry a full ID number, a mobile number or a name."""

import logging

from counter_app.logmask import mask, mask_id_number, register_sensitive
from counter_app.logsetup import configure_logging
from counter_app.paths import AppPaths


def test_id_numbers_keep_only_the_first_and_last_four_characters():
    assert mask("id=421303199003070019 ok") == "id=4213**********0019 ok"
    assert mask("11010519491231002X") == "1101**********002X"


def test_mobile_numbers_keep_prefix_and_last_four_digits():
    assert mask("tel 13800138000") == "tel 138****8000"


def test_han_text_is_masked_whatever_it_is():
    assert mask("name=张三 addr=湖北省随州市") == "name=** addr=******"
    assert mask("欧阳·娜娜") == "*****"


def test_registered_values_are_masked():
    register_sensitive("John Smith")
    assert mask("holder John Smith arrived") == "holder *** arrived"


def test_card_numbers_and_card_ids_are_not_mistaken_for_id_numbers():
    assert mask("card X00000019") == "card X00000019"
    assert mask("cid 421303D156000005ABCDEF0123456789") == "cid 421303D156000005ABCDEF0123456789"


def test_report_display_form():
    assert mask_id_number("421303199003070019") == "4213**********0019"


def test_the_log_file_holds_only_masked_text(tmp_path):
    paths = AppPaths.resolve(tmp_path).ensure()
    configure_logging(paths)
    logging.getLogger("test").warning("applicant %s %s", "张三", "421303199003070019")
    for h in logging.getLogger().handlers:
        h.flush()
    text = (paths.log_dir / "counter-app.log").read_text(encoding="utf-8")
    assert "421303199003070019" not in text and "张三" not in text
    assert "4213**********0019" in text


def test_digits_inside_a_uuid_or_digest_are_not_a_phone_number():
    # one UUID in ~100 has 11 decimal digits in a row that look like a mobile number
    uuid_like = "5f0c2d1e-8a7b-4c3d-9e2f-c13912345678"
    assert mask(uuid_like) == uuid_like
    assert mask(f"tel {13912345678}") == "tel 139****5678"
    assert mask("电话13912345678") == "**139****5678"
