"""The English catalogue is the only source of translations and must be complete: the suite
fails on an untranslated, fuzzy or obsolete entry, mismatched placeholders or a stale .mo."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

_SCRIPT = Path(settings.BASE_DIR) / "scripts" / "check_translations.py"


def _checker():
    spec = importlib.util.spec_from_file_location("check_translations", _SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_english_catalogue_is_complete_and_compiled():
    problems = _checker().find_problems()
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("Hola %(name)s", "Hello %(name)s", True),
        ("Hola %(name)s", "Hello %(nombre)s", False),
        ("%(count)s de %(total)s", "%(count)s of %(total)s", True),
        ("{n} archivos", "{n} files", True),
        ("{n} archivos", "files", False),
        ("100%% listo", "100%% ready", True),
    ],
)
def test_placeholder_mismatch_is_reported(tmp_path, monkeypatch, msgid, msgstr, ok):
    checker = _checker()
    locale_dir = tmp_path / "hublocal" / "locale" / "en" / "LC_MESSAGES"
    locale_dir.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(locale_dir / "django.po"))
    po.save_as_mofile(str(locale_dir / "django.mo"))
    monkeypatch.setattr(checker, "ROOT", tmp_path)
    monkeypatch.setattr(checker, "LOCALES", tmp_path / "hublocal" / "locale")
    problems = checker.find_problems()
    assert (not problems) is ok, problems


def test_fuzzy_untranslated_and_obsolete_entries_are_reported(tmp_path, monkeypatch):
    checker = _checker()
    locale_dir = tmp_path / "hublocal" / "locale" / "en" / "LC_MESSAGES"
    locale_dir.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Guardar", msgstr="Save", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Cancelar", msgstr=""))
    po.append(polib.POEntry(msgid="Viejo", msgstr="Old", obsolete=True))
    po.save(str(locale_dir / "django.po"))
    po.save_as_mofile(str(locale_dir / "django.mo"))
    monkeypatch.setattr(checker, "ROOT", tmp_path)
    monkeypatch.setattr(checker, "LOCALES", tmp_path / "hublocal" / "locale")
    text = "\n".join(checker.find_problems())
    assert "fuzzy" in text and "'Guardar'" in text
    assert "untranslated" in text and "'Cancelar'" in text
    assert "obsolete" in text and "'Viejo'" in text


def test_english_is_served_from_the_catalogue():
    with translation.override("en"):
        assert translation.gettext("Mi cuenta") == "My account"
