"""The awards' scoring rubrics: versioned YAML in content/events/rubrics/<slug>/v<n>.yaml,
validated when loaded (criteria with unique ids, positive weights adding up to 100, an integer
scale), so staff edit the data and never the code."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from django.conf import settings

SLUG = re.compile(r"^[a-z0-9-]{1,80}$")


class RubricError(ValueError):
    pass


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    description: str
    weight: int


@dataclass(frozen=True)
class Rubric:
    slug: str
    version: int
    title: str
    scale_min: int
    scale_max: int
    criteria: tuple[Criterion, ...]

    def weighted_mean(self, values: dict[str, int]) -> Decimal:
        """The weighted mean of one juror's values (on the rubric's scale), 3 decimals."""
        total = sum(Decimal(values[c.id]) * c.weight for c in self.criteria)
        return (total / Decimal(100)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def directory() -> Path:
    return Path(settings.BASE_DIR) / "content" / "events" / "rubrics"


def parse(data: object) -> Rubric:
    """A validated rubric from its YAML data. Raises RubricError saying what is wrong."""
    if not isinstance(data, dict):
        raise RubricError("the rubric must be a mapping")
    slug, version, title = data.get("slug"), data.get("version"), data.get("title")
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise RubricError("slug: lowercase letters, digits and hyphens")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RubricError("version: a positive integer")
    if not isinstance(title, str) or not title.strip():
        raise RubricError("title is required")
    scale = data.get("scale")
    if not isinstance(scale, dict):
        raise RubricError("scale: min and max are required")
    lo, hi = scale.get("min"), scale.get("max")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi)) or not lo < hi:  # type: ignore[operator]
        raise RubricError("scale: integers with min < max")
    raw = data.get("criteria")
    if not isinstance(raw, list) or not raw:
        raise RubricError("criteria: at least one")
    criteria = []
    for c in raw:
        if not isinstance(c, dict) or not isinstance(c.get("id"), str) or not isinstance(c.get("label"), str):
            raise RubricError("each criterion needs an id and a label")
        weight = c.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or weight <= 0:
            raise RubricError(f"criterion {c['id']}: weight must be a positive integer")
        criteria.append(Criterion(c["id"], c["label"], str(c.get("description") or ""), weight))
    if len({c.id for c in criteria}) != len(criteria):
        raise RubricError("criterion ids must be unique")
    if sum(c.weight for c in criteria) != 100:
        raise RubricError("weights must add up to 100")
    return Rubric(slug, version, title.strip(), int(lo), int(hi), tuple(criteria))  # type: ignore[arg-type]


@functools.cache
def load(slug: str, version: int) -> Rubric:
    """The rubric <slug> v<version>. Raises RubricError if missing or invalid."""
    if not SLUG.match(slug):
        raise RubricError("unknown rubric")
    path = directory() / slug / f"v{int(version)}.yaml"
    if not path.is_file():
        raise RubricError(f"no rubric {slug} v{version}")
    rubric = parse(yaml.safe_load(path.read_text(encoding="utf-8")))
    if rubric.slug != slug or rubric.version != version:
        raise RubricError(f"{path.name}: slug/version do not match the file's place")
    return rubric


def available() -> list[tuple[str, int]]:
    """Every (slug, version) on disk, for the staff form's choices."""
    found = []
    for path in sorted(directory().glob("*/v*.yaml")):
        try:
            found.append((path.parent.name, int(path.stem[1:])))
        except ValueError:
            continue
    return found
