"""`card personalize --photo` judges the photo as `photo process` does: a photo with a check that could not be
measured (a face in dark glasses: its eyes are estimated) is refused before anything is created, with the checks
named and the crop to confirm; `--crop … --confirm-manual-crop` takes it past the photo step."""

from __future__ import annotations

import json

from counter_app.cli import main
from counter_app.paths import AppPaths
from counter_app.store.database import Store
from tests.support.photo_samples import demo_frame, jpeg_bytes, with_sunglasses

REPO_APPLICANT = "tests/data/applicant.json"


def unmeasured_photo(tmp_path):
    src = tmp_path / "glasses.jpg"
    src.write_bytes(jpeg_bytes(with_sunglasses(demo_frame()), quality=92))
    return src


def issuance_count(data_dir) -> int:
    paths = AppPaths.resolve(data_dir)
    if not paths.database.exists():
        return 0
    with Store.open(paths.database) as store:
        return len(store.db.execute("SELECT id FROM issuances").fetchall())


def test_an_unmeasured_photo_is_refused_naming_the_checks_and_the_crop(tmp_path, capsys, data_dir):
    src = unmeasured_photo(tmp_path)
    assert main(["--lang", "en", "card", "personalize", "--applicant", REPO_APPLICANT, "--photo", str(src)]) == 1
    err = capsys.readouterr().err
    assert "could not be measured" in err and "eye" in err.lower()
    assert "--crop" in err and "--confirm-manual-crop" in err
    assert "Traceback" not in err
    assert issuance_count(data_dir) == 0  # nothing was created


def test_the_refusal_is_in_chinese_by_default(tmp_path, capsys):
    assert main(["card", "personalize", "--applicant", REPO_APPLICANT, "--photo", str(unmeasured_photo(tmp_path))]) == 1
    assert "未测量" in capsys.readouterr().err


def test_confirming_without_a_crop_is_refused(tmp_path, capsys):
    src = unmeasured_photo(tmp_path)
    assert main(["--lang", "en", "card", "personalize", "--applicant", REPO_APPLICANT, "--photo", str(src),
                 "--confirm-manual-crop"]) == 1
    assert "--crop" in capsys.readouterr().err


def test_a_confirmed_crop_passes_the_photo_step(tmp_path, capsys):
    """The photo step of `card personalize` alone (the chip write needs an encoder: tests/integration)."""
    from counter_app.cli.card import _process_photo

    src = unmeasured_photo(tmp_path)
    assert main(["--lang", "en", "photo", "process", str(src), str(tmp_path / "out.jpg"), "--json"]) == 3
    crop = ",".join(str(v) for v in json.loads(capsys.readouterr().out)["crop"])
    result = _process_photo(str(src), crop, confirmed=True)
    assert result.ok and result.confirmed and result.not_measured
