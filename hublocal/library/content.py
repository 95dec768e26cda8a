"""The library's editorial content as versioned data: acceptance criteria
(content/library/criteria/v<n>.yaml), the evidence scale (content/library/evidence/v<n>.yaml),
and the diagnosis dimensions resources can be mapped to (content/instruments/*/v<n>.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from hublocal.core.content import CONTENT_DIR

LIBRARY_DIR = CONTENT_DIR / "library"


def _latest(folder: Path) -> Path:
    files = sorted(folder.glob("v*.yaml"), key=lambda p: int(p.stem[1:]) if p.stem[1:].isdigit() else 0)
    if not files:
        raise FileNotFoundError(folder)
    return files[-1]


@cache
def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def criteria() -> dict[str, Any]:
    """The current acceptance criteria: {version, title, intro, criteria: [{id, title, description}]}."""
    data = _load(_latest(LIBRARY_DIR / "criteria"))
    ids = [c["id"] for c in data["criteria"]]
    if len(ids) != len(set(ids)) or not ids:
        raise ValueError("library criteria: ids must be unique and non-empty")
    return data


def evidence_scale() -> dict[str, Any]:
    """The evidence standard: {version, title, intro, levels: [{level, title, description, example}]}."""
    data = _load(_latest(LIBRARY_DIR / "evidence"))
    if [lv["level"] for lv in data["levels"]] != [1, 2, 3, 4, 5]:
        raise ValueError("library evidence scale: levels must be 1..5 in order")
    return data


def evidence_title(level: int) -> str:
    for entry in evidence_scale()["levels"]:
        if entry["level"] == level:
            return str(entry["title"])
    return ""


@cache
def dimensions() -> dict[tuple[str, str], str]:
    """(area, dimension id) → the dimension's title, from the latest version of each instrument."""
    found: dict[tuple[str, str], str] = {}
    for folder in sorted((CONTENT_DIR / "instruments").iterdir()):
        if not folder.is_dir():
            continue
        try:
            data = _load(_latest(folder))
        except FileNotFoundError:
            continue
        area = data.get("area", "")
        for dim in data.get("dimensions", []):
            found[(area, dim["id"])] = dim.get("title", dim["id"])
    return found


def dimension_choices() -> list[tuple[str, str]]:
    """Form choices "area:dimension" → "Área: dimensión"."""
    from hublocal.core.areas import Area

    areas = dict(Area.choices)
    return [(f"{a}:{d}", f"{areas.get(a, a)}: {title}") for (a, d), title in sorted(dimensions().items())]
