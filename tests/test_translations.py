"""Every staff-facing string has Urdu, placeholders survive translation, and the compiled
catalogue matches its source."""

from __future__ import annotations

import re
from pathlib import Path

import polib

import nigraan

PO = Path(nigraan.__file__).parent / "locale/ur/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def test_every_message_has_an_urdu_translation():
    missing = [e.msgid for e in polib.pofile(str(PO)) if not (e.msgstr or e.msgstr_plural.get(0))]
    assert missing == []


def test_placeholders_are_kept_in_urdu():
    for entry in polib.pofile(str(PO)):
        texts = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in texts:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(
                set(PLACEHOLDER.findall(entry.msgid))
            ) or set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )


def test_compiled_catalogue_matches_the_source():
    source = {e.msgid: e.msgstr for e in polib.pofile(str(PO)) if not e.msgid_plural}
    compiled = {
        e.msgid: e.msgstr for e in polib.mofile(str(PO.with_suffix(".mo"))) if not e.msgid_plural
    }
    assert compiled == source, "run scripts/fill_translations.py to recompile django.mo"
