"""English glossaries merged by scripts/translate_catalogue.py, one module per area of the site.

Each module exports TRANSLATIONS: dict[str, str | tuple[str, str]] (msgid -> msgstr, or
(singular, plural) for plural entries), following the conventions in translate_catalogue.py.
"""
