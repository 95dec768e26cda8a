#!/usr/bin/env python
"""Fail when the English translation is incomplete or its compiled .mo is stale.

Every user-facing string is written in Spanish (es-CL) and must have an English
translation; `make messages` regenerates and compiles the catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "hublocal" / "locale"


def main() -> int:
    problems: list[str] = []
    for po_path in sorted(LOCALES.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        for msgid in untranslated[:20]:
            problems.append(f"{po_path.relative_to(ROOT)}: untranslated: {msgid!r}")
        for msgid in fuzzy[:20]:
            problems.append(f"{po_path.relative_to(ROOT)}: fuzzy: {msgid!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{mo_path.relative_to(ROOT)}: missing (run make messages)")
            continue
        mo = polib.mofile(str(mo_path))
        compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
        for e in po.translated_entries():
            key = (e.msgctxt, e.msgid)
            if compiled.get(key) != (e.msgstr, tuple(sorted(e.msgstr_plural.items()))):
                problems.append(f"{mo_path.relative_to(ROOT)}: stale for {e.msgid!r} (run make messages)")
                break
    if not list(LOCALES.glob("*/LC_MESSAGES/*.po")):
        problems.append("no translation catalogue found under hublocal/locale")
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print("Translations complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
