"""``counter-app idcard read`` over the pseudo-terminal: the JSON keys, the human output, exit 0/3/1."""

import json
import subprocess
import sys

import pytest

from counter_app.idcard.model import JSON_KEYS


def _app(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "counter_app", "--data-dir", str(tmp_path / "counter"), *args],
                          capture_output=True, text=True, timeout=60)


def test_a_read_prints_exactly_the_keys(sim, tmp_path, example):
    sim.put(example["long-term"])
    proc = _app(tmp_path, "idcard", "read", "--port", sim.port, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert list(out) == list(JSON_KEYS)
    assert out == {"name": "欧阳秀英", "sex": "2", "ethnicity": "03", "birth_date": "1960-08-15",
                   "address": "湖北省赤壁市蒲圻街道河北大道一百二十号附二号", "id_number": "421281196008150026",
                   "issuer": "赤壁市公安局", "valid_from": "2012-03-01", "valid_to": "长期", "card_type": "resident"}


def test_the_port_comes_from_the_setting(sim, tmp_path, example):
    sim.put(example["rare-name"])
    (tmp_path / "counter").mkdir()
    config = tmp_path / "settings.toml"
    config.write_text(f'[idcard]\nport = "{sim.port}"\n', encoding="utf-8")
    proc = _app(tmp_path, "--config", str(config), "idcard", "read", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["name"] == "刘䶮"


@pytest.mark.parametrize("lang, words", [("zh", ("姓名", "刘䶮", "男", "汉族", "居民身份证")),
                                         ("en", ("name", "刘䶮", "male", "resident ID card"))])
def test_human_output(sim, tmp_path, example, lang, words):
    sim.put(example["rare-name"])
    proc = _app(tmp_path, "--lang", lang, "idcard", "read", "--port", sim.port)
    assert proc.returncode == 0, proc.stderr
    for word in words:
        assert word in proc.stdout
    assert "WLT" not in proc.stdout


def test_no_card_is_exit_3(sim, tmp_path):
    proc = _app(tmp_path, "idcard", "read", "--port", sim.port, "--json")
    assert proc.returncode == 3 and proc.stdout == ""
    assert "阅读器上没有证件" in proc.stderr


def test_a_card_lifted_during_the_read_is_exit_3(sim, tmp_path, example):
    sim.put(example["rare-name"])
    sim.fault("lift-mid-read")
    proc = _app(tmp_path, "--lang", "en", "idcard", "read", "--port", sim.port)
    assert proc.returncode == 3 and "lifted during the read" in proc.stderr


def test_a_reader_fault_is_exit_1(sim, tmp_path, example):
    sim.put(example["rare-name"])
    sim.fault("silent", times=0)
    proc = _app(tmp_path, "--lang", "en", "idcard", "read", "--port", sim.port, "--json")
    assert proc.returncode == 1 and "does not answer" in proc.stderr and "Traceback" not in proc.stderr
    proc = _app(tmp_path, "idcard", "read", "--port", str(tmp_path / "ttyUSB9"))
    assert proc.returncode == 1 and "idcard.port" in proc.stderr
