"""Certificate codes: 10 characters of a 32-letter alphabet without the look-alikes 0/O and 1/I,
so a code read off paper or a phone screen is typed right. Shown in two groups ("ABCDE-FGH23").
32¹⁰ ≈ 10¹⁵ codes: guessing one that exists is hopeless."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 10
_VALID = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")
# What people type instead: separators and spaces are dropped, case is ignored.
_SEPARATORS = re.compile(r"[\s\-_.·/]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(raw: str) -> str:
    """The code as stored: upper case, without spaces or dashes. Not checked (see is_valid)."""
    return _SEPARATORS.sub("", (raw or "").strip()).upper()[: LENGTH * 3]


def is_valid(code: str) -> bool:
    """Well formed (a normalised code of the right length and alphabet), whether it exists or not."""
    return bool(_VALID.match(code))


def display(code: str) -> str:
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == LENGTH else code
