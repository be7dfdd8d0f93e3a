"""Simplified Chinese by default, English through ?lang=en (remembered) or the switch link, every word in both."""

from __future__ import annotations

import re

from citizen_portal import i18n


def test_every_word_is_in_both_languages():
    assert set(i18n.ZH) == set(i18n.EN)
    assert all(i18n.ZH[k] and i18n.EN[k] for k in i18n.ZH)


def test_every_key_the_templates_use_exists():
    from pathlib import Path

    folder = Path(i18n.__file__).parent / "templates"
    used = set()
    for path in folder.glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_0-9]+)'\s*[,)]", path.read_text("utf-8")))
    assert used and used <= set(i18n.ZH), used - set(i18n.ZH)


def test_chinese_by_default_english_when_asked_and_remembered(portal):
    r = portal.client.get("/apply/")
    assert '<html lang="zh-CN">' in r.text and "线上申办补换" in r.text
    assert 'href="/apply/?lang=en"' in r.text
    r = portal.client.get("/apply/?lang=en")
    assert '<html lang="en">' in r.text and "Apply online" in r.text
    r = portal.client.get("/apply/status")
    assert "Application progress" in r.text  # remembered by the portal_lang cookie
    r = portal.client.get("/apply/status?lang=zh")
    assert "查询办理进度" in r.text
