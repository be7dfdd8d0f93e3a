"""``counter-app photo process IN OUT [--json]``: checks, size and dimensions; exit 0 pass, 1 fail."""

from __future__ import annotations

import json

import numpy as np
from PIL import Image

from counter_app.cli import main
from tests.support.photo_samples import jpeg_bytes, portrait


def test_a_good_photo_is_written_and_reported_as_json(tmp_path, capsys):
    src, out = tmp_path / "in.jpg", tmp_path / "out" / "photo.jpg"
    src.write_bytes(jpeg_bytes(portrait(1280)))
    assert main(["photo", "process", str(src), str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and (report["width"], report["height"]) == (358, 441)
    assert report["bytes"] == out.stat().st_size and 0 < report["chip_bytes"] <= 4096
    assert {"code", "verdict", "measured", "limit", "message"} == set(report["checks"][0])
    assert Image.open(out).size == (358, 441)


def test_a_photo_with_two_faces_exits_1_and_writes_nothing(tmp_path, capsys):
    src, out = tmp_path / "two.png", tmp_path / "out.jpg"
    Image.fromarray(np.hstack([portrait(640), portrait(640)])).save(src)
    assert main(["--lang", "en", "photo", "process", str(src), str(out)]) == 1
    text = capsys.readouterr().out
    assert "2 faces" in text and "nothing written" in text and not out.exists()


def test_a_non_image_exits_1_with_a_message_not_a_traceback(tmp_path, capsys):
    src = tmp_path / "fake.jpg"
    src.write_text("hello")
    assert main(["photo", "process", str(src), str(tmp_path / "o.jpg")]) == 1
    err = capsys.readouterr().err
    assert "不是图像" in err and "Traceback" not in err


def test_json_reports_an_unreadable_file_too(tmp_path, capsys):
    src = tmp_path / "empty.jpg"
    src.write_bytes(b"")
    assert main(["--lang", "en", "photo", "process", str(src), str(tmp_path / "o.jpg"), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["error"]["code"] == "photo.empty"
