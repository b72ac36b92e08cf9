"""Fill empty Urdu msgstrs from translation tables, then compile the .mo (polib; no gettext needed).

usage: python scripts/fill_translations.py scripts/translations_ur/*.py
Each TABLE.py defines T = {msgid: msgstr} and optionally PLURALS = {msgid: (one, many)}.
Run `nigraan makemessages -l ur` first (from src/nigraan) to collect new msgids.
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "src/nigraan/locale/ur/LC_MESSAGES/django.po"

table: dict[str, str] = {}
plurals: dict[str, tuple[str, str]] = {}
for path in sys.argv[1:]:
    ns = runpy.run_path(path)
    table.update(ns.get("T", {}))
    plurals.update(ns.get("PLURALS", {}))

po = polib.pofile(str(PO))
po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
po.metadata["Language"] = "ur"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
missing = []
for entry in po:
    if "fuzzy" in entry.flags:  # a guess by makemessages from a similar string: never keep it
        entry.msgstr = ""
        entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
        entry.previous_msgid = None
        entry.previous_msgid_plural = (
            None  # a "#| msgid_plural" without its "#| msgid" breaks msgmerge
        )
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    if entry.msgid_plural:
        if entry.msgid in plurals and not entry.msgstr_plural.get(0):
            one, many = plurals[entry.msgid]
            entry.msgstr_plural = {0: one, 1: many}
        if not entry.msgstr_plural.get(0):
            missing.append(entry.msgid)
    else:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
        if not entry.msgstr:
            missing.append(entry.msgid)
po.save()
po.save_as_mofile(str(PO.with_suffix(".mo")))
print(f"{len(po)} entries, {len(missing)} without Urdu")
for msgid in missing:
    print("  missing:", msgid)
