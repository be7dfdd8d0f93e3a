"""One counter's state lives under one directory: --data-dir, COUNTER_APP_DATA, or the user's dirs."""

from counter_app.paths import AppPaths


def test_explicit_directory_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_DATA", str(tmp_path / "env"))
    p = AppPaths.resolve(tmp_path / "explicit")
    assert p.database == tmp_path / "explicit" / "counter.sqlite3"
    assert p.settings_file.parent == tmp_path / "explicit"
    assert p.log_dir == tmp_path / "explicit" / "logs"


def test_environment_variable_is_used_without_option(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_APP_DATA", str(tmp_path / "env"))
    assert AppPaths.resolve().data_dir == tmp_path / "env"


def test_secrets_directories_are_private(tmp_path):
    p = AppPaths.resolve(tmp_path / "c").ensure()
    assert p.keys_dir.stat().st_mode & 0o077 == 0
    assert p.data_dir.stat().st_mode & 0o077 == 0
