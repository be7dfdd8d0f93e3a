"""Settings are declared once with defaults and stored as TOML."""

import pytest

from counter_app.settings import DECLARED, Settings


def test_a_missing_file_means_every_default(tmp_path):
    s = Settings.load(tmp_path / "none.toml")
    assert s.as_dict() == {k: v.default for k, v in DECLARED.items()}


def test_values_round_trip_through_the_file(tmp_path):
    path = tmp_path / "settings.toml"
    s = Settings.load(path)
    s.set("printer.name", "Evolis")
    s.set("card.write_retries", 5)
    s.save()
    again = Settings.load(path)
    assert again["printer.name"] == "Evolis" and again["card.write_retries"] == 5
    assert "[printer]" in path.read_text(encoding="utf-8")


def test_undeclared_keys_are_a_bug_not_a_silent_default(tmp_path):
    s = Settings.load(None)
    with pytest.raises(KeyError):
        s.get("no.such.setting")
    with pytest.raises(KeyError):
        s.set("no.such.setting", 1)


def test_unknown_keys_in_a_file_are_kept_but_ignored(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text('[future]\nflag = true\n[ui]\nlanguage = "en"\n', encoding="utf-8")
    s = Settings.load(path)
    assert s["ui.language"] == "en"
    s.save()
    assert "flag = true" in path.read_text(encoding="utf-8")
