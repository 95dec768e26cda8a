"""Spanish-aware text folding shared by every search in the platform."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents: "Ñuñoa" → "nunoa", "Concepción" → "concepcion"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


_ASCII_INT = re.compile(r"[0-9]{1,9}")


def ascii_int(raw: str | None) -> int | None:
    """A small non-negative integer from user input, or None. Unlike `str.isdigit()` + `int()`, it
    refuses "²" (which isdigit accepts and int rejects) and numbers too large for a database id."""
    if raw is None:
        return None
    raw = raw.strip()
    return int(raw) if _ASCII_INT.fullmatch(raw) else None
