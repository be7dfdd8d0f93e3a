"""Photo checks measure, never assume: what cannot be found on the finished photo is 未测量.

A face in dark glasses is found but its eyes are not: the eye rules say "not measured" and the
photo is not ok until the clerk confirms a crop by hand. A crop the face cannot be found in again
is not judged from where the crop arithmetic says the face should be. Light and sharpness are
measured in every case.
"""

from __future__ import annotations

import json

from counter_app.cli import main
from counter_app.photo import CropRect, Verdict, process_photo
from tests.support.photo_samples import demo_frame, jpeg_bytes, with_sunglasses

EYE_RULES = {"geometry.eye_x", "geometry.eye_line"}


def test_estimated_eyes_are_not_measured_and_the_photo_waits_for_confirmation():
    result = process_photo(with_sunglasses(demo_frame()))
    assert {c.code for c in result.not_measured} == EYE_RULES
    for c in result.not_measured:
        assert c.verdict is Verdict.NOT_MEASURED and c.measured is None
        assert "未测量" in c.zh and "not measured" in c.en and "confirm" in c.en
    assert not result.failures
    assert not result.ok and result.needs_confirmation
    d = result.as_dict("en")
    assert d["ok"] is False and d["needs_manual_confirmation"] is True and set(d["not_measured"]) == EYE_RULES
    assert {c["verdict"] for c in d["checks"] if c["code"] in EYE_RULES} == {"not_measured"}


def test_a_confirmed_manual_crop_is_accepted_and_stays_marked_not_measured():
    first = process_photo(with_sunglasses(demo_frame()))
    confirmed = process_photo(with_sunglasses(demo_frame()), manual_crop=first.crop, confirmed=True)
    assert confirmed.ok and confirmed.manual and confirmed.confirmed
    assert {c.code for c in confirmed.not_measured} == EYE_RULES  # still says what was not measured
    # Confirming needs a crop of one's own: the automatic crop cannot be confirmed blind.
    assert not process_photo(with_sunglasses(demo_frame()), confirmed=True).ok


def test_a_face_not_found_again_is_not_measured_but_light_and_sharpness_are():
    """A manual crop of the backdrop beside the head: no face on the output. Before, the face
    was "projected" from the source and judged there."""
    frame = demo_frame()
    result = process_photo(frame, manual_crop=CropRect(420, 0, 180, 222))
    codes = {c.code for c in result.not_measured}
    assert {"face.count", "geometry.face_width", "geometry.hair_top"} | EYE_RULES <= codes
    for code in ("exposure", "sharpness"):
        check = result.check(code)
        assert check is not None and check.verdict is not Verdict.NOT_MEASURED and check.measured is not None
    assert not result.ok


def test_the_demo_frame_is_measured_in_full():
    result = process_photo(demo_frame())
    assert result.ok and not result.not_measured and not result.needs_confirmation


def test_the_cli_says_what_was_not_measured_and_exits_3_until_confirmed(tmp_path, capsys):
    src, out = tmp_path / "glasses.jpg", tmp_path / "out.jpg"
    src.write_bytes(jpeg_bytes(with_sunglasses(demo_frame()), quality=92))
    assert main(["--lang", "en", "photo", "process", str(src), str(out), "--json"]) == 3
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["written"] is False and not out.exists()
    assert set(report["not_measured"]) == EYE_RULES and report["needs_manual_confirmation"] is True
    crop = ",".join(str(v) for v in report["crop"])

    assert main(["--lang", "en", "photo", "process", str(src), str(out)]) == 3
    text = capsys.readouterr().out
    assert "not measured" in text and "--confirm-manual-crop" in text and "nothing written" in text

    assert main(["--lang", "en", "photo", "process", str(src), str(out), "--confirm-manual-crop"]) == 2
    assert "--crop" in capsys.readouterr().err

    assert main(["--lang", "en", "photo", "process", str(src), str(out), "--json", "--crop", crop,
                 "--confirm-manual-crop"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["manual_crop_confirmed"] is True and out.exists()
    assert set(report["not_measured"]) == EYE_RULES


def test_without_any_face_the_light_and_sharpness_are_still_measured():
    from skimage import data

    result = process_photo(data.coffee())
    assert result.failures[0].code == "face.none"
    for code in ("exposure", "sharpness", "background.light", "colour"):
        assert result.check(code) is not None and result.check(code).measured is not None, code
