"""The console is Chinese by default; ``?lang=en`` switches to English and a cookie keeps it; both languages have
every word (the templates have no English branches: they look words up in console/i18n.py)."""

from __future__ import annotations

from pathlib import Path

from central_ledger.console import i18n


def test_both_languages_have_the_same_words():
    assert set(i18n.ZH) == set(i18n.EN)
    assert all(i18n.EN[k] for k in i18n.EN)


def test_chinese_by_default_english_on_request_and_remembered(as_role):
    client = as_role("admin")
    assert "今日制卡" in client.get("/console/today").text
    r = client.get("/console/today?lang=en")
    assert "By counter" in r.text and 'lang="en"' in r.text
    assert "Counter board" in client.get("/console/counters").text  # the cookie remembers
    assert "柜台状态" in client.get("/console/counters?lang=zh").text


def test_the_login_page_in_english(anonymous):
    assert "Sign in" in anonymous.get("/console/login?lang=en").text


def test_templates_carry_no_english_text():
    for path in (Path(i18n.__file__).parent / "templates").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        for word in ("Today", "Counters", "Sign in", "Export", "Hall"):
            assert f">{word}" not in text, (path.name, word)
