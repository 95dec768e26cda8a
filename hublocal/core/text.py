"""Spanish-aware text folding shared by every search in the platform."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip accents: "Ñuñoa" → "nunoa", "Concepción" → "concepcion"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()
