#!/usr/bin/env python
"""Fail when the English catalogue is incomplete, fuzzy, inconsistent or not compiled.

The `.po` files under hublocal/locale are the only source of translations: every
user-facing string is written in Spanish (es-CL) in the code, `make messages`
(makemessages + compilemessages) brings new msgids into the catalogue, and a person writes
the English msgstr in the .po itself. This script (run by `make check`, and by the test
hublocal/core/tests/test_translations.py inside the suite) reports:

- untranslated or fuzzy entries (a fuzzy entry is makemessages' guess, not a translation);
- obsolete (`#~`) entries left behind by makemessages: delete them;
- a msgstr whose placeholders (`%(name)s`, `%s`, `{name}`) differ from its msgid's, which
  would raise or show the wrong value at run time;
- a compiled .mo that is missing or does not match the .po (run `make messages`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "hublocal" / "locale"

# %(name)s / %s / %d and {name} placeholders; %% is a literal percent sign.
_PERCENT = re.compile(r"%(?:\(\w+\))?[sdifr]")
_BRACE = re.compile(r"\{\w*\}")


def _placeholders(text: str) -> list[str]:
    text = text.replace("%%", "")
    return sorted(_PERCENT.findall(text) + _BRACE.findall(text))


def find_problems() -> list[str]:
    problems: list[str] = []
    catalogues = sorted(LOCALES.glob("*/LC_MESSAGES/*.po"))
    if not catalogues:
        return ["no translation catalogue found under hublocal/locale"]
    for po_path in catalogues:
        name = po_path.relative_to(ROOT)
        po = polib.pofile(str(po_path))
        for e in po:
            if e.obsolete:
                problems.append(f"{name}: obsolete entry (delete it): {e.msgid!r}")
            elif "fuzzy" in e.flags:
                problems.append(f"{name}: fuzzy (translate and remove the flag): {e.msgid!r}")
            elif not e.translated():
                problems.append(f"{name}: untranslated: {e.msgid!r}")
            else:
                pairs = [(e.msgid, e.msgstr)] if not e.msgid_plural else []
                if e.msgid_plural:
                    pairs = [(e.msgid if k == 0 else e.msgid_plural, v) for k, v in sorted(e.msgstr_plural.items())]
                for source, translated in pairs:
                    if _placeholders(source) != _placeholders(translated):
                        problems.append(f"{name}: placeholders differ in {source!r} → {translated!r}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{mo_path.relative_to(ROOT)}: missing (run make messages)")
            continue
        mo = polib.mofile(str(mo_path))
        compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
        for e in po.translated_entries():
            if compiled.get((e.msgctxt, e.msgid)) != (e.msgstr, tuple(sorted(e.msgstr_plural.items()))):
                problems.append(f"{mo_path.relative_to(ROOT)}: stale for {e.msgid!r} (run make messages)")
                break
    return problems


def main() -> int:
    problems = find_problems()
    for line in problems[:100]:
        print(line)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print("Translations complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
